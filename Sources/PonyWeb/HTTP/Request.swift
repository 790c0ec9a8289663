public import Foundation
internal import HTTPTypes
internal import NIOCore
internal import Synchronization

/// An HTTP request as a view sees it.
///
/// The body has already been read (up to the `maxBodySize` setting), so views can decode
/// it synchronously; a `multipart/form-data` body has been parsed into ``form`` and
/// ``files`` on the way, with its files in temporary files when large.
///
/// ```swift
/// app.post("/tasks") { request in
///     let task = try request.decode(NewTask.self)     // JSON or form body
///     let page = request.query["page"] ?? "1"         // ?page=2
///     let id: Int = try request.parameter("pk")       // from "<int:pk>"
///     ...
/// }
/// ```
public struct Request: Sendable {
    /// The request method; `HEAD` requests are routed as `GET`.
    public let method: HTTPMethod
    /// The percent-decoded path, always starting with "/".
    public let path: String
    /// The path and query string as sent by the client (still percent-encoded).
    public let target: String
    /// The raw query string without "?", or "" when there is none.
    public let queryString: String
    /// The query parameters (`request.GET` in Django).
    public let query: QueryDict
    /// The request headers.
    public let headers: Headers
    /// The raw body bytes. Empty for a `multipart/form-data` body that the server read as it
    /// arrived (its fields and files are in ``form`` and ``files``), as Django's `request.body`
    /// is not there once `request.POST` has read an upload.
    public internal(set) var body: [UInt8]
    /// Whether the server has already made the checks of ``Site/refusal(for:bodySize:)``.
    var isPrechecked = false
    /// The client's IP address, when known: the peer's, or behind a proxy listed in
    /// ``Settings/trustedProxies``, the one its `X-Forwarded-For` names.
    public var clientAddress: String? {
        let peer = explicitClientAddress ?? connection?.remoteAddress?.ipAddress
        guard let trusted = site?.settings.trustedProxies, !trusted.isEmpty, let peer else { return peer }
        return Request.forwardedClient(peer: peer, headers.values(for: "X-Forwarded-For"), trusted: trusted)
    }
    let explicitClientAddress: String?
    /// The values captured by the URL pattern, such as `pk` in `"<int:pk>/"`.
    public internal(set) var parameters: Parameters = Parameters()
    /// The route that matched this request, once URL resolution has run.
    public internal(set) var route: ResolvedRoute?
    /// Values attached by middleware; see ``RequestStorageKey``.
    public var storage = RequestStorage()
    /// The site that is handling the request (its resolver and templates).
    package var site: Site?
    /// The settings of the site handling the request (`nil` before a site has it).
    package var settings: ResolvedSettings? { site?.settings }
    /// The connection, for ``clientAddress``; read lazily because it takes a lock.
    var connection: (any Channel)?

