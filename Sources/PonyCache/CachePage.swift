import Foundation
internal import PonyCrypto
internal import PonySupport
public import PonyWeb

/// Django's `cache_page`: a view's successful responses are kept in a ``Cache`` and answered
/// from it, keyed by the absolute URL and the request headers the response's `Vary` names.
///
/// It runs inside the middleware, as Django's decorator does: a response that varies on the
/// cookie (the session middleware adds `Vary: Cookie` on the way out) is not told apart by
/// cookie unless the view says so itself (`response.headers.addVary("Cookie")`, Django's
/// `vary_on_cookie`).
public struct PageCache: Sendable {
    /// The cache pages are kept in.
    public let cache: Cache
    /// How long a page is kept, and the `max-age` its responses get.
    public let timeout: Int
    /// Told apart from other sites' pages in a shared cache (Django's `key_prefix`).
    public let keyPrefix: String
    /// The time zone named in keys, as Django names the current one (`USE_TZ`).
    public let timeZone: String
    /// Whether a response's own `max-age` sets how long it is kept (`max-age=0`: not at all),
    /// as in Django's per-site cache; ``timeout`` is then for responses without one.
    public let followsMaxAge: Bool

    /// Caches pages in `cache` for `timeout` seconds (with `followsMaxAge`, for pages that do
    /// not say how long themselves).
    public init(
        cache: Cache, timeout: Int, keyPrefix: String = "", timeZone: String = "UTC", followsMaxAge: Bool = false
    ) {
        self.cache = cache
        self.timeout = timeout
        self.keyPrefix = keyPrefix
        self.timeZone = timeZone
        self.followsMaxAge = followsMaxAge
    }

    /// A response as stored: its status, headers and body.
    struct Page: Codable {
        var status: Int
        var headers: [[String]]
        var body: Data

        init?(_ response: Response) {
            guard let bytes = response.body.bytes else { return nil }
            status = response.status.code
            headers = response.headers.map { [$0.name, $0.value] }
            body = Data(bytes)
        }

        var response: Response {
            var headers = Headers()
            for field in self.headers where field.count == 2 { headers.add(field[0], field[1]) }
            return Response(status: HTTPStatus(code: status), headers: headers, body: .bytes(Array(body)))
        }
    }

