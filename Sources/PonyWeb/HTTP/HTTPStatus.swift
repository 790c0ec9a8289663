/// An HTTP response status: a code and its reason phrase.
///
/// Write common ones by name (`.notFound`) or any code as an integer literal (`418`).
public struct HTTPStatus: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The three-digit status code.
    public let code: Int
    /// The reason phrase, such as "Not Found".
    public let reasonPhrase: String

    /// Creates a status; the reason phrase defaults to the standard one for the code.
    public init(code: Int, reasonPhrase: String? = nil) {
        self.code = code
        self.reasonPhrase = reasonPhrase ?? HTTPStatus.standardReasons[code] ?? ""
    }

    /// Creates a status from an integer literal such as `404`.
    public init(integerLiteral value: Int) { self.init(code: value) }

    /// `"404 Not Found"`.
    public var description: String { reasonPhrase.isEmpty ? "\(code)" : "\(code) \(reasonPhrase)" }

    /// 200 OK
    public static let ok: HTTPStatus = 200
    /// 201 Created
    public static let created: HTTPStatus = 201
    /// 202 Accepted
    public static let accepted: HTTPStatus = 202
    /// 204 No Content
    public static let noContent: HTTPStatus = 204
    /// 206 Partial Content
    public static let partialContent: HTTPStatus = 206
    /// 301 Moved Permanently
    public static let movedPermanently: HTTPStatus = 301
    /// 302 Found
    public static let found: HTTPStatus = 302
    /// 303 See Other
    public static let seeOther: HTTPStatus = 303
    /// 304 Not Modified
    public static let notModified: HTTPStatus = 304
    /// 307 Temporary Redirect
    public static let temporaryRedirect: HTTPStatus = 307
    /// 308 Permanent Redirect
    public static let permanentRedirect: HTTPStatus = 308
    /// 400 Bad Request
    public static let badRequest: HTTPStatus = 400
    /// 401 Unauthorized
    public static let unauthorized: HTTPStatus = 401
    /// 403 Forbidden
    public static let forbidden: HTTPStatus = 403
    /// 404 Not Found
    public static let notFound: HTTPStatus = 404
    /// 405 Method Not Allowed
    public static let methodNotAllowed: HTTPStatus = 405
    /// 408 Request Timeout
    public static let requestTimeout: HTTPStatus = 408
    /// 409 Conflict
    public static let conflict: HTTPStatus = 409
    /// 410 Gone
    public static let gone: HTTPStatus = 410
    /// 412 Precondition Failed
    public static let preconditionFailed: HTTPStatus = 412
    /// 413 Content Too Large
    public static let contentTooLarge: HTTPStatus = 413
    /// 414 URI Too Long
    public static let uriTooLong: HTTPStatus = 414
    /// 415 Unsupported Media Type
    public static let unsupportedMediaType: HTTPStatus = 415
    /// 416 Range Not Satisfiable
    public static let rangeNotSatisfiable: HTTPStatus = 416
    /// 422 Unprocessable Content
    public static let unprocessableContent: HTTPStatus = 422
    /// 429 Too Many Requests
    public static let tooManyRequests: HTTPStatus = 429
    /// 431 Request Header Fields Too Large
    public static let requestHeaderFieldsTooLarge: HTTPStatus = 431
    /// 500 Internal Server Error
    public static let internalServerError: HTTPStatus = 500
    /// 503 Service Unavailable
    public static let serviceUnavailable: HTTPStatus = 503

    static let standardReasons: [Int: String] = [
        100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted",
        204: "No Content", 206: "Partial Content", 301: "Moved Permanently", 302: "Found",
        303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict",
        410: "Gone", 411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
        414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
        418: "I'm a teapot", 422: "Unprocessable Content", 429: "Too Many Requests",
        431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
        502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
    ]
}
