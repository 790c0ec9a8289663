internal import PonyAuth
public import PonyWeb

/// An API key in a header, a query parameter or a cookie, checked by a closure (django-ninja's
/// `APIKeyHeader`, `APIKeyQuery` and `APIKeyCookie`).
///
/// A key in a cookie is sent by the browser on its own, so, as django-ninja does, requests
/// that change data must also pass Django's CSRF checks.
///
/// ```swift
/// let key = APIKeyAuth(.header("X-API-Key")) { key in try await Client.objects.filter("key", key).first() }
/// ```
public struct APIKeyAuth: APIAuth {
    /// Where the key is.
    public enum Location: Sendable {
        /// A request header.
        case header(String)
        /// A query parameter.
        case query(String)
        /// A cookie (with CSRF checks).
        case cookie(String)
    }

    let location: Location
    let verify: @Sendable (String) async throws -> (any Sendable)?

    /// A scheme that admits a request whose key at `location` `verify` accepts.
    public init(_ location: Location, _ verify: @escaping @Sendable (String) async throws -> (any Sendable)?) {
        self.location = location
        self.verify = verify
    }

    /// `APIKeyHeader`, `APIKeyQuery` or `APIKeyCookie`.
    public var schemeName: String {
        switch location {
        case .header: "APIKeyHeader"
        case .query: "APIKeyQuery"
        case .cookie: "APIKeyCookie"
        }
    }

    /// An OpenAPI `apiKey` scheme.
    public var securityScheme: [String: String] {
        switch location {
        case .header(let name): ["type": "apiKey", "in": "header", "name": name]
        case .query(let name): ["type": "apiKey", "in": "query", "name": name]
        case .cookie(let name): ["type": "apiKey", "in": "cookie", "name": name]
        }
    }

    /// The principal for the request's key, if `verify` accepts it.
    public func authenticate(_ request: Request) async throws -> (any Sendable)? {
        let key: String?
        switch location {
        case .header(let name): key = request.headers[name]
        case .query(let name): key = request.query[name]
        case .cookie(let name):
            key = request.cookies[name]
            if key != nil { try request.checkCSRF() }
        }
        guard let key, !key.isEmpty else { return nil }
        return try await verify(key)
    }
}
