import Foundation
import Pony
import PonySQLite
import PonySupport
import PonyTesting
import Testing

@testable import PonyAuth

/// Django's login, logout and password-change views and the login-required checks, through
/// the whole chain with CSRF enforced (after Django's `auth_tests/test_views.py` and
/// `test_middleware.py`).
@Suite struct AuthViewTests {
    static let settings = AuthSettings(hashers: AuthTests.fast)

    /// An app with sessions and auth, a user `ann` (and a staff member `sam` with a
    /// permission), and pages behind each kind of check.
    static func withApp(
        on backend: String = "sqlite", loginRequiredEverywhere: Bool = false, settings: AuthSettings = settings,
        _ body: @Sendable (Pony, TestClient) async throws -> Void
    ) async throws {
        let app = Pony(file: "/tmp/auth/app.swift")
        app.install(.sessions(), .contentTypes(), .auth(settings))
        if loginRequiredEverywhere { app.middleware(LoginRequiredMiddleware()) }
        app.get("/accounts/profile/") { request in "profile of \(request.user.username)" }
        app.loginRequired.get("/members/") { request in "members only, \(request.user.username)" }
        app.permissionRequired("auth.view_user").get("/staff/") { _ in "staff page" }
        app.loginNotRequired.get("/about/") { _ in "open to all" }
        try await UserModelTests.withAuthDatabase(on: backend) { _ in
            try await AuthTests.addAnn()
            let client = try TestClient(app)
            client.enforceCSRFChecks = true
            try await body(app, client)
        }
    }

    /// The login page's CSRF token, after a GET of it.
    static func token(_ client: TestClient, _ path: String = "/accounts/login/") async throws -> String {
        let page = await client.get(path)
        let match = try #require(page.text.firstMatch(of: /name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"/))
        return String(match.1)
    }

    static func logIn(_ client: TestClient, _ username: String, _ password: String, next: String = "") async throws
        -> TestResponse
    {
        let token = try await token(client)
        return await client.post(
            "/accounts/login/",
            form: ["csrfmiddlewaretoken": token, "username": username, "password": password, "next": next])
    }

    @Test(arguments: UserModelTests.backends) func test_login_with_csrf(backend: String) async throws {
        try await Self.withApp(on: backend) { _, client in
            // No token: Django's 403.
            let refused = await client.post("/accounts/login/", form: ["username": "ann", "password": "s3cret!"])
            #expect(refused.status == .forbidden)
            // Another site's form: refused by the Origin check.
            let token = try await Self.token(client)
            let evil = await client.post(
                "/accounts/login/", form: ["csrfmiddlewaretoken": token, "username": "ann", "password": "s3cret!"],
                headers: ["Origin": "https://evil.example"])
            #expect(evil.status == .forbidden)
            // A good token: 302 to LOGIN_REDIRECT_URL, with a rotated CSRF cookie.
            let before = client.cookies["csrftoken"]
            let response = try await Self.logIn(client, "ann", "s3cret!")
            #expect(response.status == .found)
            #expect(response.headers["Location"] == "/accounts/profile/")
            // Login is never cached, as Django's `LoginView`, its form page and its redirect alike.
            let never = "max-age=0, no-cache, no-store, must-revalidate, private"
            #expect(response.headers["Cache-Control"] == never)
            #expect(await client.get("/accounts/login/").headers["Cache-Control"] == never)
            #expect(client.cookies["csrftoken"] != before)
            #expect(await client.get("/accounts/profile/").text == "profile of ann")
        }
    }

    @Test(arguments: UserModelTests.backends) func test_login_wrong_password_shows_djangos_message(backend: String)
        async throws
    {
        try await Self.withApp(on: backend) { _, client in
            let response = try await Self.logIn(client, "ann", "nope")
            #expect(response.status == .ok)
            #expect(response.text.contains("Please enter a correct username and password."))
            #expect(response.text.contains(#"value="ann""#))
        }
    }

    /// Django's `test_security_check`: `next` must stay on the site.
    @Test(arguments: UserModelTests.backends) func test_security_check(backend: String) async throws {
        try await Self.withApp(on: backend) { _, client in
            for bad in [
                "//evil.example", "https://evil.example/", "http:///evil.example", "\\\\evil.example",
                " //evil.example",
            ] {
                let response = try await Self.logIn(client, "ann", "s3cret!", next: bad)
                #expect(response.headers["Location"] == "/accounts/profile/", "\(bad)")
            }
            for good in ["/members/", "/members/?page=2", "https://testserver/members/"] {
                let response = try await Self.logIn(client, "ann", "s3cret!", next: good)
                #expect(response.headers["Location"] == good, "\(good)")
            }
        }
    }

