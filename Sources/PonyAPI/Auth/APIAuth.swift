public import PonyWeb

/// A way an API request proves who sends it (django-ninja's `auth=`): a bearer token, an API
/// key, the session, or a scheme of an app's own.
///
/// An endpoint with authentication tries each of its schemes in turn; the first that returns a
/// principal admits the request, and the handler finds it in ``PonyWeb/Request/auth``. When
/// none does, the answer is 401 `{"detail": "Unauthorized"}` with the first scheme's
/// `WWW-Authenticate` challenge. A scheme may throw an ``HTTPError`` (403) to refuse outright.
///
/// ```swift
/// struct TeamKey: APIAuth {
///     var schemeName: String { "TeamKey" }
///     var securityScheme: [String: String] { ["type": "apiKey", "in": "header", "name": "X-Team"] }
///     func authenticate(_ request: Request) async throws -> (any Sendable)? {
///         request.headers["X-Team"] == "blue" ? "blue team" : nil
///     }
/// }
/// ```
public protocol APIAuth: Sendable {
    /// The scheme's name in the OpenAPI document's `securitySchemes`.
    var schemeName: String { get }
    /// The OpenAPI security scheme (`["type": "http", "scheme": "bearer"]`).
    var securityScheme: [String: String] { get }
    /// The `WWW-Authenticate` challenge of a 401 (`Bearer`); `nil` for none.
    var challenge: String? { get }
    /// The principal the request carries (a user, a token's owner, any value), or `nil` when
    /// it carries no valid credentials for this scheme.
    func authenticate(_ request: Request) async throws -> (any Sendable)?
}

extension APIAuth {
    /// No challenge.
    public var challenge: String? { nil }
}

enum APIPrincipalKey: RequestStorageKey {
    typealias Value = any Sendable
}

extension Request {
    /// What the endpoint's authentication returned (django-ninja's `request.auth`): `nil` on an
    /// endpoint without authentication.
    public var auth: (any Sendable)? { storage[APIPrincipalKey.self] }

    /// ``auth`` as `T` (the `User` that ``TokenAuth`` and ``SessionAuth`` return); a 401 when
    /// it is something else or missing.
    public func auth<T>(as type: T.Type) throws(HTTPError) -> T {
        guard let principal = storage[APIPrincipalKey.self] as? T else {
            throw HTTPError(401, "Unauthorized")
        }
        return principal
    }
}

/// Runs `schemes` on `request`: the request with its principal, or the 401 to answer.
func authenticated(_ request: Request, _ schemes: [any APIAuth]) async throws -> Result<Request, HTTPError> {
    guard !schemes.isEmpty else { return .success(request) }
    for scheme in schemes {
        if let principal = try await scheme.authenticate(request) {
            var request = request
            request.storage[APIPrincipalKey.self] = principal
            return .success(request)
        }
    }
    var error = HTTPError(401, "Unauthorized")
    if let challenge = schemes.lazy.compactMap(\.challenge).first { error.headers["WWW-Authenticate"] = challenge }
    return .failure(error)
}
