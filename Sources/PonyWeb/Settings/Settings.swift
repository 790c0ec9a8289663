public import Foundation
internal import PonySupport

/// Whether the server runs for development (`run`) or production (`serve`).
@frozen
public enum ServerMode: String, Sendable {
    /// `pony run`: DEBUG on, any host allowed, development secret key accepted.
    case development = "run"
    /// `pony serve`: DEBUG off, `allowedHosts` and a real secret key required.
    case production = "serve"
}

/// A site's settings, with nanodjango's defaults.
///
/// Set them in `Pony(...)`; environment variables override them at start-up, so a deployment
/// can change them without editing code:
///
/// | setting | environment | default |
/// |---|---|---|
/// | ``debug`` | `PONY_DEBUG` (`1`/`0`) | on for `run`, off for `serve` |
/// | ``secretKey`` | `PONY_SECRET_KEY` | a development key, refused by `serve` |
/// | ``allowedHosts`` | `PONY_ALLOWED_HOSTS` (`a,b` or `+a,-b`) | `["*"]` for `run`, none for `serve` |
/// | ``baseDirectory`` | `PONY_BASE_DIR` | the folder of the app's file (a `pony build` executable: its own) |
/// | ``accessLog`` | `PONY_ACCESS_LOG` (`1`/`0`) | on |
/// | ``secretKeyFallbacks`` | `PONY_SECRET_KEY_FALLBACKS` (`old1,old2`) | none |
/// | ``useThousandSeparator`` | `PONY_USE_THOUSAND_SEPARATOR` (`1`/`0`) | off |
public struct Settings: Sendable {
    /// Detailed error pages; `nil` lets the mode decide (on in `run`, off in `serve`).
    public var debug: Bool?
    /// The key for signing cookies and tokens. `serve` refuses to start without a real one.
    public var secretKey: String?
    /// Host names the site answers to; `"*"` allows any, `".example.com"` a domain and its
    /// subdomains. Requests with another `Host` get 400, as in Django.
    public var allowedHosts: ListSetting<String>
    /// The folder holding the app (its file's folder for a single-file app).
    public var baseDirectory: String
    /// Redirect `/about` to `/about/` when only the latter exists (Django's `APPEND_SLASH`).
    public var appendSlash: Bool
    /// Where `static/` beside the app is served, and what `{% static %}` prefixes (Django's
    /// `STATIC_URL`).
    public var staticURL: String
    /// Where `media/` beside the app (uploaded files) is served (Django's `MEDIA_URL`).
    public var mediaURL: String
    /// Whether Pony serves `media/` itself; `nil` lets the mode decide: yes under `run`, no
    /// under `serve`, where uploads are better served by a web server or storage service (as
    /// Django's `static()` helper serves them only with DEBUG). Served uploads are sandboxed,
    /// and HTML, SVG, XML and JavaScript uploads are sent as attachments.
    public var serveMedia: Bool?
    /// The time zone templates show dates in and queries take datetimes apart in (`__year`,
    /// `__date`, `extract`, `trunc`, `dates()`), a tz database name such as `"Europe/Oslo"`
    /// (Django's `TIME_ZONE`; datetimes are stored and compared in UTC).
    public var timeZone: String
    /// The largest request body accepted, in bytes; larger ones get 413. Bodies other than
    /// `multipart/form-data` (file uploads) are also held to ``dataUploadMaxMemorySize``.
    public var maxBodySize: Int
    /// The largest body other than `multipart/form-data` accepted, in bytes (Django's
    /// `DATA_UPLOAD_MAX_MEMORY_SIZE`, 2.5 MB); larger ones get 413 before they are read.
    public var dataUploadMaxMemorySize: Int
    /// The most fields a form body or query string may have (Django's
    /// `DATA_UPLOAD_MAX_NUMBER_FIELDS`); more get 400 when the view reads them.
    public var dataUploadMaxNumberFields: Int
    /// The largest uploaded file kept in memory, in bytes (Django's
    /// `FILE_UPLOAD_MAX_MEMORY_SIZE`, 2.5 MB); larger files are written to a temporary file as
    /// they arrive.
    public var fileUploadMaxMemorySize = 2_621_440
    /// The most files a `multipart/form-data` body may hold (Django's
    /// `DATA_UPLOAD_MAX_NUMBER_FILES`); more get 400.
    public var dataUploadMaxNumberFiles = 100
    /// Where uploads too large for memory are written while a request is handled (Django's
    /// `FILE_UPLOAD_TEMP_DIR`); `nil` uses the system's temporary folder.
    public var fileUploadTemporaryDirectory: String?
    /// The most header fields a request may have; more get 431 before anything else is done.
    public var maxHeaderCount: Int
    /// The most connections served at once. A connection past the limit is answered
    /// `503 Service Unavailable` with `Retry-After: 1` and closed at once.
    public var maxConnections: Int
    /// The longest request target (path and query) accepted, in bytes; longer ones get 414.
    public var maxURLLength: Int
    /// Seconds a database statement may run before it is stopped with an error; `nil` for no
    /// limit (Django's default). SQLite stops it from a watchdog thread, PostgreSQL with its
    /// `statement_timeout`.
    public var statementTimeout: Double?
    /// Seconds a keep-alive connection may stay idle before it is closed.
    public var idleTimeout: Double
    /// Seconds a client has to send a complete request (head and body) before it is dropped.
    public var requestTimeout: Double
    /// Log one line per request (`"GET /path 200 1.2ms"`) through swift-log.
    public var accessLog: Bool?
    /// The `Referrer-Policy` header value (Django's `SECURE_REFERRER_POLICY`).
    public var referrerPolicy: String
    /// The `Cross-Origin-Opener-Policy` header value.
    public var crossOriginOpenerPolicy: String
    /// The `X-Frame-Options` header value (Django's `X_FRAME_OPTIONS`).
    public var frameOptions: String
    /// Earlier secret keys whose signatures still verify while a new key is rolled out
    /// (Django's `SECRET_KEY_FALLBACKS`); new signatures always use ``secretKey``.
    public var secretKeyFallbacks: [String] = []
    /// The header a trusted proxy sets on HTTPS requests, and its value (Django's
    /// `SECURE_PROXY_SSL_HEADER`, such as `X-Forwarded-Proto: https`). Pony serves plain HTTP,
    /// so without it no request counts as secure; set it only behind a proxy that always sets
    /// or strips the header, or clients can claim HTTPS.
    public var secureProxySSLHeader: ProxyHeader?
    /// The addresses of proxies whose `X-Forwarded-For` header names the client (gunicorn's and
    /// uvicorn's `forwarded_allow_ips`; `"*"` for any peer). A request from one of them gets
    /// as ``Request/clientAddress`` the last address in the header that is not itself a trusted
    /// proxy; from anyone else, the header is ignored, so clients cannot pick their address.
    /// `PONY_TRUSTED_PROXIES=127.0.0.1` sets it.
    public var trustedProxies: [String] = []
    /// Take a request's host from its `X-Forwarded-Host` header, when it has one, instead of
    /// `Host` (Django's `USE_X_FORWARDED_HOST`): behind a proxy that passes the client's host
    /// there. That host is then checked against ``allowedHosts`` and builds absolute URLs, as
    /// `Host` would. Set it only behind a proxy that always sets or strips the header.
    /// `PONY_USE_X_FORWARDED_HOST=1` sets it.
    public var useXForwardedHost = false
    /// Answer every request that did not come over HTTPS with a 301 to its `https://` URL
    /// (Django's `SECURE_SSL_REDIRECT`). Pony serves plain HTTP behind a TLS proxy, so this
    /// needs ``secureProxySSLHeader`` to tell HTTPS requests apart (`security.E120` without it).
    /// `PONY_SECURE_SSL_REDIRECT=1` sets it.
    public var secureSSLRedirect = false
    /// The host HTTPS redirects go to (Django's `SECURE_SSL_HOST`); `nil` keeps the request's.
    public var secureSSLHost: String?
    /// Paths never redirected to HTTPS (Django's `SECURE_REDIRECT_EXEMPT`): regular expressions
    /// searched in the path without its leading slash, such as `"^health/$"`.
    public var secureRedirectExempt: [String] = []
    /// How long browsers should reach the site over HTTPS only, in seconds (Django's
    /// `SECURE_HSTS_SECONDS`): sent as `Strict-Transport-Security` on HTTPS responses; 0 sends
    /// nothing. Start with an hour and raise it once the whole site works over HTTPS: a browser
    /// that saw the header refuses plain HTTP until it expires. `PONY_SECURE_HSTS_SECONDS` sets it.
    public var secureHSTSSeconds = 0
    /// Add `includeSubDomains` to the HSTS header (Django's `SECURE_HSTS_INCLUDE_SUBDOMAINS`).
    public var secureHSTSIncludeSubdomains = false
    /// Add `preload` to the HSTS header (Django's `SECURE_HSTS_PRELOAD`).
    public var secureHSTSPreload = false
    /// The `Content-Security-Policy` every response gets unless it sets its own (Django 6.0's
    /// `SECURE_CSP`); empty (the default) sends none. ``CSP/nonce`` in a directive becomes
    /// the request's nonce when a page used it (`<script nonce="{{ csp_nonce }}">`).
    public var secureCSP: ContentSecurityPolicy = [:]
    /// The same for `Content-Security-Policy-Report-Only` (Django's `SECURE_CSP_REPORT_ONLY`):
    /// browsers report what the policy would block, and block nothing. Try a policy here first.
    public var secureCSPReportOnly: ContentSecurityPolicy = [:]
    /// System check warnings not to report (Django's `SILENCED_SYSTEM_CHECKS`), such as
    /// `["security.W004"]` when the proxy sends HSTS itself. Errors cannot be silenced: they
    /// stop the site starting (and `serve` refuses a weak secret key or DEBUG whatever the id).
    public var silencedSystemChecks: [String] = []
    /// The database as a URL (Django's `DATABASES`, nanodjango's `SQLITE_MEMORY`):
    /// `sqlite:///db.sqlite3` (a path relative to ``baseDirectory``; four slashes for an
    /// absolute one), `sqlite://:memory:`, or `postgres://user:password@host:5432/name`.
    /// `nil` is `db.sqlite3` beside the app. `DATABASE_URL` overrides it.
    public var database: String?
    /// Where migrations are written and read (nanodjango's `MIGRATIONS_DIR`), relative to
    /// ``baseDirectory`` unless absolute. `PONY_MIGRATIONS_DIR` overrides it.
    public var migrationsDirectory = "migrations"
    /// The language of the site when a request asks for none it offers, and of text outside
    /// requests (Django's `LANGUAGE_CODE`). `PONY_LANGUAGE_CODE` overrides it.
    public var languageCode = "en-us"
    /// The languages the site offers, with their names (Django's `LANGUAGES`):
    /// `[("en", "English"), ("de", "Deutsch")]`. `nil` offers ``languageCode`` and every
    /// language with a catalog in `locale/`.
    public var languages: [(code: String, name: String)]?
    /// Folders of translation catalogs (`<folder>/<locale>/LC_MESSAGES/django.po`) read before
    /// `locale/` beside the app (Django's `LOCALE_PATHS`), relative to ``baseDirectory``
    /// unless absolute.
    public var localePaths: [String] = []
    /// Whether templates print numbers with the language's thousand separator (Django's
    /// `USE_THOUSAND_SEPARATOR`): `{{ 1234567 }}` is `1,234,567` in English, `1.234.567` in
    /// German. Off by default, as in Django. `PONY_USE_THOUSAND_SEPARATOR` (`1`/`0`)
    /// overrides it.
    public var useThousandSeparator = false

