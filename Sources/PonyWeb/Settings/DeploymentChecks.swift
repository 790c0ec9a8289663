internal import Foundation

/// Django's deployment checks (`manage.py check --deploy`, the `security.*` ids) on settings
/// as `serve` uses them.
extension Settings {
    /// Django's `SECURE_REFERRER_POLICY` values.
    static let referrerPolicies: Set<String> = [
        "no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin",
        "strict-origin", "strict-origin-when-cross-origin", "unsafe-url",
    ]
    /// Django's `SECURE_CROSS_ORIGIN_OPENER_POLICY` values.
    static let crossOriginOpenerPolicies: Set<String> = ["same-origin", "same-origin-allow-popups", "unsafe-none"]

    /// What Django's `check --deploy` says about these settings as `serve` would run them
    /// (DEBUG off unless set, no hosts unless set). The caller leaves out the warnings
    /// ``silencedSystemChecks`` names.
    ///
    /// Errors are what `serve` refuses: no secret key (`security.E001`), a weak one
    /// (`security.W009`), DEBUG on (`security.W018`), no allowed hosts (`security.E002`), and a
    /// `Referrer-Policy` or `Cross-Origin-Opener-Policy` browsers do not know (`security.E023`,
    /// `E024`). The rest are Django's warnings: no HSTS (`W004`, `W005`, `W021`), no HTTPS
    /// redirect (`W008`), `X-Frame-Options` other than `DENY` (`W019`), no referrer policy
    /// (`W022`), weak fallback keys (`W025`), and Pony's `W122`: HSTS without
    /// ``secureProxySSLHeader`` is never sent. Apps add their own (session and CSRF cookies).
    public func deploymentProblems() -> [ConfigurationError] {
        let generate =
            "Set PONY_SECRET_KEY to a long random value (for example:"
            + " export PONY_SECRET_KEY=\"$(head -c 48 /dev/urandom | base64)\")."
        var problems: [ConfigurationError] = []
        func add(_ id: String, _ level: ConfigurationError.Level, _ message: String) {
            problems.append(ConfigurationError(message, id: id, level: level))
        }
        let key = secretKey ?? Settings.developmentSecretKey
        if key == Settings.developmentSecretKey {
            add("security.E001", .error, "SECRET_KEY is not set: `serve` refuses the development key. " + generate)
        } else if Settings.isWeak(key) {
            add(
                "security.W009", .error,
                "SECRET_KEY is too weak for `serve`: it needs at least 50 characters, 5 of them different, and no"
                    + " \"django-insecure-\" prefix. " + generate)
        }
        // NB: DEBUG pages show source, settings and backtraces to anyone: `serve` never shows
        // them, even when PONY_DEBUG=1 is left in a deployment's environment.
        if debug == true {
            add(
                "security.W018", .error,
                "DEBUG is on (PONY_DEBUG=1 or Pony(debug: true)), and `serve` would show its detailed error pages to"
                    + " the world. Unset PONY_DEBUG for production, or use `pony run` to develop.")
        }
        if allowedHosts.resolve([]).isEmpty {
            add(
                "security.E002", .error,
                "ALLOWED_HOSTS is empty: `serve` needs the host names the site answers to. Set"
                    + " PONY_ALLOWED_HOSTS=example.com or Pony(allowedHosts: [\"example.com\"]).")
        }
        for (index, fallback) in secretKeyFallbacks.enumerated() where Settings.isWeak(fallback) {
            add(
                "security.W025", .warning,
                "SECRET_KEY_FALLBACKS[\(index)] has fewer than 50 characters, fewer than 5 different ones, or the"
                    + " \"django-insecure-\" prefix: a weak old key still verifies signatures. Remove it, or replace"
                    + " it once the sessions it signed have expired.")
        }
        if secureHSTSSeconds == 0 {
            add(
                "security.W004", .warning,
                "secureHSTSSeconds is not set (Django's SECURE_HSTS_SECONDS): if the whole site is served over HTTPS,"
                    + " set it (PONY_SECURE_HSTS_SECONDS=3600 to start) so browsers refuse plain HTTP. Read about HSTS"
                    + " first: browsers remember it, and a careless value is hard to undo.")
        } else {
            if !secureHSTSIncludeSubdomains {
                add(
                    "security.W005", .warning,
                    "secureHSTSIncludeSubdomains is off: a subdomain reached over plain HTTP can still be attacked."
                        + " Turn it on only if every subdomain is served over HTTPS.")
            }
            if !secureHSTSPreload {
                add(
                    "security.W021", .warning,
                    "secureHSTSPreload is off: without it the site cannot be submitted to the browsers' HSTS"
                        + " preload list.")
            }
            if secureProxySSLHeader == nil {
                add(
                    "security.W122", .warning,
                    "secureHSTSSeconds is set but secureProxySSLHeader is not: Pony sends HSTS only on HTTPS requests,"
                        + " and without the proxy's header (PONY_SECURE_PROXY_SSL_HEADER=\"X-Forwarded-Proto: https\")"
                        + " none counts as HTTPS, so the header is never sent.")
            }
        }
        if !secureSSLRedirect {
            add(
                "security.W008", .warning,
                "secureSSLRedirect is off (Django's SECURE_SSL_REDIRECT): unless the site should answer over plain"
                    + " HTTP too, turn it on (PONY_SECURE_SSL_REDIRECT=1) or have the proxy redirect to HTTPS.")
        }
        if frameOptions.uppercased() != "DENY" {
            add(
                "security.W019", .warning,
                "X-Frame-Options is \"\(frameOptions)\", not DENY: unless the site frames its own pages, use DENY"
                    + " (Pony(settings:) frameOptions).")
        }
        let policies = referrerPolicy.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if referrerPolicy.isEmpty {
            add(
                "security.W022", .warning,
                "referrerPolicy is empty, so no Referrer-Policy header is sent: set it (\"same-origin\") to keep"
                    + " visitors' URLs private.")
        } else if !policies.allSatisfy(Settings.referrerPolicies.contains) {
            add(
                "security.E023", .error,
                "referrerPolicy \"\(referrerPolicy)\" is not a Referrer-Policy browsers know. Valid values are: "
                    + Settings.referrerPolicies.sorted().joined(separator: ", ") + ".")
        }
        if !crossOriginOpenerPolicy.isEmpty, !Settings.crossOriginOpenerPolicies.contains(crossOriginOpenerPolicy) {
            add(
                "security.E024", .error,
                "crossOriginOpenerPolicy \"\(crossOriginOpenerPolicy)\" is not a Cross-Origin-Opener-Policy browsers"
                    + " know. Valid values are: "
                    + Settings.crossOriginOpenerPolicies.sorted().joined(separator: ", ") + ".")
        }
        return problems
    }

    /// The `Strict-Transport-Security` value (Django's `SecurityMiddleware`), `nil` without HSTS.
    var strictTransportSecurity: String? {
        guard secureHSTSSeconds > 0 else { return nil }
        return "max-age=\(secureHSTSSeconds)" + (secureHSTSIncludeSubdomains ? "; includeSubDomains" : "")
            + (secureHSTSPreload ? "; preload" : "")
    }
}

extension [ConfigurationError] {
    /// These problems without the warnings `settings` silences (errors cannot be silenced).
    public func unsilenced(by settings: Settings) -> [ConfigurationError] {
        guard !settings.silencedSystemChecks.isEmpty else { return self }
        let silenced = Set(settings.silencedSystemChecks)
        return filter { $0.level == .error || !silenced.contains($0.id) }
    }
}
