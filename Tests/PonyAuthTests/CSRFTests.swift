import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

@testable import PonyAuth

/// CSRF protection, following Django's `tests/csrf_tests/tests.py` (test names after
/// Django's), through the whole middleware chain with the test client enforcing checks.
@Suite struct CSRFTests {
    /// An app with a form page, views for each unsafe method, and an exempt webhook.
    static func app(_ configure: (Pony) -> Void = { _ in }) -> Pony {
        let app = Pony(file: "/tmp/csrf/app.swift")
        app.templates["form.html"] = "<form method=post>{% csrf_token %}</form>"
        app.get("/form") { request in try render(request, "form.html") }
        app.get("/plain") { _ in "no token used" }
        app.get("/token") { request in request.csrfToken }
        app.route("/submit", methods: [.post, .put, .delete, .patch]) { _ in "accepted" }
        app.csrfExempt.post("/hook") { _ in "exempt" }
        app.post("/login") { request in
            request.rotateCSRFToken()
            return "rotated"
        }
        configure(app)
        return app
    }

    static func client(_ app: Pony = app(), environment: [String: String] = [:]) throws -> TestClient {
        let client = try TestClient(app, environment: environment)
        client.enforceCSRFChecks = true
        return client
    }

    /// Posts `form` (URL-encoded) with optional extra headers.
    static func post(
        _ client: TestClient, _ path: String = "/submit", form: String = "", headers: Headers = [:]
    ) async -> TestResponse {
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return await client.request(.post, path, body: Array(form.utf8), headers: all)
    }

    /// Django's masked tokens: the same secret and mask give Django's token, and it unmasks.
    @Test func maskedTokensMatchDjango() throws {
        let entries = DjangoFixtures.shared["csrf"]
        #expect(entries.count == 3)
        for entry in entries {
            let secret = try #require(entry["secret"]?.stringValue)
            let token = try #require(entry["token"]?.stringValue)
            #expect(CSRFToken.mask(secret, with: try #require(entry["mask"]?.stringValue)) == token)
            #expect(CSRFToken.unmask(token) == secret)
            #expect(CSRFToken.matches(token, secret: secret))
            #expect(CSRFToken.matches(secret, secret: secret))
        }
    }

    @Test func test_process_response_get_token_not_used() async throws {
        let response = await (try Self.client()).get("/plain")
        #expect(response.headers["Set-Cookie"] == nil)
    }

    /// `{% csrf_token %}` renders a hidden field with a masked token and sets the cookie.
    @Test func test_token_node_with_new_csrf_cookie() async throws {
        let client = try Self.client()
        let page = await client.get("/form")
        let secret = try #require(client.cookies["csrftoken"])
        #expect(secret.count == 32)
        #expect(page.headers["Vary"] == "Cookie")
        let cookie = try #require(page.headers["Set-Cookie"])
        #expect(cookie.contains("Max-Age=31449600") && cookie.contains("SameSite=Lax") && !cookie.contains("HttpOnly"))
        let field = try #require(page.text.firstMatch(of: /name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"/))
        #expect(CSRFToken.unmask(String(field.1)) == secret)
        // A token from the page is accepted with the cookie.
        #expect(await Self.post(client, form: "csrfmiddlewaretoken=\(field.1)").text == "accepted")
    }

    @Test func test_process_request_no_csrf_cookie() async throws {
        let response = await Self.post(
            try Self.client(), form: "csrfmiddlewaretoken=" + String(repeating: "a", count: 64))
        #expect(response.status == .forbidden)
        #expect(response.text.contains("CSRF cookie not set."))
    }

    @Test func test_csrf_cookie_bad_or_missing_token() async throws {
        let client = try Self.client()
        _ = await client.get("/token")
        let cases: [(form: String, reason: String)] = [
            ("", "CSRF token missing."),
            ("csrfmiddlewaretoken=" + String(repeating: "a", count: 64), "CSRF token from POST incorrect."),
            ("csrfmiddlewaretoken=short", "CSRF token from POST has incorrect length."),
            (
                "csrfmiddlewaretoken=" + String(repeating: "*", count: 64),
                "CSRF token from POST has invalid characters."
            ),
        ]
        for (form, reason) in cases {
            let response = await Self.post(client, form: form)
            #expect(response.status == .forbidden, "\(form)")
            #expect(response.text.contains(reason), "\(form): \(response.text.prefix(300))")
        }
    }