    /// Creates a request; the server and the test client use this.
    ///
    /// Throws 400 for a path that is not UTF-8 once decoded or holds a NUL, a repeated `Host`
    /// header, and a query string of more than `maximumFields` parameters.
    package init(
        method: HTTPMethod,
        target: String,
        headers: Headers,
        body: [UInt8] = [],
        clientAddress: String? = nil,
        authority: String? = nil,
        maximumFields: Int = 1000
    ) throws(HTTPError) {
        self.authority = authority
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.explicitClientAddress = clientAddress
        let rawPath: Substring
        // NB: on the bytes: a `Character` search of the target was 0.6% of a request's CPU time.
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = target[..<mark]
            queryString = String(target[target.index(after: mark)...])
            query = try QueryDict(parsing: queryString, maximumFields: maximumFields)
        } else {
            rawPath = Substring(target)
            queryString = ""
            query = QueryDict()
        }
        guard let decoded = PercentEncoding.decode(rawPath) else {
            throw HTTPError(.badRequest, "The request path is not valid UTF-8 once percent-decoded.")
        }
        guard !decoded.utf8.contains(0) else {
            throw HTTPError(.badRequest, "The request path contains a NUL byte.")
        }
        path = decoded.utf8.first == UInt8(ascii: "/") ? decoded : "/" + decoded
        // Two Host headers could pass the host check with one and build URLs with the other
        // (HTTP/1.1 parsing moves the first into `authority`).
        guard headers.count(of: "Host") + (authority == nil ? 0 : 1) <= 1 else {
            throw HTTPError(.badRequest, "The request has more than one Host header.")
        }
        // NB: only form requests get a cache: a GET allocates nothing for a form it lacks.
        // NB: read once: the server, the body limit and the view's decoding all ask.
        contentType = headers[field: .contentType].map(Self.mediaType)
        let isForm = contentType == "application/x-www-form-urlencoded" || contentType == "multipart/form-data"
        formCache = isForm ? FormCache(maximumFields: maximumFields) : nil
        cookieCache = headers[field: .cookie] != nil ? CookieCache() : nil
    }

    /// The `Host` header's value (or with ``Settings/useXForwardedHost``, the
    /// `X-Forwarded-Host` header's, when there is one), without validation; see
    /// ``Settings/allowedHosts``.
    public var host: String? {
        if let site, site.settings.useXForwardedHost {
            // NB: several headers are joined, as a WSGI server joins them, and fail the check.
            let forwarded = headers.values(for: "X-Forwarded-Host")
            if !forwarded.isEmpty { return forwarded.joined(separator: ",") }
        }
        return authority ?? headers["Host"]
    }
    /// The host as HTTP/1.1 parsing delivered it (HTTP types keep it apart from the headers).
    let authority: String?

    /// Whether the request came over HTTPS (Django's `is_secure`). Pony itself serves plain
    /// HTTP, so this is true only behind a proxy named by ``Settings/secureProxySSLHeader``
    /// whose header says so.
    public var isSecure: Bool {
        guard let proxy = site?.settings.secureProxySSLHeader, let value = headers[proxy.name] else { return false }
        return value.split(separator: ",", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) == proxy.value
    }

    /// The `Content-Type` media type without parameters, lower-cased (`"application/json"`).
    public let contentType: String?

    /// `value` up to its first `;`, without surrounding blanks, lower-cased.
    ///
    /// NB: on the bytes rather than through Foundation's `trimmingCharacters`: every form
    /// or JSON request asks, and the Foundation path cost an eighth of a POST's CPU time.
    static func mediaType(_ value: String) -> String {
        let isPlain = value.utf8.allSatisfy {
            $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 &- 0x41 >= 26
        }
        if isPlain { return value }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let type = value.utf8.prefix { $0 != UInt8(ascii: ";") }
        let start = type.firstIndex { !isBlank($0) } ?? type.endIndex
        let end = type.lastIndex { !isBlank($0) }.map(type.index(after:)) ?? start
        // NB: ASCII letters only, as media types are ASCII (`&-` wraps the rest past 26).
        return String(decoding: type[start..<end].lazy.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The body decoded as UTF-8 text (invalid bytes become U+FFFD).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The cookies the client sent, by name (the last one wins for repeated names).
    public var cookies: [String: String] {
        cookieCache?.value { Cookies.parse(headers.values(for: "Cookie")) } ?? [:]
    }
    /// The parsed cookies, shared by the request's copies (sessions, CSRF and messages all
    /// read them); `nil` without a `Cookie` header.
    let cookieCache: CookieCache?

    /// The form fields of an `application/x-www-form-urlencoded` or `multipart/form-data`
    /// body (`request.POST` in Django).
    ///
    /// Empty when the body has another content type. Throws 400 when the body has more fields
    /// than ``Settings/dataUploadMaxNumberFields`` (Django's `TooManyFieldsSent`) or is
    /// malformed multipart.
    // NB: parsed on first use and then kept, as Django caches `request.POST`: routes that
    // never read a form pay nothing for one, and views that read several fields parse once.
    // The server reads multipart bodies as they arrive instead, and fills the cache then.
    public var form: QueryDict {
        get throws(HTTPError) { try formBody.fields }
    }

    /// The files of a `multipart/form-data` body by field name (`request.FILES` in Django);
    /// empty for other bodies. See ``UploadedFile``.
    public var files: UploadedFiles {
        get throws(HTTPError) { try formBody.files }
    }

    private var formBody: FormBody {
        get throws(HTTPError) {
            guard let formCache else { return FormBody() }
            return try formCache.value { () throws(HTTPError) -> FormBody in
                guard contentType == "multipart/form-data" else {
                    let text = String(decoding: body, as: UTF8.self)
                    return FormBody(fields: try QueryDict(parsing: text, maximumFields: formCache.maximumFields))
                }
                var limits = site?.settings.uploadLimits ?? UploadLimits()
                limits.maximumFields = formCache.maximumFields
                var reader = try MultipartFormReader(contentType: headers["Content-Type"] ?? "", limits: limits)
                try reader.consume(body)
                let (fields, files) = try reader.finish()
                return FormBody(fields: fields, files: files)
            }
        }
    }

    /// Keeps a multipart body the server has read as it arrived.
    package func storeForm(fields: QueryDict, files: UploadedFiles) {
        _ = try? formCache?.value { () throws(HTTPError) in FormBody(fields: fields, files: files) }
    }

    let formCache: FormCache?

    /// Decodes the body into `type`: JSON for `application/json`, form fields for
    /// `application/x-www-form-urlencoded`.
    ///
    /// Throws ``HTTPError`` with status 400 (bad JSON, missing field) or 415 (another
    /// content type), so a view can let the error propagate and the client gets a clear 4xx.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(HTTPError) -> T {
        switch contentType {
        case "application/x-www-form-urlencoded", "multipart/form-data":
            return try FormDecoding.decode(type, from: try form)
        case "application/json", nil:
            do {
                return try JSONDecoder().decode(type, from: Data(body))
            } catch let error as DecodingError {
                throw HTTPError(.badRequest, "Invalid JSON body: \(DecodingErrorDescription(error))")
            } catch {
                throw HTTPError(.badRequest, "Invalid JSON body: \(error)")
            }
        case let other?:
            throw HTTPError(
                .unsupportedMediaType,
                "Cannot decode a \(other) body; send application/json or application/x-www-form-urlencoded."
            )
        }
    }

    /// The path parameter `name` converted to `T`, such as `let pk: Int = try request.parameter("pk")`.
    ///
    /// Throws when the route has no such parameter (a mistake in the view) or the value does
    /// not convert (a 404, as when a Django converter does not match).
    public func parameter<T: PathParameterValue>(_ name: String, as type: T.Type = T.self) throws(HTTPError) -> T {
        guard let raw = parameters[name] else {
            let known = parameters.names.isEmpty ? "none" : parameters.names.joined(separator: ", ")
            throw HTTPError(
                .internalServerError,
                "The route has no path parameter \"\(name)\" (it has: \(known))."
            )
        }
        guard let value = T(pathParameter: raw) else {
            throw HTTPError(.notFound, "\"\(raw)\" is not a valid \(T.self) for path parameter \"\(name)\".")
        }
        return value
    }
}

