internal import Foundation
public import PonyWeb

/// `Authorization: Bearer <token>`, checked by a closure (django-ninja's `HttpBearer`).
///
/// ```swift
/// app.api = API(auth: [BearerAuth { token in token == secret ? "admin" : nil }])
/// ```
public struct BearerAuth: APIAuth {
    let verify: @Sendable (String) async throws -> (any Sendable)?

    /// A scheme that admits a request whose bearer token `verify` accepts (returning its principal).
    public init(_ verify: @escaping @Sendable (String) async throws -> (any Sendable)?) { self.verify = verify }

    /// `BearerAuth`.
    public var schemeName: String { "BearerAuth" }
    /// HTTP bearer.
    public var securityScheme: [String: String] { ["type": "http", "scheme": "bearer"] }
    /// `Bearer`.
    public var challenge: String? { "Bearer" }

    /// The principal for the request's bearer token, if `verify` accepts it.
    public func authenticate(_ request: Request) async throws -> (any Sendable)? {
        guard let token = bearerToken(request, schemes: ["bearer"]) else { return nil }
        return try await verify(token)
    }
}

/// The credentials of `Authorization: <scheme> <credentials>` for one of `schemes` (lower case).
func bearerToken(_ request: Request, schemes: Set<String>) -> String? {
    guard let header = request.headers["Authorization"] else { return nil }
    let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    guard parts.count == 2, schemes.contains(parts[0].lowercased()) else { return nil }
    let token = parts[1].trimmingCharacters(in: .whitespaces)
    return token.isEmpty ? nil : token
}
