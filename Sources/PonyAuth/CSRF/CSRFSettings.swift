public import PonyWeb

/// The CSRF settings, with Django's names and defaults (`CSRF_*`).
public struct CSRFSettings: Sendable {
    /// `CSRF_COOKIE_NAME`: `csrftoken`.
    public var cookieName: String
    /// `CSRF_COOKIE_AGE`: a year, in seconds.
    public var cookieAge: Int
    /// `CSRF_COOKIE_DOMAIN`.
    public var cookieDomain: String?
    /// `CSRF_COOKIE_PATH`.
    public var cookiePath: String
    /// `CSRF_COOKIE_SECURE`; `nil` decides per request (secure over HTTPS).
    public var cookieSecure: Bool?
    /// `CSRF_COOKIE_HTTPONLY`: off, so that JavaScript can read the token for its header.
    public var cookieHTTPOnly: Bool
    /// `CSRF_COOKIE_SAMESITE`.
    public var cookieSameSite: SameSite?
    /// `CSRF_HEADER_NAME`: the header JavaScript sends the token in (`X-CSRFToken`).
    public var headerName: String
    /// `CSRF_TRUSTED_ORIGINS`: origins other than the site's own allowed to post, as
    /// `https://example.com` or `https://*.example.com`.
    public var trustedOrigins: [String]
    /// `CSRF_USE_SESSIONS`: keep the secret in the session instead of a cookie (needs the
    /// sessions app).
    public var useSessions: Bool

    /// Django's defaults, changed by any argument given.
    public init(
        cookieName: String = "csrftoken", cookieAge: Int = 31_449_600, cookieDomain: String? = nil,
        cookiePath: String = "/", cookieSecure: Bool? = nil, cookieHTTPOnly: Bool = false,
        cookieSameSite: SameSite? = .lax, headerName: String = "X-CSRFToken", trustedOrigins: [String] = [],
        useSessions: Bool = false
    ) {
        self.cookieName = cookieName
        self.cookieAge = cookieAge
        self.cookieDomain = cookieDomain
        self.cookiePath = cookiePath
        self.cookieSecure = cookieSecure
        self.cookieHTTPOnly = cookieHTTPOnly
        self.cookieSameSite = cookieSameSite
        self.headerName = headerName
        self.trustedOrigins = trustedOrigins
        self.useSessions = useSessions
    }
}

extension RouteTag {
    /// The route is not checked for CSRF (Django's `@csrf_exempt`): for webhooks and APIs
    /// authenticated by other means than cookies.
    public static let csrfExempt = RouteTag("csrf_exempt")
}