    @Test func test_bad_csrf_cookie_characters_and_length() async throws {
        for (cookie, reason) in [
            ("x", "CSRF cookie has incorrect length."),
            (String(repeating: "-", count: 32), "CSRF cookie has invalid characters."),
        ] {
            let client = try Self.client()
            client.cookies["csrftoken"] = cookie
            let response = await Self.post(client, form: "csrfmiddlewaretoken=" + String(repeating: "a", count: 64))
            #expect(response.text.contains(reason))
            // A bad cookie is replaced by a good one.
            #expect(client.cookies["csrftoken"]?.count == 32)
        }
    }

    /// PUT, PATCH and DELETE are checked too; the `X-CSRFToken` header carries the token.
    @Test func test_put_and_delete_rejected_and_allowed_with_header() async throws {
        let client = try Self.client()
        let token = await client.get("/token").text
        for method: HTTPMethod in [.put, .patch, .delete] {
            #expect(await client.request(method, "/submit").status == .forbidden)
            #expect(await client.request(method, "/submit", headers: ["X-CSRFToken": token]).text == "accepted")
        }
        let wrong = await client.request(.put, "/submit", headers: ["X-CSRFToken": "bad"])
        #expect(wrong.text.contains("CSRF token from the &#x27;X-Csrftoken&#x27; HTTP header has incorrect length."))
    }

    /// The cookie's bare (unmasked) secret is accepted as a token too, as Django accepts it.
    @Test func test_bare_secret_accepted() async throws {
        let client = try Self.client()
        _ = await client.get("/token")
        let secret = try #require(client.cookies["csrftoken"])
        #expect(await Self.post(client, form: "csrfmiddlewaretoken=\(secret)").text == "accepted")
        // A masked 64-character cookie (Django before 4.1 stored those) still works.
        client.cookies["csrftoken"] = CSRFToken.mask(secret)
        #expect(await Self.post(client, form: "csrfmiddlewaretoken=\(secret)").text == "accepted")
    }

    @Test func test_csrf_exempt() async throws {
        #expect(await Self.post(try Self.client(), "/hook").text == "exempt")
    }

    @Test func test_bad_origin_bad_domain() async throws {
        let client = try Self.client()
        let token = await client.get("/token").text
        let evil = await Self.post(
            client, form: "csrfmiddlewaretoken=\(token)", headers: ["Origin": "https://www.evil.org"])
        #expect(evil.status == .forbidden)
        #expect(evil.text.contains("Origin checking failed - https://www.evil.org does not match any trusted origins."))
        let null = await Self.post(client, form: "csrfmiddlewaretoken=\(token)", headers: ["Origin": "null"])
        #expect(null.status == .forbidden)
        let good = await Self.post(
            client, form: "csrfmiddlewaretoken=\(token)", headers: ["Origin": "http://testserver"])
        #expect(good.text == "accepted")
    }