/// The values a URL pattern captured, as text, in pattern order.
public struct Parameters: Sendable, Sequence {
    struct Pair: Sendable {
        var name: String
        var value: String
    }
    var pairs: [Pair] = []

    /// The captured text for `name`, or `nil`.
    public subscript(name: String) -> String? { pairs.first(where: { $0.name == name })?.value }
    /// The parameter names in pattern order.
    public var names: [String] { pairs.map(\.name) }
    /// Iterates `(name, value)` pairs.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        pairs.map { (name: $0.name, value: $0.value) }.makeIterator()
    }
}

/// A type a path parameter can be converted to with ``Request/parameter(_:as:)``.
public protocol PathParameterValue {
    /// Converts captured text; `nil` when it does not represent a value.
    init?(pathParameter text: String)
}

extension String: PathParameterValue {
    /// The text itself.
    public init?(pathParameter text: String) { self = text }
}
extension Int: PathParameterValue {
    /// The decimal integer; `nil` on overflow.
    public init?(pathParameter text: String) { self.init(text) }
}
extension Int64: PathParameterValue {
    /// The decimal integer; `nil` on overflow.
    public init?(pathParameter text: String) { self.init(text) }
}
extension Double: PathParameterValue {
    /// The decimal number.
    public init?(pathParameter text: String) { self.init(text) }
}
extension UUID: PathParameterValue {
    /// The UUID in its 8-4-4-4-12 hexadecimal form.
    public init?(pathParameter text: String) { self.init(uuidString: text) }
}

/// The parsed cookies of one request, parsed once.
final class CookieCache: Sendable {
    private let parsed = Mutex<[String: String]?>(nil)

    func value(_ parse: () -> [String: String]) -> [String: String] {
        if let cookies = parsed.withLock({ $0 }) { return cookies }
        let cookies = parse()
        parsed.withLock { $0 = cookies }
        return cookies
    }
}

/// The fields and files of a form body.
struct FormBody: Sendable {
    var fields = QueryDict()
    var files = UploadedFiles()
}

/// The parsed form of one request, shared by its copies (a view gets the request by value).
final class FormCache: Sendable {
    let maximumFields: Int
    private let parsed = Mutex<Result<FormBody, HTTPError>?>(nil)

    init(maximumFields: Int) { self.maximumFields = maximumFields }

    /// The form `parse` gives, parsed once.
    @discardableResult
    func value(_ parse: () throws(HTTPError) -> FormBody) throws(HTTPError) -> FormBody {
        if let result = parsed.withLock({ $0 }) { return try result.get() }
        let result: Result<FormBody, HTTPError>
        do { result = .success(try parse()) } catch { result = .failure(error) }
        parsed.withLock { $0 = result }
        return try result.get()
    }
}
