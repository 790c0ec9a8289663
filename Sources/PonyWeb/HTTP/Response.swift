public import Foundation
internal import HTTPTypes
internal import NIOCore
internal import PonySupport

/// An HTTP response: status, headers and body.
///
/// Views usually return a `String` (an HTML page) or use a helper:
///
/// ```swift
/// return Response.json(["ok": true])
/// return Response.redirect(to: "/done/")
/// var response = Response.text("pong")
/// response.setCookie("theme", "dark")
/// return response
/// ```
public struct Response: Sendable {
    /// The status code.
    public var status: HTTPStatus
    /// The response headers.
    public var headers: Headers
    /// The body.
    public var body: Body {
        didSet { pendingBody = nil }
    }
    /// The final body of a page whose template reached relations that were not loaded: it
    /// loads them and renders again (see ``render(_:_:_:status:)``). The site runs it as the
    /// view returns, before middleware sees the response; a body set meanwhile replaces it.
    var pendingBody: (@Sendable () async throws -> String)?
    /// Why a redirect made by ``redirect(to:permanent:status:)`` is unsafe (Django's
    /// `DisallowedRedirect`), or `nil`; the site answers such a response with 400.
    var disallowedRedirect: String?

    /// Creates a response.
    public init(status: HTTPStatus = .ok, headers: Headers = [:], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Renders the rest of a page (``pendingBody``), if there is any.
    package mutating func finishBody() async throws {
        guard let pendingBody else { return }
        body = .text(try await pendingBody())
    }

    /// An HTML page (`text/html; charset=utf-8`).
    public static func html(_ html: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: Headers(fields: ContentTypes.html), body: .text(html))
    }

