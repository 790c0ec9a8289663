internal import PonyAuth
public import PonyWeb

/// The signed-in user of Django's session (django-ninja's `django_auth`): the principal is the
/// ``PonyAuth/User``; requests that change data must pass Django's CSRF checks, since the
/// browser sends the session cookie on its own.
///
/// Needs the `sessions` and `auth` apps (`app.install(.auth())`).
public struct SessionAuth: APIAuth {
    let staffOnly: Bool

    /// Admits signed-in active users (staff only with `staffOnly`, ninja's `django_auth_is_staff`).
    public init(staffOnly: Bool = false) { self.staffOnly = staffOnly }

    /// `SessionAuth`.
    public var schemeName: String { staffOnly ? "SessionAuthIsStaff" : "SessionAuth" }
    /// The session cookie, as OpenAPI describes it.
    public var securityScheme: [String: String] { ["type": "apiKey", "in": "cookie", "name": "sessionid"] }

    /// The signed-in user, after the CSRF checks.
    public func authenticate(_ request: Request) async throws -> (any Sendable)? {
        let user = request.user
        guard user.isAuthenticated, user.isActive, !staffOnly || user.isStaff else { return nil }
        try request.checkCSRF()
        return user
    }
}
