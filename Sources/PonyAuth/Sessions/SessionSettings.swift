public import PonyCache
public import PonyWeb

/// Where sessions are kept.
public enum SessionEngine: Sendable {
    /// Rows of Django's `django_session` table (Django's default `db` engine).
    case database
    /// The data itself, signed, in the cookie (Django's `signed_cookies` engine): no table,
    /// but the client can read the data, and a cookie holds at most about 4 kB.
    case signedCookies
    /// A cache only (Django's `cache` engine with `SESSION_CACHE_ALIAS`): fast, but a
    /// session lasts only as long as the cache keeps it. Give it a shared cache (Redis).
    case cache(Cache)
    /// The database, read through a cache (Django's `cached_db`): each visit reads the cache
    /// and falls back to the table, and sessions outlive the cache.
    case cachedDatabase(Cache)
}

/// The session settings, with Django's names and defaults (`SESSION_*`).
public struct SessionSettings: Sendable {
    /// `SESSION_ENGINE`.
    public var engine: SessionEngine
    /// `SESSION_COOKIE_NAME`: `sessionid`.
    public var cookieName: String
    /// `SESSION_COOKIE_AGE`: two weeks, in seconds.
    public var cookieAge: Int
    /// `SESSION_EXPIRE_AT_BROWSER_CLOSE`.
    public var expireAtBrowserClose: Bool
    /// `SESSION_SAVE_EVERY_REQUEST`: refresh the expiry on every request, not only on changes.
    public var saveEveryRequest: Bool
    /// `SESSION_COOKIE_DOMAIN`.
    public var cookieDomain: String?
    /// `SESSION_COOKIE_PATH`.
    public var cookiePath: String
    /// `SESSION_COOKIE_SECURE`: send the cookie over HTTPS only. `nil` decides per request:
    /// secure when the request came over HTTPS.
    public var cookieSecure: Bool?
    /// `SESSION_COOKIE_HTTPONLY`.
    public var cookieHTTPOnly: Bool
    /// `SESSION_COOKIE_SAMESITE`.
    public var cookieSameSite: SameSite?

    /// Django's defaults, changed by any argument given.
    public init(
        engine: SessionEngine = .database, cookieName: String = "sessionid", cookieAge: Int = 1_209_600,
        expireAtBrowserClose: Bool = false, saveEveryRequest: Bool = false, cookieDomain: String? = nil,
        cookiePath: String = "/", cookieSecure: Bool? = nil, cookieHTTPOnly: Bool = true,
        cookieSameSite: SameSite? = .lax
    ) {
        self.engine = engine
        self.cookieName = cookieName
        self.cookieAge = cookieAge
        self.expireAtBrowserClose = expireAtBrowserClose
        self.saveEveryRequest = saveEveryRequest
        self.cookieDomain = cookieDomain
        self.cookiePath = cookiePath
        self.cookieSecure = cookieSecure
        self.cookieHTTPOnly = cookieHTTPOnly
        self.cookieSameSite = cookieSameSite
    }
}

extension SessionSettings {
    /// Django's deployment checks of the session cookie: not always `Secure`
    /// (`security.W012`), or readable from JavaScript (`security.W015`).
    var deploymentProblems: [ConfigurationError] {
        var problems: [ConfigurationError] = []
        if cookieSecure != true {
            problems.append(
                ConfigurationError(
                    "The session cookie is not always Secure (SESSION_COOKIE_SECURE): it is marked Secure only on"
                        + " requests that came over HTTPS. Install .sessions(SessionSettings(cookieSecure: true)) so"
                        + " that it never travels over plain HTTP, where it could be sniffed and the session taken.",
                    id: "security.W012", level: .warning))
        }
        if !cookieHTTPOnly {
            problems.append(
                ConfigurationError(
                    "The session cookie is not HttpOnly (SESSION_COOKIE_HTTPONLY): JavaScript can read it, so a"
                        + " cross-site scripting hole could steal sessions. Leave cookieHTTPOnly on.",
                    id: "security.W015", level: .warning))
        }
        if case .cache(let cache) = engine, case .locMem = cache.backend {
            problems.append(
                ConfigurationError(
                    "Sessions live in a local-memory cache (SESSION_ENGINE \"cache\"): each worker process has its"
                        + " own, so a visitor is logged out whenever another worker answers, and every restart ends"
                        + " all sessions. Use a shared cache (Cache(.redis(…))) or .cachedDatabase.",
                    id: "sessions.W001", level: .warning))
        }
        return problems
    }
}