    /// A header name and the value that marks a request as HTTPS.
    public struct ProxyHeader: Sendable, Equatable {
        /// The header (`X-Forwarded-Proto`).
        public var name: String
        /// The value meaning HTTPS (`https`).
        public var value: String

        /// A header and value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The hosts allowed with DEBUG on when none are set (Django's, since CVE-2016-9014):
    /// `localhost` and its subdomains, `127.0.0.1` and `[::1]`.
    public static let developmentHosts = HostName.loopback

    /// The secret key used when none is set; `serve` refuses to start with it.
    public static let developmentSecretKey = "pony-insecure-development-key-do-not-use-in-production"

    /// Creates settings; every parameter has nanodjango's default.
    public init(
        debug: Bool? = nil,
        secretKey: String? = nil,
        allowedHosts: ListSetting<String> = .default,
        baseDirectory: String? = nil,
        appendSlash: Bool = true,
        staticURL: String = "/static/",
        mediaURL: String = "/media/",
        serveMedia: Bool? = nil,
        timeZone: String = "UTC",
        maxBodySize: Int = 10 * 1024 * 1024,
        dataUploadMaxMemorySize: Int = 2_621_440,
        dataUploadMaxNumberFields: Int = 1000,
        maxHeaderCount: Int = 100,
        maxConnections: Int = 10_000,
        maxURLLength: Int = 8 * 1024,
        statementTimeout: Double? = nil,
        idleTimeout: Double = 60,
        requestTimeout: Double = 30,
        accessLog: Bool? = nil,
        referrerPolicy: String = "same-origin",
        crossOriginOpenerPolicy: String = "same-origin",
        frameOptions: String = "DENY"
    ) {
        self.debug = debug
        self.secretKey = secretKey
        self.allowedHosts = allowedHosts
        self.baseDirectory = baseDirectory ?? FileManager.default.currentDirectoryPath
        self.appendSlash = appendSlash
        self.staticURL = staticURL
        self.mediaURL = mediaURL
        self.serveMedia = serveMedia
        self.timeZone = timeZone
        self.maxBodySize = maxBodySize
        self.dataUploadMaxMemorySize = dataUploadMaxMemorySize
        self.dataUploadMaxNumberFields = dataUploadMaxNumberFields
        self.maxHeaderCount = maxHeaderCount
        self.maxConnections = maxConnections
        self.maxURLLength = maxURLLength
        self.statementTimeout = statementTimeout
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.accessLog = accessLog
        self.referrerPolicy = referrerPolicy
        self.crossOriginOpenerPolicy = crossOriginOpenerPolicy
        self.frameOptions = frameOptions
    }

