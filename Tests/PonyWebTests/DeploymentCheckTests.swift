import Foundation
import PonyTesting
import Testing

@testable import Pony

/// `pony check --deploy` and the settings it asks for: HTTPS redirect, HSTS, secure cookies.
@Suite struct DeploymentCheckTests {
    static let strongKey = "k7#Vq2!pL9zR4wXe8TbN1mYs6HcJ0dFgAuKoQiWlEr5tZyPxCv3B"
    static let proxy = Settings.ProxyHeader(name: "X-Forwarded-Proto", value: "https")

    /// An app with Django's settings of a fixture case, translated to Pony's.
    static func app(_ values: [String: Any]) throws -> Pony {
        var settings = Settings(secretKey: strongKey, allowedHosts: ["example.com"])
        settings.secureProxySSLHeader = proxy
        var session = SessionSettings()
        var csrf = CSRFSettings()
        for (name, value) in values {
            let on = value as? Bool ?? false
            switch name {
            case "SECURE_HSTS_SECONDS": settings.secureHSTSSeconds = try #require(value as? Int)
            case "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.secureHSTSIncludeSubdomains = on
            case "SECURE_HSTS_PRELOAD": settings.secureHSTSPreload = on
            case "SECURE_SSL_REDIRECT": settings.secureSSLRedirect = on
            case "X_FRAME_OPTIONS": settings.frameOptions = try #require(value as? String)
            // NB: Django's None (no header) is Pony's "".
            case "SECURE_REFERRER_POLICY": settings.referrerPolicy = value as? String ?? ""
            case "SECURE_CROSS_ORIGIN_OPENER_POLICY": settings.crossOriginOpenerPolicy = try #require(value as? String)
            case "SECRET_KEY_FALLBACKS": settings.secretKeyFallbacks = try #require(value as? [String])
            case "SESSION_COOKIE_SECURE": session.cookieSecure = on
            case "SESSION_COOKIE_HTTPONLY": session.cookieHTTPOnly = on
            case "CSRF_COOKIE_SECURE": csrf.cookieSecure = on
            case "CSRF_USE_SESSIONS": csrf.useSessions = on
            default: Issue.record("The fixture sets \(name), which the test does not translate.")
            }
        }
        let app = Pony(settings: settings)
        app.install(.sessions(session))
        app.csrf = csrf
        return app
    }