    @Test func test_good_origin_csrf_trusted_origin_allowed() async throws {
        let app = Self.app { $0.csrf?.trustedOrigins = ["https://dashboard.example.com", "https://*.example.org"] }
        let client = try Self.client(app)
        let token = await client.get("/token").text
        for origin in ["https://dashboard.example.com", "https://foo.example.org", "https://example.org"] {
            let response = await Self.post(client, form: "csrfmiddlewaretoken=\(token)", headers: ["Origin": origin])
            #expect(response.text == "accepted", "\(origin)")
        }
        for origin in ["http://foo.example.org", "https://example.com", "https://evilexample.org"] {
            #expect(
                await Self.post(client, form: "csrfmiddlewaretoken=\(token)", headers: ["Origin": origin]).status
                    == .forbidden)
        }
    }

    /// Over HTTPS (behind a trusted proxy) without `Origin`, the `Referer` must be the site.
    @Test func test_https_referer_checks() async throws {
        let app = Self.app {
            $0.settings.secureProxySSLHeader = Settings.ProxyHeader(name: "X-Forwarded-Proto", value: "https")
        }
        let client = try Self.client(app)
        let token = await client.get("/token", headers: ["X-Forwarded-Proto": "https"]).text
        let https: Headers = ["X-Forwarded-Proto": "https"]
        func post(_ referer: String?) async -> TestResponse {
            var headers = https
            if let referer { headers["Referer"] = referer }
            return await Self.post(client, form: "csrfmiddlewaretoken=\(token)", headers: headers)
        }
        #expect(await post(nil).text.contains("Referer checking failed - no Referer."))
        #expect(await post("not a url").text.contains("Referer checking failed - Referer is malformed."))
        #expect(
            await post("http://testserver/").text.contains(
                "Referer checking failed - Referer is insecure while host is secure."))
        #expect(
            await post("https://www.evil.org/somepage").text.contains(
                "Referer checking failed - https://www.evil.org/somepage does not match any trusted origins."))
        #expect(await post("https://testserver/somepage").text == "accepted")
        // The cookie is Secure over HTTPS.
        let page = await client.get("/form", headers: https)
        #expect(page.headers["Set-Cookie"]?.contains("; Secure") == true)
    }

    /// Django's `rotate_token`, as login calls it: the old token stops working.
    @Test func test_token_rotation() async throws {
        let client = try Self.client()
        let before = await client.get("/token").text
        let old = try #require(client.cookies["csrftoken"])
        #expect(await Self.post(client, "/login", form: "csrfmiddlewaretoken=\(before)").text == "rotated")
        let new = try #require(client.cookies["csrftoken"])
        #expect(new != old)
        #expect(await Self.post(client, form: "csrfmiddlewaretoken=\(before)").status == .forbidden)
        let after = await client.get("/token").text
        #expect(await Self.post(client, form: "csrfmiddlewaretoken=\(after)").text == "accepted")
    }

    /// `CSRF_USE_SESSIONS`: the secret lives in the session, and no csrftoken cookie is set.
    @Test func test_csrf_use_sessions() async throws {
        let app = Self.app { app in
            app.install(.sessions(SessionSettings(engine: .signedCookies)))
            app.csrf?.useSessions = true
        }
        let client = try Self.client(app)
        let token = await client.get("/token").text
        #expect(client.cookies["csrftoken"] == nil)
        #expect(client.cookies["sessionid"] != nil)
        #expect(await Self.post(client, form: "csrfmiddlewaretoken=\(token)").text == "accepted")
    }

    /// Without the test client's checks turned on, forms post without tokens (Django's
    /// `Client()`), and with `app.csrf = nil` there are no checks at all.
    @Test func checksCanBeSkippedOrTurnedOff() async throws {
        let relaxed = try TestClient(Self.app())
        #expect(await Self.post(relaxed).text == "accepted")
        let off = try Self.client(Self.app { $0.csrf = nil })
        #expect(await Self.post(off).text == "accepted")
    }

    /// Production: the failure is Django's plain 403 page, without the reason.
    @Test func productionFailuresAreAPlain403() async throws {
        let client = try TestClient(Self.app(), mode: .production)
        client.enforceCSRFChecks = true
        let response = await Self.post(client)
        #expect(response.status == .forbidden)
        #expect(!response.text.contains("CSRF cookie not set"))
    }

    @Test func hostileTokensAndHeadersNeverTrap() async throws {
        let client = try Self.client()
        _ = await client.get("/token")
        for token in [
            "", "é" + String(repeating: "a", count: 63), String(repeating: "\u{0}", count: 64),
            String(repeating: "a", count: 100_000),
        ] {
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            #expect(await Self.post(client, form: "csrfmiddlewaretoken=\(encoded)").status == .forbidden)
        }
        for origin in ["", "://", "https://", "a://b://c", String(repeating: "*", count: 10_000)] {
            #expect(await Self.post(client, headers: ["Origin": origin]).status == .forbidden)
        }
    }
}