    /// These settings with `PONY_*` environment variables applied; throws on unreadable values.
    public func applyingEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> Settings {
        var settings = self
        if let enabled = try Settings.boolean(environment, "PONY_DEBUG") { settings.debug = enabled }
        if let value = environment["PONY_SECRET_KEY"], !value.isEmpty { settings.secretKey = value }
        if let value = environment["PONY_SECRET_KEY_FALLBACKS"] {
            settings.secretKeyFallbacks = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        if let value = environment["PONY_ALLOWED_HOSTS"] {
            settings.allowedHosts = settings.allowedHosts.then(.parse(environment: value))
        }
        if let value = environment["PONY_BASE_DIR"], !value.isEmpty { settings.baseDirectory = value }
        if let value = environment["DATABASE_URL"], !value.isEmpty { settings.database = value }
        if let value = environment["PONY_MIGRATIONS_DIR"], !value.isEmpty { settings.migrationsDirectory = value }
        if let value = environment["PONY_TIME_ZONE"], !value.isEmpty { settings.timeZone = value }
        if let value = environment["PONY_LANGUAGE_CODE"], !value.isEmpty { settings.languageCode = value }
        if let enabled = try Settings.boolean(environment, "PONY_USE_THOUSAND_SEPARATOR") {
            settings.useThousandSeparator = enabled
        }
        if let value = environment["PONY_STATEMENT_TIMEOUT"], !value.isEmpty {
            guard let seconds = Double(value), seconds > 0, seconds.isFinite else {
                throw ConfigurationError(
                    "PONY_STATEMENT_TIMEOUT=\"\(value)\" is not a number of seconds above 0 (such as 5 or 0.5).",
                    id: "settings.E001")
            }
            settings.statementTimeout = seconds
        }
        if let enabled = try Settings.boolean(environment, "PONY_SERVE_MEDIA") { settings.serveMedia = enabled }
        if let enabled = try Settings.boolean(environment, "PONY_ACCESS_LOG") { settings.accessLog = enabled }
        if let value = environment["PONY_TRUSTED_PROXIES"] {
            settings.trustedProxies = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        if let enabled = try Settings.boolean(environment, "PONY_USE_X_FORWARDED_HOST") {
            settings.useXForwardedHost = enabled
        }
        if let enabled = try Settings.boolean(environment, "PONY_SECURE_SSL_REDIRECT") {
            settings.secureSSLRedirect = enabled
        }
        if let value = environment["PONY_SECURE_HSTS_SECONDS"], !value.isEmpty {
            guard let seconds = Int(value), seconds >= 0 else {
                throw ConfigurationError(
                    "PONY_SECURE_HSTS_SECONDS=\"\(value)\" is not a whole number of seconds (such as 3600, or 0 for"
                        + " no HSTS).", id: "settings.E001")
            }
            settings.secureHSTSSeconds = seconds
        }
        if let value = environment["PONY_SECURE_PROXY_SSL_HEADER"], !value.isEmpty {
            let parts = value.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError(
                    "PONY_SECURE_PROXY_SSL_HEADER=\"\(value)\" is not a header and value: write it as"
                        + " \"X-Forwarded-Proto: https\".", id: "settings.E001")
            }
            settings.secureProxySSLHeader = ProxyHeader(name: parts[0], value: parts[1])
        }
        return settings
    }

    static func slashed(_ prefix: String) -> String {
        var prefix = prefix
        if !prefix.hasPrefix("/") { prefix = "/" + prefix }
        if !prefix.hasSuffix("/") { prefix += "/" }
        return prefix
    }

    /// Django's `security.W009` test: fewer than 50 characters, fewer than 5 different ones, or
    /// Django's generated development prefix.
    static func isWeak(_ key: String) -> Bool {
        key.count < 50 || Set(key).count < 5 || key.hasPrefix("django-insecure-")
    }

    /// The boolean environment variable `name`, `nil` when unset; throws when it is not one.
    private static func boolean(_ environment: [String: String], _ name: String) throws(ConfigurationError) -> Bool? {
        guard let value = environment[name] else { return nil }
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default:
            throw ConfigurationError("\(name)=\"\(value)\" is not a boolean: use 1 or 0.", id: "settings.E001")
        }
    }