    /// The same ids as Django 5.2's `check --deploy` for the same settings, from
    /// Fixtures/deployment_checks.json (generate_deployment_checks.py).
    @Test func deploymentChecksMatchDjango() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/deployment_checks", withExtension: "json"))
        let fixture = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        #expect(cases.count >= 16)
        for item in cases {
            let values = try #require(item["settings"] as? [String: Any])
            let app = try Self.app(values)
            let ids = Set(app.deploymentProblems(app.settings).map(\.id))
            #expect(ids == Set(try #require(item["ids"] as? [String])), "\(values)")
        }
    }

    @Test func serveRefusesWhatCheckCallsAnErrorAndReportsEveryOne() throws {
        var settings = Settings(debug: true, secretKey: "short", referrerPolicy: "everywhere")
        settings.silencedSystemChecks = ["security.W018", "security.W004", "security.E023"]
        // NB: errors cannot be silenced; warnings can.
        let ids = Pony(settings: settings).deploymentProblems(settings).unsilenced(by: settings).map(\.id)
        #expect(ids.contains("security.W009") && ids.contains("security.W018") && ids.contains("security.E002"))
        #expect(ids.contains("security.E023") && !ids.contains("security.W004") && ids.contains("security.W008"))
        let refused = #expect(throws: ConfigurationError.self) { try settings.resolved(for: .production) }
        #expect(refused?.id == "security.W009")
        #expect(refused?.level == .error)
        #expect(try settings.resolved(for: .development).debug)
    }

    @Test func environmentSetsTheDeploymentSettings() throws {
        let settings = try Settings().applyingEnvironment([
            "PONY_SECURE_SSL_REDIRECT": "1", "PONY_SECURE_HSTS_SECONDS": "3600",
            "PONY_SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
        ])
        #expect(settings.secureSSLRedirect)
        #expect(settings.secureHSTSSeconds == 3600)
        #expect(settings.secureProxySSLHeader == Self.proxy)
        for (name, value) in [
            ("PONY_SECURE_HSTS_SECONDS", "-1"), ("PONY_SECURE_HSTS_SECONDS", "1e99"),
            ("PONY_SECURE_PROXY_SSL_HEADER", "https"), ("PONY_SECURE_PROXY_SSL_HEADER", ": https"),
            ("PONY_SECURE_SSL_REDIRECT", "maybe"),
        ] {
            let error = #expect(throws: ConfigurationError.self) { try Settings().applyingEnvironment([name: value]) }
            #expect(error?.id == "settings.E001")
            #expect(error?.message.contains(name) == true)
        }
    }

    // MARK: - HTTPS redirect and HSTS, end to end

    static func client(_ change: (inout Settings) -> Void) throws -> TestClient {
        var settings = Settings(allowedHosts: ["example.com", "testserver"])
        settings.secureProxySSLHeader = proxy
        change(&settings)
        let app = Pony(settings: settings)
        app.get("page/") { _ in "page" }
        app.get("health/") { _ in "ok" }
        return try TestClient(app)
    }

    @Test func plainHTTPIsRedirectedToHTTPSWithItsPathAndQuery() async throws {
        let client = try Self.client {
            $0.secureSSLRedirect = true
            $0.secureRedirectExempt = ["^health/$"]
        }
        let redirected = await client.get("/page/?q=a%20b&x=1", headers: ["Host": "example.com"])
        #expect(redirected.status == .movedPermanently)
        #expect(redirected.headers["Location"] == "https://example.com/page/?q=a%20b&x=1")
        #expect(redirected.headers["X-Frame-Options"] == "DENY")
        let secure = await client.get("/page/", headers: ["Host": "example.com", "X-Forwarded-Proto": "https"])
        #expect(secure.status == .ok)
        #expect(await client.get("/health/").status == .ok)
        // A host ALLOWED_HOSTS refuses gets its 400 before any redirect names it.
        #expect(await client.get("/page/", headers: ["Host": "evil.example"]).status == .badRequest)
        let elsewhere = try Self.client {
            $0.secureSSLRedirect = true
            $0.secureSSLHost = "secure.example.com"
        }
        #expect(await elsewhere.get("/page/").headers["Location"] == "https://secure.example.com/page/")
    }

    @Test func hstsIsSentOnHTTPSResponsesOnly() async throws {
        let client = try Self.client {
            $0.secureHSTSSeconds = 3600
            $0.secureHSTSIncludeSubdomains = true
            $0.secureHSTSPreload = true
        }
        let secure = await client.get("/page/", headers: ["X-Forwarded-Proto": "https"])
        #expect(secure.headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains; preload")
        let missing = await client.get("/nowhere/", headers: ["X-Forwarded-Proto": "https"])
        #expect(missing.status == .notFound)
        #expect(missing.headers["Strict-Transport-Security"] != nil)
        #expect(await client.get("/page/").headers["Strict-Transport-Security"] == nil)
        #expect(
            await client.get("/page/", headers: ["X-Forwarded-Proto": "http"]).headers["Strict-Transport-Security"]
                == nil)
    }

    @Test func aRedirectWithoutTheProxyHeaderOrWithABadPatternIsRefused() throws {
        var settings = Settings()
        settings.secureSSLRedirect = true
        let missing = #expect(throws: ConfigurationError.self) { try settings.resolved(for: .development) }
        #expect(missing?.id == "security.E120")
        settings.secureProxySSLHeader = Self.proxy
        settings.secureRedirectExempt = ["(unclosed"]
        let pattern = #expect(throws: ConfigurationError.self) { try settings.resolved(for: .development) }
        #expect(pattern?.id == "security.E121")
    }

    // MARK: - X-Forwarded-For

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() async throws {
        func client(_ trusted: [String]) throws -> TestClient {
            var settings = Settings()
            settings.trustedProxies = trusted
            let app = Pony(settings: settings)
            app.get("ip/") { request in request.clientAddress ?? "none" }
            return try TestClient(app)
        }
        // The test client's peer is 127.0.0.1.
        let forwarded: Headers = ["X-Forwarded-For": "203.0.113.7, 10.0.0.2"]
        #expect(try await client([]).get("/ip/", headers: forwarded).text == "127.0.0.1")
        #expect(try await client(["10.9.9.9"]).get("/ip/", headers: forwarded).text == "127.0.0.1")
        #expect(try await client(["127.0.0.1"]).get("/ip/", headers: forwarded).text == "10.0.0.2")
        #expect(try await client(["127.0.0.1", "10.0.0.2"]).get("/ip/", headers: forwarded).text == "203.0.113.7")
        #expect(try await client(["*"]).get("/ip/", headers: forwarded).text == "203.0.113.7")
        #expect(try await client(["127.0.0.1"]).get("/ip/").text == "127.0.0.1")
    }

    // MARK: - X-Forwarded-Host

    /// Django's `USE_X_FORWARDED_HOST`: off, the header is ignored; on, it is the request's
    /// host, checked against the allowed hosts and used in absolute URLs.
    @Test func forwardedHostIsTheHostOnlyWhenAskedFor() async throws {
        func client(_ use: Bool) throws -> TestClient {
            var settings = Settings(allowedHosts: ["example.com", "testserver"])
            settings.useXForwardedHost = use
            let app = Pony(settings: settings)
            app.get("url/") { request in request.absoluteURI() }
            return try TestClient(app)
        }
        let forwarded: Headers = ["X-Forwarded-Host": "example.com"]
        #expect(try await client(false).get("/url/", headers: forwarded).text == "http://testserver/url/")
        #expect(try await client(true).get("/url/", headers: forwarded).text == "http://example.com/url/")
        #expect(try await client(true).get("/url/").text == "http://testserver/url/")
        let evil = try await client(true).get("/url/", headers: ["X-Forwarded-Host": "evil.test"])
        #expect(evil.status == .badRequest && evil.text.contains("evil.test"))
        let twice = try client(true)
        twice.defaultHeaders.add("X-Forwarded-Host", "example.com")
        twice.defaultHeaders.add("X-Forwarded-Host", "example.com")
        #expect(await twice.get("/url/").status == .badRequest)
        #expect(try Settings().applyingEnvironment(["PONY_USE_X_FORWARDED_HOST": "1"]).useXForwardedHost)
    }

    @Test(arguments: [
        ("", "127.0.0.1"), (",,, ,", "127.0.0.1"), ("<script>", "127.0.0.1"), ("1.2.3.4, evil", "127.0.0.1"),
        ("evil, 1.2.3.4", "1.2.3.4"), (String(repeating: "9", count: 46), "127.0.0.1"), ("::1", "::1"),
        ("2001:db8::1,\t198.51.100.2 ", "198.51.100.2"), ("1.2.3.4\u{0}", "127.0.0.1"), ("é", "127.0.0.1"),
    ])
    func hostileForwardedForNeverYieldsAnythingButAnAddress(header: String, client: String) {
        let found = Request.forwardedClient(peer: "127.0.0.1", [header], trusted: ["127.0.0.1"])
        #expect(found == client)
    }

    // MARK: - `check`

    @Test func checkReportsEveryProblemInDjangosLayout() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("templates/shop"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{% if x %}never closed\n".utf8).write(to: folder.appendingPathComponent("templates/shop/list.html"))
        try Data("{{ fine }}".utf8).write(to: folder.appendingPathComponent("templates/fine.html"))
        var settings = Settings(baseDirectory: folder.path)
        settings.silencedSystemChecks = ["security.W004"]
        let app = Pony(settings: settings)
        app.loginRequired.get("members/") { _ in "secret" }
        app.templates["inline.html"] = "{{ broken|nosuchfilter }}"

        let plain = app.systemCheck(deploy: false, environment: [:])
        #expect(plain.problems.map(\.id).sorted() == ["auth.E001", "templates.E101", "templates.E101"])
        #expect(plain.fails(at: .error))
        #expect(plain.text.hasPrefix("System check identified some issues:\n\nERRORS:\n"))
        #expect(plain.text.contains("templates/shop/list.html:1: error: The template shop/list.html does not parse"))
        #expect(plain.text.hasSuffix("System check identified 3 issues (0 silenced).\n"))

        let deploy = app.systemCheck(deploy: true, environment: [:])
        let ids = deploy.problems.map(\.id)
        #expect(ids.contains("security.E001") && ids.contains("security.W008") && !ids.contains("security.W004"))
        #expect(deploy.silenced == 1)
        #expect(deploy.text.contains("\nWARNINGS:\n"))

        let clean = Pony(settings: Settings(baseDirectory: folder.appendingPathComponent("none").path))
        clean.get("") { _ in "home" }
        let report = clean.systemCheck(deploy: false, environment: [:])
        #expect(!report.fails(at: .warning))
        #expect(report.text == "System check identified no issues (0 silenced).\n")
    }

    @Test func checkCommandExitsNonZeroOnlyAtItsFailLevel() async throws {
        var settings = Settings(secretKey: Self.strongKey, allowedHosts: ["example.com"])
        settings.baseDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-none").path
        let app = Pony(settings: settings)
        app.get("") { _ in "home" }
        #expect(await app.main(["check"]) == 0)
        #expect(await app.main(["check", "--deploy"]) == 0)
        #expect(await app.main(["check", "--deploy", "--fail-level", "WARNING"]) == 1)
        #expect(await app.main(["check", "--fail-level=sometimes"]) == 2)
    }
}