    /// The response from the cache, or `view`'s, stored when it may be (Django's
    /// `FetchFromCacheMiddleware` and `UpdateCacheMiddleware`).
    public func respond(to request: Request, _ view: (Request) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await view(request) }
        if let page = try await cached(request) { return page }
        var response = try await view(request)
        try await update(request, &response)
        return response
    }

    func cached(_ request: Request) async throws -> Response? {
        guard let headerList = try await cache.get(headerKey(request), as: [String].self) else { return nil }
        var page = try await cache.get(pageKey(request, method: "GET", headerList: headerList), as: Page.self)
        if page == nil, request.method == .head {
            page = try await cache.get(pageKey(request, method: "HEAD", headerList: headerList), as: Page.self)
        }
        guard var response = page?.response else { return nil }
        if let maxAge = response.maxAge, let expires = response.headers["Expires"].flatMap(HTTPDate.parse) {
            // NB: both come from headers a view may set to anything; no arithmetic may trap.
            let remaining = expires - Int(Date().timeIntervalSince1970.rounded(.down))
            let (age, overflow) = maxAge.subtractingReportingOverflow(remaining)
            response.headers["Age"] = String(overflow ? 0 : max(0, age))
        }
        return response
    }

    func update(_ request: Request, _ response: inout Response) async throws {
        guard response.status == .ok || response.status == .notModified, response.body.bytes != nil else { return }
        let vary = Self.varyFields(response)
        if response.headers.contains("Set-Cookie"), vary.contains("COOKIE") { return }
        let cacheControl = response.headers.values(for: "Cache-Control").joined(separator: ", ").lowercased()
        if ["private", "no-cache", "no-store"].contains(where: cacheControl.contains) { return }
        if vary.contains("*") { return }
        var timeout = self.timeout
        if followsMaxAge, let maxAge = response.maxAge {
            guard maxAge != 0 else { return }
            timeout = maxAge
        }
        response.patchResponseHeaders(timeout: timeout)
        if request.headers["Authorization"] != nil, !cacheControl.contains("public") {
            response.headers.addVary("Authorization")
        }
        guard timeout > 0, response.status == .ok, let page = Page(response) else { return }
        let key = try await learn(request, response, timeout: timeout)
        try await cache.set(key, page, timeout: .seconds(Double(timeout)))
    }

    /// Stores the headers the response varies on for the URL, and returns the page's key
    /// (Django's `learn_cache_key`).
    func learn(_ request: Request, _ response: Response, timeout: Int? = nil) async throws -> String {
        let headerList = Self.varyFields(response).map { "HTTP_" + $0 }.sorted()
        try await cache.set(headerKey(request), headerList, timeout: .seconds(Double(timeout ?? self.timeout)))
        return pageKey(request, method: request.method.rawValue, headerList: headerList)
    }

    /// The `Vary` field names, upper-cased with `_` for `-`, as Django's `learn_cache_key`.
    static func varyFields(_ response: Response) -> [String] {
        response.headers.values(for: "Vary").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "-", with: "_") }
            .filter { !$0.isEmpty }
    }

    /// Django's `_generate_cache_header_key`.
    func headerKey(_ request: Request) -> String {
        "views.decorators.cache.cache_header.\(keyPrefix).\(Self.md5(request.absoluteURI())).\(timeZone)"
    }

    /// Django's `_generate_cache_key`: the method, the URL, and the values of the listed
    /// headers (an absent one marked apart from an empty one).
    func pageKey(_ request: Request, method: String, headerList: [String]) -> String {
        var hasher = Digester<MD5>()
        for name in headerList {
            // NB: Django reads `request.META`, where Content-Type and Content-Length have no
            // HTTP_ prefix: listed with one, as `learn_cache_key` lists them, they are absent.
            let field = name.dropFirst(5).replacingOccurrences(of: "_", with: "-")
            if let value = request.headers[field], name.hasPrefix("HTTP_"), name != "HTTP_CONTENT_TYPE",
                name != "HTTP_CONTENT_LENGTH"
            {
                hasher.update(Array(value.utf8))
            } else {
                hasher.update(Array("-,".utf8))
            }
        }
        return "views.decorators.cache.cache_page.\(keyPrefix).\(method).\(Self.md5(request.absoluteURI()))."
            + "\(hexString(hasher.finalize())).\(timeZone)"
    }

    static func md5(_ text: String) -> String { hexString(Digester<MD5>.hash(Array(text.utf8))) }
}

extension URLPattern {
    /// The pattern whose views' pages are kept in `pages` (Django's `@cache_page`).
    public func cachePage(_ pages: PageCache) -> URLPattern {
        wrappingViews { request, view in try await pages.respond(to: request, view) }
    }
}

/// Django's per-site cache (`UpdateCacheMiddleware` first in `MIDDLEWARE`,
/// `FetchFromCacheMiddleware` last): every page that may be cached is, for its own `max-age`
/// or ``PageCache/timeout``. Put it first, outside the session middleware, so that pages
/// that read the session vary on the cookie (the facade's `app.cacheSite` does).
public struct CacheMiddleware: Middleware {
    /// Where and how long pages are kept; its ``PageCache/followsMaxAge`` is set.
    public let pages: PageCache

    /// Caches pages in `cache`: for their `max-age`, else `timeout` seconds (Django's
    /// `CACHE_MIDDLEWARE_SECONDS`, 600).
    public init(cache: Cache, timeout: Int = 600, keyPrefix: String = "", timeZone: String = "UTC") {
        pages = PageCache(cache: cache, timeout: timeout, keyPrefix: keyPrefix, timeZone: timeZone, followsMaxAge: true)
    }

    /// Answers from the cache, or passes the request on and keeps the answer.
    public func respond(to request: Request, next: Next) async throws -> Response {
        try await pages.respond(to: request, next)
    }
}