    /// The values in force for a mode, checked; `serve` refuses unsafe values.
    public func resolved(for mode: ServerMode) throws(ConfigurationError) -> ResolvedSettings {
        let debug = self.debug ?? (mode == .development)
        // NB: as Django since CVE-2016-9014: with DEBUG on and no hosts set, only loopback
        // names, so that a page on another site cannot reach the dev server by DNS rebinding.
        let hosts = allowedHosts.resolve(mode == .development ? Settings.developmentHosts : [])
        let key = secretKey ?? Settings.developmentSecretKey
        if mode == .production, let refusal = deploymentProblems().first(where: { $0.level == .error }) {
            throw refusal
        }
        if secureSSLRedirect, secureProxySSLHeader == nil {
            throw ConfigurationError(
                "secureSSLRedirect is on but secureProxySSLHeader is not set: Pony serves plain HTTP, so no request"
                    + " would count as HTTPS and every one would be redirected to itself. Set the header your TLS"
                    + " proxy adds (PONY_SECURE_PROXY_SSL_HEADER=\"X-Forwarded-Proto: https\"), or let the proxy"
                    + " redirect to HTTPS and turn secureSSLRedirect off.", id: "security.E120")
        }
        do {
            _ = try secureRedirectExempt.map { try Regex($0) }
        } catch {
            throw ConfigurationError(
                "secureRedirectExempt has a pattern that is not a regular expression: \(error)", id: "security.E121")
        }
        guard let zone = TimeZone(identifier: timeZone) else {
            throw ConfigurationError(
                "TIME_ZONE \"\(timeZone)\" is not a time zone: use a tz database name such as \"UTC\" or"
                    + " \"Europe/Oslo\" (Pony(timeZone:) or PONY_TIME_ZONE).",
                id: "settings.E002")
        }
        try checkLanguages()
        return ResolvedSettings(
            mode: mode, debug: debug, secretKey: key, allowedHosts: hosts, baseDirectory: baseDirectory,
            appendSlash: appendSlash, staticURL: Settings.slashed(staticURL), mediaURL: Settings.slashed(mediaURL),
            serveMedia: serveMedia ?? (mode == .development),
            timeZone: zone,
            maxBodySize: maxBodySize, dataUploadMaxMemorySize: dataUploadMaxMemorySize,
            dataUploadMaxNumberFields: dataUploadMaxNumberFields,
            uploadLimits: UploadLimits(
                maximumFields: dataUploadMaxNumberFields, maximumFiles: dataUploadMaxNumberFiles,
                maximumFieldBytes: dataUploadMaxMemorySize, fileMemoryLimit: fileUploadMaxMemorySize,
                temporaryDirectory: fileUploadTemporaryDirectory ?? NSTemporaryDirectory()),
            maxHeaderCount: maxHeaderCount,
            maxConnections: maxConnections,
            maxURLLength: maxURLLength,
            statementTimeout: statementTimeout.map { .milliseconds(Int64(min(max($0, 0.001), 1e9) * 1000)) },
            idleTimeout: idleTimeout, requestTimeout: requestTimeout, accessLog: accessLog ?? true,
            referrerPolicy: referrerPolicy, crossOriginOpenerPolicy: crossOriginOpenerPolicy,
            frameOptions: frameOptions,
            secretKeyFallbacks: secretKeyFallbacks, secureProxySSLHeader: secureProxySSLHeader,
            trustedProxies: Set(trustedProxies), useXForwardedHost: useXForwardedHost,
            secureSSLRedirect: secureSSLRedirect, secureSSLHost: secureSSLHost,
            secureRedirectExempt: secureRedirectExempt,
            strictTransportSecurity: strictTransportSecurity, secureCSP: secureCSP,
            secureCSPReportOnly: secureCSPReportOnly,
            database: try Settings.checkedDatabase(database),
            migrationsDirectory: Settings.absolute(migrationsDirectory, in: baseDirectory),
            languageCode: languageCode, languages: languages,
            localePaths: (localePaths + ["locale"]).map { Settings.absolute($0, in: baseDirectory) },
            useThousandSeparator: useThousandSeparator
        )
    }
}

extension Settings {
    /// Django's translation checks: `translation.E001` (a malformed ``languageCode``),
    /// `E002` (a malformed code in ``languages``) and `E004` (``languageCode`` not offered).
    func checkLanguages() throws(ConfigurationError) {
        guard Languages.isLanguageCode(languageCode) else {
            throw ConfigurationError(
                "You have provided an invalid value for the LANGUAGE_CODE setting: \"\(languageCode)\" (write a"
                    + " language code such as \"en-us\" or \"de\": Pony's languageCode or PONY_LANGUAGE_CODE).",
                id: "translation.E001")
        }
        guard let languages else { return }
        if let bad = languages.first(where: { !Languages.isLanguageCode($0.code) }) {
            throw ConfigurationError(
                "You have provided an invalid language code in the LANGUAGES setting: \"\(bad.code)\".",
                id: "translation.E002")
        }
        let offered = Languages(defaultLanguage: languageCode, offered: languages, translations: Translations())
        guard offered.supportedVariant(of: languageCode) != nil else {
            throw ConfigurationError(
                "You have provided a value for the LANGUAGE_CODE setting (\"\(languageCode)\") that is not in the"
                    + " LANGUAGES setting: add it to languages, or pick one of them.", id: "translation.E004")
        }
    }

