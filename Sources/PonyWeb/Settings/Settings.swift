public import Foundation

/// Whether the server runs for development (`run`) or production (`serve`).
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
/// | ``baseDirectory`` | `PONY_BASE_DIR` | the folder of the app's file |
/// | ``accessLog`` | `PONY_ACCESS_LOG` (`1`/`0`) | on |
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
    /// The time zone templates show dates in, a tz database name such as `"Europe/Oslo"`
    /// (Django's `TIME_ZONE`; dates are stored and compared in UTC).
    public var timeZone: String
    /// The largest request body accepted, in bytes; larger ones get 413.
    public var maxBodySize: Int
    /// The longest request target (path and query) accepted, in bytes; longer ones get 414.
    public var maxURLLength: Int
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
        timeZone: String = "UTC",
        maxBodySize: Int = 10 * 1024 * 1024,
        maxURLLength: Int = 8 * 1024,
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
        self.timeZone = timeZone
        self.maxBodySize = maxBodySize
        self.maxURLLength = maxURLLength
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
        if let value = environment["PONY_DEBUG"] {
            guard let enabled = Settings.boolean(value) else {
                throw ConfigurationError("PONY_DEBUG=\"\(value)\" is not a boolean: use 1 or 0.", id: "settings.E001")
            }
            settings.debug = enabled
        }
        if let value = environment["PONY_SECRET_KEY"], !value.isEmpty { settings.secretKey = value }
        if let value = environment["PONY_ALLOWED_HOSTS"] {
            settings.allowedHosts = settings.allowedHosts.then(.parse(environment: value))
        }
        if let value = environment["PONY_BASE_DIR"], !value.isEmpty { settings.baseDirectory = value }
        if let value = environment["PONY_TIME_ZONE"], !value.isEmpty { settings.timeZone = value }
        if let value = environment["PONY_ACCESS_LOG"] {
            guard let enabled = Settings.boolean(value) else {
                throw ConfigurationError(
                    "PONY_ACCESS_LOG=\"\(value)\" is not a boolean: use 1 or 0.", id: "settings.E001")
            }
            settings.accessLog = enabled
        }
        return settings
    }

    static func slashed(_ prefix: String) -> String {
        var prefix = prefix
        if !prefix.hasPrefix("/") { prefix = "/" + prefix }
        if !prefix.hasSuffix("/") { prefix += "/" }
        return prefix
    }

    private static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off", "": false
        default: nil
        }
    }

    /// The values in force for a mode, checked; `serve` refuses unsafe values.
    public func resolved(for mode: ServerMode) throws(ConfigurationError) -> ResolvedSettings {
        let debug = self.debug ?? (mode == .development)
        let hosts = allowedHosts.resolve(mode == .development ? ["*"] : [])
        let key = secretKey ?? Settings.developmentSecretKey
        if mode == .production {
            guard key != Settings.developmentSecretKey else {
                throw ConfigurationError(
                    "SECRET_KEY is not set: `serve` refuses the development key. Set PONY_SECRET_KEY to a long random"
                        + " value (for example: export PONY_SECRET_KEY=\"$(head -c 48 /dev/urandom | base64)\").",
                    id: "security.E001"
                )
            }
            guard !hosts.isEmpty else {
                throw ConfigurationError(
                    "ALLOWED_HOSTS is empty: `serve` needs the host names the site answers to. Set"
                        + " PONY_ALLOWED_HOSTS=example.com or Pony(allowedHosts: [\"example.com\"]).",
                    id: "security.E002"
                )
            }
        }
        guard let zone = TimeZone(identifier: timeZone) else {
            throw ConfigurationError(
                "TIME_ZONE \"\(timeZone)\" is not a time zone: use a tz database name such as \"UTC\" or"
                    + " \"Europe/Oslo\" (Pony(timeZone:) or PONY_TIME_ZONE).",
                id: "settings.E002")
        }
        return ResolvedSettings(
            mode: mode, debug: debug, secretKey: key, allowedHosts: hosts, baseDirectory: baseDirectory,
            appendSlash: appendSlash, staticURL: Settings.slashed(staticURL), mediaURL: Settings.slashed(mediaURL),
            timeZone: zone,
            maxBodySize: maxBodySize,
            maxURLLength: maxURLLength,
            idleTimeout: idleTimeout, requestTimeout: requestTimeout, accessLog: accessLog ?? true,
            referrerPolicy: referrerPolicy, crossOriginOpenerPolicy: crossOriginOpenerPolicy, frameOptions: frameOptions
        )
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
    /// See ``Settings/timeZone``.
    public let timeZone: TimeZone
    /// See ``Settings/maxBodySize``.
    public let maxBodySize: Int
    /// See ``Settings/maxURLLength``.
    public let maxURLLength: Int
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
}
