internal import NIOCore
internal import PonyCrypto
internal import PonySupport

/// Django's `ConditionalGetMiddleware`: answers a GET with 304 Not Modified when the client's
/// copy is current, and gives responses an `ETag` so that it can tell.
///
/// A successful response to a GET gets an `ETag` (the MD5 of its body, as Django's) unless it
/// has one, is a stream or a file, is empty, or says `Cache-Control: no-store`. Then its
/// `ETag` and `Last-Modified` are compared with the request's `If-None-Match`,
/// `If-Modified-Since`, `If-Match` and `If-Unmodified-Since` (RFC 9110 §13.2.2): a 304 keeps
/// the headers a cache needs (`ETag`, `Last-Modified`, `Cache-Control`, `Vary`, `Expires`,
/// `Content-Location`) and the cookies; a failed `If-Match` is 412 Precondition Failed.
///
/// ```swift
/// app.middleware(ConditionalGetMiddleware())
/// ```
///
/// The view still runs and renders: this saves bandwidth, not work. Static files answer
/// conditional requests on their own.
public struct ConditionalGetMiddleware: Middleware {
    /// Creates the middleware.
    public init() {}

    /// Calls the view, then answers with 304 or 412 when the request's conditions say so.
    public func respond(to request: Request, next: Next) async throws -> Response {
        var response = try await next(request)
        // NB: as Django: too late to refuse an unsafe request, and a HEAD response has no
        // body to hash.
        guard request.method == .get else { return response }
        if response.headers["ETag"] == nil, Self.needsETag(response), let etag = Self.etag(of: response.body) {
            response.headers["ETag"] = etag
        }
        let etag = response.headers["ETag"]
        let lastModified = response.headers["Last-Modified"].flatMap(HTTPDate.parse)
        guard etag?.isEmpty == false || (lastModified ?? 0) != 0 else { return response }
        return ConditionalResponse.answer(to: request, etag: etag, lastModified: lastModified, response: response)
    }

    /// Whether `Cache-Control` allows an ETag: not when one of its directives is `no-store`.
    static func needsETag(_ response: Response) -> Bool {
        guard let cacheControl = response.headers["Cache-Control"] else { return true }
        return CacheDirective.split(cacheControl).allSatisfy { $0.lowercased() != "no-store" }
    }

    /// The quoted MD5 of a body held in memory, or `nil` for an empty body, a stream or a file.
    static func etag(of body: Response.Body) -> String? {
        guard case .buffer(let buffer) = body.storage, buffer.readableBytes > 0 else { return nil }
        var hasher = Digester<MD5>()
        buffer.withUnsafeReadableBytes { hasher.update($0) }
        return "\"" + hexString(hasher.finalize()) + "\""
    }
}