    /// `url` when it names a backend Pony has (`database.E001` otherwise).
    static func checkedDatabase(_ url: String?) throws(ConfigurationError) -> String? {
        guard let url else { return nil }
        let known = ["sqlite:///", "sqlite://:memory:", "postgres://", "postgresql://"]
        guard known.contains(where: { url.hasPrefix($0) }) else {
            throw ConfigurationError(
                "The database URL \"\(url.prefix(40))\" names no backend Pony has: use sqlite:///db.sqlite3,"
                    + " sqlite://:memory: or postgres://user:password@host:5432/name (Pony(database:) or"
                    + " DATABASE_URL).", id: "database.E001")
        }
        return url
    }

    /// `path`, or `path` inside `base` when relative.
    package static func absolute(_ path: String, in base: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: base).appendingPathComponent(path).path
    }
}

/// Settings with every default applied for a mode; what the running site uses.
public struct ResolvedSettings: Sendable {
    /// The mode the server runs in.
    public let mode: ServerMode
    /// Whether DEBUG pages are shown.
    public let debug: Bool
    /// The signing key.
    public let secretKey: String
    /// The allowed host patterns.
    public let allowedHosts: [String]
    /// The app's folder.
    public let baseDirectory: String
    /// See ``Settings/appendSlash``.
    public let appendSlash: Bool
    /// See ``Settings/staticURL``; always starts and ends with "/".
    public let staticURL: String
    /// See ``Settings/mediaURL``; always starts and ends with "/".
    public let mediaURL: String
    /// See ``Settings/serveMedia``.
    public let serveMedia: Bool
    /// See ``Settings/timeZone``.
    public let timeZone: TimeZone
    /// See ``Settings/maxBodySize``.
    public let maxBodySize: Int
    /// See ``Settings/dataUploadMaxMemorySize``.
    public let dataUploadMaxMemorySize: Int
    /// See ``Settings/dataUploadMaxNumberFields``.
    public let dataUploadMaxNumberFields: Int
    /// The limits multipart bodies are read under (``Settings/fileUploadMaxMemorySize`` and
    /// the other upload settings).
    package let uploadLimits: UploadLimits
    /// Where uploaded files are stored: `media/` in the base directory (Django's `MEDIA_ROOT`).
    public var mediaRoot: String { Settings.absolute("media", in: baseDirectory) }
    /// See ``Settings/maxHeaderCount``.
    public let maxHeaderCount: Int
    /// See ``Settings/maxConnections``.
    public let maxConnections: Int
    /// See ``Settings/maxURLLength``.
    public let maxURLLength: Int
    /// See ``Settings/statementTimeout``.
    public let statementTimeout: Duration?
    /// See ``Settings/idleTimeout``.
    public let idleTimeout: Double
    /// See ``Settings/requestTimeout``.
    public let requestTimeout: Double
    /// Whether requests are logged.
    public let accessLog: Bool
    /// See ``Settings/referrerPolicy``.
    public let referrerPolicy: String
    /// See ``Settings/crossOriginOpenerPolicy``.
    public let crossOriginOpenerPolicy: String
    /// See ``Settings/frameOptions``.
    public let frameOptions: String
    /// See ``Settings/secretKeyFallbacks``.
    public let secretKeyFallbacks: [String]
    /// See ``Settings/secureProxySSLHeader``.
    public let secureProxySSLHeader: Settings.ProxyHeader?
    /// See ``Settings/trustedProxies``.
    public let trustedProxies: Set<String>
    /// See ``Settings/useXForwardedHost``.
    public let useXForwardedHost: Bool
    /// See ``Settings/secureSSLRedirect``.
    public let secureSSLRedirect: Bool
    /// See ``Settings/secureSSLHost``.
    public let secureSSLHost: String?
    /// See ``Settings/secureRedirectExempt``: patterns that compile.
    public let secureRedirectExempt: [String]
    /// The `Strict-Transport-Security` value HTTPS responses get, or `nil` for none (from
    /// ``Settings/secureHSTSSeconds`` and its two flags).
    public let strictTransportSecurity: String?
    /// See ``Settings/secureCSP``.
    public let secureCSP: ContentSecurityPolicy
    /// See ``Settings/secureCSPReportOnly``.
    public let secureCSPReportOnly: ContentSecurityPolicy
    /// Whether responses get a Content Security Policy header (and requests a nonce).
    public var hasContentSecurityPolicy: Bool { !secureCSP.isEmpty || !secureCSPReportOnly.isEmpty }
    /// See ``Settings/database``: a URL the backends accept, or `nil` for `db.sqlite3`.
    public let database: String?
    /// See ``Settings/migrationsDirectory``: an absolute path.
    public let migrationsDirectory: String
    /// See ``Settings/languageCode``.
    public let languageCode: String
    /// See ``Settings/languages``.
    public let languages: [(code: String, name: String)]?
    /// The folders of translation catalogs, absolute: ``Settings/localePaths``, then `locale/`.
    public let localePaths: [String]
    /// See ``Settings/useThousandSeparator``.
    public let useThousandSeparator: Bool
}