    /// Plain text (`text/plain; charset=utf-8`).
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: Headers(fields: ContentTypes.text), body: .text(text))
    }

    /// A JSON document encoded from `value` (`application/json`).
    ///
    /// Keys are sorted so that responses are stable; pass an encoder to change that.
    /// With the default encoder, Pony's own writes the bytes (the same bytes as
    /// ``defaultJSONEncoder``, several times faster); any other `JSONEncoder` is used as given.
    public static func json(
        _ value: some Encodable,
        status: HTTPStatus = .ok,
        encoder: JSONEncoder = Response.defaultJSONEncoder
    ) throws -> Response {
        let body =
            encoder === defaultJSONEncoder
            ? ByteBuffer(bytes: try CompactJSONEncoder.encode(value)) : ByteBuffer(bytes: try encoder.encode(value))
        return Response(status: status, headers: Headers(fields: ContentTypes.json), body: Body(storage: .buffer(body)))
    }

    /// A JSON document already encoded (`application/json`).
    public static func json(encoded bytes: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(
            status: status, headers: Headers(fields: ContentTypes.json),
            body: Body(storage: .buffer(ByteBuffer(bytes: bytes))))
    }

    /// The encoding ``json(_:status:encoder:)`` uses unless given another encoder: sorted
    /// keys, unescaped slashes, ISO 8601 dates.
    ///
    /// Do not change its options: it stands for the built-in encoding, which ignores them; to
    /// encode otherwise, pass your own `JSONEncoder`.
    public static let defaultJSONEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// A redirect to `location`: 302 by default, 301 with `permanent`, or any 3xx `status`
    /// (303 after a POST, 307/308 to keep the method). As Django's, non-ASCII text and spaces
    /// in `location` are percent-encoded (`iri_to_uri`); `%` escapes already there are kept.
    ///
    /// As Django's `HttpResponseRedirect`, a location with a scheme other than `http`, `https`
    /// or `ftp` (`javascript:`, `data:`) or longer than 16,384 characters is refused: the site
    /// answers 400 instead (Django's `DisallowedRedirect`) and logs it. Build the `Response`
    /// with a `Location` header yourself to send another scheme (an app's `myapp://` URL).
    public static func redirect(to location: String, permanent: Bool = false, status: HTTPStatus? = nil) -> Response {
        let code = status ?? (permanent ? .movedPermanently : .found)
        var response = Response(status: code, headers: ["Location": PercentEncoding.iriToURI(location)], body: .empty)
        response.disallowedRedirect = unsafeRedirect(location)
        return response
    }

    /// Django's checks of a redirect's location, in its words, or `nil` when it is safe.
    static func unsafeRedirect(_ location: String) -> String? {
        let limit = 16_384
        if location.unicodeScalars.count > limit { return "Unsafe redirect exceeding \(limit) characters" }
        let scheme = PythonURL.split(location).scheme
        guard !scheme.isEmpty else { return nil }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scheme)
        let text = String(name)
        return ["http", "https", "ftp"].contains(text) ? nil : "Unsafe redirect to URL with protocol '\(text)'"
    }

    /// A file from disk, streamed in chunks, with its content type guessed from the extension.
    ///
    /// With `downloadName`, the browser saves it under that name (`Content-Disposition:
    /// attachment`, with RFC 6266's `filename*` for names that are not plain ASCII, as Django's
    /// `FileResponse` writes it).
    /// Throws ``HTTPError`` 404 when the file does not exist or is not a regular file.
    public static func file(
        _ path: String,
        contentType: String? = nil,
        downloadName: String? = nil
    ) throws(HTTPError) -> Response {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            throw HTTPError(.notFound, "No file at \(path).")
        }
        var headers: Headers = ["Content-Type": contentType ?? MediaTypes.guess(path: path)]
        if let modified = attributes[.modificationDate] as? Date {
            headers["Last-Modified"] = HTTPDate.format(modified)
        }
        if let downloadName { headers["Content-Disposition"] = contentDisposition(attachment: downloadName) }
        return Response(status: .ok, headers: headers, body: Body(storage: .file(path: path, offset: 0, size: size)))
    }

    /// Django's `content_disposition_header(as_attachment=True, filename)`: a quoted `filename`
    /// for printable ASCII names, else `filename*=utf-8''` with the name percent-encoded, so
    /// that any name (quotes, line breaks, non-Latin text) keeps the attachment header.
    static func contentDisposition(attachment name: String) -> String {
        if name.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "attachment; filename=\"\(quoted)\""
        }
        return "attachment; filename*=utf-8''\(PercentEncoding.encodeAttribute(name))"
    }

    /// A body streamed from an async sequence of text or byte chunks, sent as they come.
    public static func stream<Chunks: AsyncSequence & Sendable>(
        _ chunks: Chunks,
        contentType: String = "text/plain; charset=utf-8",
        status: HTTPStatus = .ok
    ) -> Response where Chunks.Element: ResponseChunk {
        Response(status: status, headers: ["Content-Type": contentType], body: .stream(chunks))
    }

    /// Server-sent events (`text/event-stream`) from an async sequence of events.
    public static func eventStream<Events: AsyncSequence & Sendable>(_ events: Events) -> Response
    where Events.Element == ServerSentEvent {
        let headers: Headers = [
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        ]
        return Response(status: .ok, headers: headers, body: .stream(events.map { $0.encoded }))
    }

    /// Adds a `Set-Cookie` header. Cookies are `HttpOnly` and `SameSite=Lax` unless you say otherwise.
    ///
    /// With `maxAge`, `expires` is written too (now plus `maxAge`), as Django's `set_cookie` does
    /// for browsers that ignore `Max-Age`.
    ///
    /// Throws a 500 ``HTTPError`` for a name that is not an RFC 6265 token, or a path or domain
    /// holding `;` or control characters (they would add attributes or headers of their own),
    /// as Python's `http.cookies` refuses such names with `CookieError`; and when both `maxAge`
    /// and `expires` are given (Django: "'expires' and 'max_age' can't be used together.").
    public mutating func setCookie(
        _ name: String,
        _ value: String,
        maxAge: Int? = nil,
        expires: Date? = nil,
        path: String = "/",
        domain: String? = nil,
        secure: Bool = false,
        httpOnly: Bool = true,
        sameSite: SameSite? = .lax
    ) throws(HTTPError) {
        try Cookies.validate(name: name, path: path, domain: domain)
        if maxAge != nil, expires != nil {
            throw HTTPError(.internalServerError, "Cookie \"\(name)\": 'expires' and 'maxAge' can't be used together.")
        }
        // NB: Double arithmetic, so no Int overflow; HTTPDate.format clamps dates past year 9999.
        let expiry = maxAge.map { Date(timeIntervalSinceNow: Double($0)) } ?? expires
        headers.add(
            "Set-Cookie",
            Cookies.header(
                name: name, value: value, maxAge: maxAge, expires: expiry, path: path, domain: domain,
                secure: secure, httpOnly: httpOnly, sameSite: sameSite
            )
        )
    }

    /// Tells the browser to drop a cookie (an expired, empty one with the same path and domain).
    public mutating func deleteCookie(_ name: String, path: String = "/", domain: String? = nil) throws(HTTPError) {
        try Cookies.validate(name: name, path: path, domain: domain)
        headers.add(
            "Set-Cookie",
            Cookies.header(
                name: name, value: "", maxAge: 0, expires: Date(timeIntervalSince1970: 0), path: path,
                domain: domain, secure: false, httpOnly: false, sameSite: nil
            )
        )
    }
}

