/// An error that becomes an HTTP error response, like Django's `Http404` or `PermissionDenied`.
///
/// Throw it from a view; Pony renders the matching error page (with the message and the
/// place it was thrown from in DEBUG, a plain page in production).
///
/// ```swift
/// guard let task = tasks[id] else { throw HTTPError.notFound("No task \(id).") }
/// ```
public struct HTTPError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The response status.
    public var status: HTTPStatus
    /// A message for developers, shown in DEBUG pages and JSON error bodies.
    public var message: String
    /// Extra headers for the response (such as `Allow` on a 405).
    public var headers: Headers
    /// Where the error was created, for DEBUG pages.
    public var file: String
    /// The line where the error was created.
    public var line: Int

    /// Creates an error with any status.
    public init(
        _ status: HTTPStatus,
        _ message: String = "",
        headers: Headers = [:],
        file: String = #filePath,
        line: Int = #line
    ) {
        self.status = status
        self.message = message.isEmpty ? status.reasonPhrase : message
        self.headers = headers
        self.file = file
        self.line = line
    }

    /// 404 Not Found (Django's `Http404`).
    public static func notFound(_ message: String = "", file: String = #filePath, line: Int = #line) -> HTTPError {
        HTTPError(.notFound, message, file: file, line: line)
    }

    /// 403 Forbidden (Django's `PermissionDenied`).
    public static func forbidden(_ message: String = "", file: String = #filePath, line: Int = #line) -> HTTPError {
        HTTPError(.forbidden, message, file: file, line: line)
    }

    /// 400 Bad Request (Django's `BadRequest`).
    public static func badRequest(_ message: String = "", file: String = #filePath, line: Int = #line) -> HTTPError {
        HTTPError(.badRequest, message, file: file, line: line)
    }

    /// `404 Not Found: message`.
    public var description: String { "\(status): \(message)" }
}
