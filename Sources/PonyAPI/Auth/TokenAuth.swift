internal import PonyAuth
internal import PonyORM
public import PonyWeb

/// `Authorization: Bearer <key>` (or DRF's `Token <key>`) for a ``Token`` in the
/// `authtoken_token` table; the principal is the token's active ``PonyAuth/User``.
///
/// Needs the `authtoken` app: `app.install(.authToken())`, then `createtoken USERNAME` makes keys.
public struct TokenAuth: APIAuth {
    /// A scheme that reads tokens from the database.
    public init() {}

    /// `TokenAuth`.
    public var schemeName: String { "TokenAuth" }
    /// HTTP bearer.
    public var securityScheme: [String: String] { ["type": "http", "scheme": "bearer"] }
    /// `Bearer`.
    public var challenge: String? { "Bearer" }

    /// The token's user, if the key is a token of an active user.
    public func authenticate(_ request: Request) async throws -> (any Sendable)? {
        guard let key = bearerToken(request, schemes: ["bearer", "token"]), key.utf8.count <= 40 else { return nil }
        guard let token = try await Token.objects.filter("key", key).first(), case .integer(let id) = token.user.key,
            let user = try await User.objects.filter("id", id).first(), user.isActive
        else { return nil }
        return user
    }
}