extension Response {
    /// The content of a response.
    public struct Body: Sendable {
        enum Storage: Sendable {
            case buffer(ByteBuffer)
            case stream(@Sendable () -> AsyncThrowingStream<ByteBuffer, any Error>)
            /// `size` bytes of the file from `offset`.
            case file(path: String, offset: Int, size: Int)
        }
        let storage: Storage

        init(storage: Storage) { self.storage = storage }

        /// No body.
        public static let empty = Body(storage: .buffer(ByteBuffer()))

        /// UTF-8 text.
        public static func text(_ text: String) -> Body { Body(storage: .buffer(ByteBuffer(string: text))) }

        /// Raw bytes.
        public static func bytes(_ bytes: [UInt8]) -> Body { Body(storage: .buffer(ByteBuffer(bytes: bytes))) }

        /// Chunks from an async sequence, written as they arrive.
        public static func stream<Chunks: AsyncSequence & Sendable>(_ chunks: Chunks) -> Body
        where Chunks.Element: ResponseChunk {
            Body(
                storage: .stream {
                    AsyncThrowingStream { continuation in
                        let task = Task {
                            do {
                                for try await chunk in chunks { continuation.yield(chunk.byteBuffer) }
                                continuation.finish()
                            } catch {
                                continuation.finish(throwing: error)
                            }
                        }
                        continuation.onTermination = { _ in task.cancel() }
                    }
                }
            )
        }

        /// The body's length in bytes when known before sending (text, bytes and files).
        public var count: Int? {
            switch storage {
            case .buffer(let buffer): buffer.readableBytes
            case .file(_, _, let size): size
            case .stream: nil
            }
        }

        /// The body's bytes when it is held in memory (not a stream or a file).
        package var bytes: [UInt8]? {
            if case .buffer(let buffer) = storage { return Array(buffer.readableBytesView) }
            return nil
        }

        /// The body as text when it is held in memory (not a stream or a file).
        public var text: String? {
            if case .buffer(let buffer) = storage { return String(buffer: buffer) }
            return nil
        }
    }
}

/// A chunk of a streamed response: `String`, `Substring` or `[UInt8]`.
public protocol ResponseChunk: Sendable {
    /// The chunk's bytes (used by Pony's server).
    var _bytes: [UInt8] { get }
}

extension ResponseChunk {
    var byteBuffer: ByteBuffer { ByteBuffer(bytes: _bytes) }
}

extension String: ResponseChunk {
    /// The UTF-8 bytes.
    public var _bytes: [UInt8] { Array(utf8) }
}
extension Substring: ResponseChunk {
    /// The UTF-8 bytes.
    public var _bytes: [UInt8] { Array(utf8) }
}
extension Array: ResponseChunk where Element == UInt8 {
    /// The bytes themselves.
    public var _bytes: [UInt8] { self }
}