    @Test(arguments: UserModelTests.backends) func logoutIsPostOnlyAndEndsTheSession(backend: String) async throws {
        try await Self.withApp(on: backend) { _, client in
            _ = try await Self.logIn(client, "ann", "s3cret!")
            #expect(await client.get("/accounts/logout/").status == .methodNotAllowed)
            let token = try await Self.token(client)
            let response = await client.post("/accounts/logout/", form: ["csrfmiddlewaretoken": token])
            #expect(response.text.contains("Logged out"))
            #expect(await client.get("/members/").status == .found)
        }
    }

    @Test(arguments: UserModelTests.backends) func passwordChange(backend: String) async throws {
        try await Self.withApp(on: backend) { app, client in
            _ = try await Self.logIn(client, "ann", "s3cret!")
            // A second browser logged in as ann.
            let other = try TestClient(app)
            _ = await other.post("/accounts/login/", form: ["username": "ann", "password": "s3cret!"])
            #expect(await other.get("/members/").text == "members only, ann")

            let token = try await Self.token(client, "/accounts/password_change/")
            let wrongOld = await client.post(
                "/accounts/password_change/",
                form: ["csrfmiddlewaretoken": token, "old_password": "x", "new_password1": "a", "new_password2": "a"])
            #expect(wrongOld.text.contains("Your old password was entered incorrectly."))
            let mismatch = await client.post(
                "/accounts/password_change/",
                form: [
                    "csrfmiddlewaretoken": token, "old_password": "s3cret!", "new_password1": "a", "new_password2": "b",
                ])
            #expect(mismatch.text.contains("The two password fields didn’t match."))
            let done = await client.post(
                "/accounts/password_change/",
                form: [
                    "csrfmiddlewaretoken": token, "old_password": "s3cret!", "new_password1": "n3w",
                    "new_password2": "n3w",
                ],
                followRedirects: true)
            #expect(done.text.contains("Your password was changed."))
            // This session stays logged in; the other one is logged out.
            #expect(await client.get("/members/").text == "members only, ann")
            #expect(await other.get("/members/").status == .found)
            #expect(try await Auth.authenticate(username: "ann", password: "n3w", hashers: AuthTests.fast) != nil)
        }
    }

    /// `@login_required` and `@permission_required` per route.
    @Test(arguments: UserModelTests.backends) func test_login_required_and_permission_required(backend: String)
        async throws
    {
        try await Self.withApp(on: backend) { _, client in
            let anonymous = await client.get("/members/?tab=a%20b")
            #expect(anonymous.status == .found)
            #expect(anonymous.headers["Location"] == "/accounts/login/?next=/members/%3Ftab%3Da%2520b")
            #expect(await client.get("/staff/").headers["Location"] == "/accounts/login/?next=/staff/")
            _ = try await Self.logIn(client, "ann", "s3cret!")
            #expect(await client.get("/members/").text == "members only, ann")
            #expect(await client.get("/staff/").status == .forbidden)
            var ann = try await User.objects.get(\.username == "ann")
            ann.isSuperuser = true
            try await ann.save()
            #expect(await client.get("/staff/").text == "staff page")
        }
    }

    /// Django 5.1's `LoginRequiredMiddleware`: every page but the login page and routes
    /// marked `loginNotRequired`.
    @Test(arguments: UserModelTests.backends) func test_login_required_middleware(backend: String) async throws {
        try await Self.withApp(on: backend, loginRequiredEverywhere: true) { _, client in
            #expect(
                await client.get("/accounts/profile/").headers["Location"] == "/accounts/login/?next=/accounts/profile/"
            )
            #expect(await client.get("/about/").text == "open to all")
            #expect(await client.get("/accounts/login/").status == .ok)
            _ = try await Self.logIn(client, "ann", "s3cret!")
            #expect(await client.get("/accounts/profile/").text == "profile of ann")
        }
    }

    /// Five failures for a user name lock it for 15 minutes, even with the right password.
    @Test(arguments: UserModelTests.backends) func failedLoginsAreThrottled(backend: String) async throws {
        try await Self.withApp(on: backend) { _, client in
            for _ in 0..<5 { _ = try await Self.logIn(client, "ann", "wrong") }
            let locked = try await Self.logIn(client, "ann", "s3cret!")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("Too many failed login attempts. Try again in 15 minutes."))
            let throttle = LoginThrottle()
            for _ in 0..<5 { throttle.failed(username: "x", client: "1.2.3.4") }
            #expect(throttle.refusal(username: "y", client: "1.2.3.4") == 15)
            #expect(throttle.refusal(username: "y", client: "1.2.3.4", now: Date().addingTimeInterval(901)) == nil)
        }
    }
}