/// One server-sent event, as in the `EventSource` browser API.
public struct ServerSentEvent: Sendable {
    /// The event data; each line becomes a `data:` line.
    public var data: String
    /// The event type (`event:`), or `nil` for the default "message".
    public var event: String?
    /// The event id (`id:`), which browsers send back in `Last-Event-ID` when reconnecting.
    public var id: String?
    /// How long the browser waits before reconnecting (`retry:`), in milliseconds.
    public var retry: Int?

    /// Creates an event.
    public init(data: String, event: String? = nil, id: String? = nil, retry: Int? = nil) {
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry
    }

    /// The event in the wire format, ending with a blank line.
    ///
    /// NB: on Unicode scalars, not `Character`s: `"\r\n"` is one `Character`, so splitting or
    /// filtering on `"\n"` would keep it, and a browser reads it (or a lone `\r`) as a line end
    /// that starts a forged field. Every CR, LF and CRLF in `data` starts a new `data:` line;
    /// they are removed from `id` and `event`, and NUL from `id` (browsers ignore such an id).
    public var encoded: String {
        var text = ""
        func clean(_ value: String, dropping extra: Unicode.Scalar? = nil) -> String {
            var cleaned = String.UnicodeScalarView()
            for scalar in value.unicodeScalars where scalar != "\n" && scalar != "\r" && scalar != extra {
                cleaned.append(scalar)
            }
            return String(cleaned)
        }
        if let id { text += "id: \(clean(id, dropping: "\0"))\n" }
        if let event { text += "event: \(clean(event))\n" }
        if let retry { text += "retry: \(retry)\n" }
        var line = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in data.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n" && previous == "\r" { continue }
            if scalar == "\n" || scalar == "\r" {
                text += "data: \(String(line))\n"
                line = String.UnicodeScalarView()
            } else {
                line.append(scalar)
            }
        }
        return text + "data: \(String(line))\n\n"
    }
}

/// A value a view can return: Pony turns it into a ``Response``.
///
/// `String` is an HTML page, ``Response`` is sent as is, and ``HTTPStatus`` is an empty
/// response with that status.
public protocol ResponseConvertible: Sendable {
    /// The response for this value.
    func makeResponse() throws -> Response
}

extension Response: ResponseConvertible {
    /// The response itself.
    public func makeResponse() -> Response { self }
}
extension String: ResponseConvertible {
    /// An HTML page with this text.
    public func makeResponse() -> Response { .html(self) }
}
extension Substring: ResponseConvertible {
    /// An HTML page with this text.
    public func makeResponse() -> Response { .html(String(self)) }
}
extension HTTPStatus: ResponseConvertible {
    /// An empty response with this status.
    public func makeResponse() -> Response { Response(status: self) }
}

extension Response.Body {
    /// Reads the whole body (streams and files included); the test client uses this.
    package func collect() async throws -> [UInt8] {
        switch storage {
        case .buffer(let buffer):
            return Array(buffer.readableBytesView)
        case .stream(let makeStream):
            var bytes: [UInt8] = []
            for try await chunk in makeStream() { bytes += chunk.readableBytesView }
            return bytes
        case .file(let path, let offset, let size):
            // NB: the file may have shrunk since the response was made.
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return Array(data.dropFirst(offset).prefix(size))
        }
    }
}

/// Header fields for the common content types, built once instead of for every response.
enum ContentTypes {
    static let html = fields("text/html; charset=utf-8")
    static let text = fields("text/plain; charset=utf-8")
    static let json = fields("application/json")

    // NB: shared by every response of the type. The first field a response adds (the security
    // headers, then Date) copies it at twice its capacity: from 4, the 7 fields of a typical
    // response fit in that one copy instead of growing it again and again.
    private static func fields(_ value: String) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(4)
        fields[.contentType] = value
        return fields
    }
}
