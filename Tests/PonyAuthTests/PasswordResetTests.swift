import Foundation
import Pony
import PonyMail
import PonyTesting
import Testing

@testable import PonyAuth

/// Django's password reset: tokens identical to Django 5.2's (`Fixtures/password_reset_tokens.json`,
/// from `generate_password_reset_tokens.py`), and the four pages through the whole chain with
/// CSRF enforced and the mail caught in a ``MemoryEmailBackend`` (after Django's
/// `auth_tests/test_views.py` `PasswordResetTest`).
@Suite struct PasswordResetTests {
    struct Fixture: Decodable {
        struct Token: Decodable {
            let id: Int32
            let password: String
            let last_login: String?
            let email: String
            let secret: String
            let timestamp: Int
            let token: String
        }
        struct Seconds: Decodable {
            let zone: String
            let instant: String
            let seconds: Int
        }
        let tokens: [Token]
        let seconds: [Seconds]
        let uidb64: [String: String]
        let base36: [String: String]
    }

    static let fixture: Fixture? = {
        guard
            let url = Bundle.module.url(
                forResource: "password_reset_tokens", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    static func date(_ iso: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: iso) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return try #require(formatter.date(from: iso))
    }

    @Test func tokensMatchDjango() throws {
        let fixture = try #require(Self.fixture)
        #expect(fixture.tokens.count == 42)
        for entry in fixture.tokens {
            var user = User(password: entry.password, username: "u\(entry.id)", email: entry.email)
            user.id = entry.id
            user.lastLogin = try entry.last_login.map(Self.date)
            let generator = PasswordResetTokenGenerator(secretKey: entry.secret)
            #expect(generator.makeToken(for: user, timestamp: entry.timestamp) == entry.token)
            // Valid until the timeout has passed, under the key or as a fallback key.
            let made = Date(timeIntervalSince1970: Double(entry.timestamp + 978_307_200))
            #expect(generator.checkToken(entry.token, for: user, at: made.addingTimeInterval(259_200)))
            #expect(!generator.checkToken(entry.token, for: user, at: made.addingTimeInterval(259_201)))
            let rotated = PasswordResetTokenGenerator(secretKey: "new key", fallbackKeys: [entry.secret])
            #expect(rotated.checkToken(entry.token, for: user, at: made))
            #expect(!PasswordResetTokenGenerator(secretKey: "other").checkToken(entry.token, for: user, at: made))
        }
        for entry in fixture.seconds {
            let generator = PasswordResetTokenGenerator(
                secretKey: "k", timeZone: try #require(TimeZone(identifier: entry.zone)))
            #expect(generator.seconds(try Self.date(entry.instant)) == entry.seconds, "\(entry.zone) \(entry.instant)")
        }
        for (number, text) in fixture.base36 {
            #expect(PasswordResetTokenGenerator.base36(try #require(Int(number))) == text)
            #expect(PasswordResetTokenGenerator.base36(Substring(text)) == Int(number))
        }
        for (id, uid) in fixture.uidb64 {
            #expect(Base64URL.encode(Array(id.utf8)) == uid)
        }
    }

    /// Tokens come from the URL: none of these may trap or pass.
    @Test func hostileTokensAreRefused() {
        var user = User(password: "pbkdf2_sha256$1$s$h", username: "ann")
        user.id = 1
        let generator = PasswordResetTokenGenerator(secretKey: "k")
        for token in [
            "", "-", "--", "abc", "zzzzzzzzzzzzz-0", "zzzzzzzzzzzzzz-0", "1-2-3", "+1-abc", "-1-abc", "İ-abc",
            String(repeating: "9", count: 10_000) + "-x", "\u{0}-\u{0}", "1-" + String(repeating: "a", count: 100_000),
        ] {
            #expect(!generator.checkToken(token, for: user))
        }
        #expect(PasswordResetTokenGenerator.base36("zzzzzzzzzzzzz") == nil)  // over Int.max
        #expect(PasswordResetTokenGenerator.base36("1y2p0ij32e8e7") == Int.max)
    }

    static func withApp(
        on backend: String, _ body: @Sendable (TestClient, MemoryEmailBackend) async throws -> Void
    ) async throws {
        let app = Pony(file: "/tmp/auth/app.swift")
        app.install(.sessions(), .contentTypes(), .auth(AuthViewTests.settings))
        let outbox = MemoryEmailBackend()
        try await UserModelTests.withAuthDatabase(on: backend) { _ in
            try await AuthTests.addAnn()
            try await User.objects.filter(\.username, .exact("ann")).update(\.email, to: "ann@example.com")
            let client = try TestClient(app)
            client.enforceCSRFChecks = true
            try await Mail.using(MailSettings(backend: outbox, defaultFrom: "site@example.com")) {
                try await body(client, outbox)
            }
        }
    }

    static func requestReset(_ client: TestClient, _ email: String) async throws -> TestResponse {
        let token = try await AuthViewTests.token(client, "/accounts/password_reset/")
        return await client.post("/accounts/password_reset/", form: ["csrfmiddlewaretoken": token, "email": email])
    }

    @Test(arguments: UserModelTests.backends) func resetByEmail(backend: String) async throws {
        try await Self.withApp(on: backend) { client, outbox in
            // The login page links to the form.
            #expect(await client.get("/accounts/login/").text.contains(#"<a href="/accounts/password_reset/">"#))
            // Unknown address: the same redirect, no mail (nothing reveals which addresses exist).
            let unknown = try await Self.requestReset(client, "nobody@example.com")
            #expect(unknown.status == .found)
            #expect(unknown.headers["Location"] == "/accounts/password_reset/done/")
            #expect(outbox.outbox.isEmpty)
            // A malformed address: Django's form error.
            let malformed = try await Self.requestReset(client, "not an address")
            #expect(malformed.status == .ok)
            #expect(malformed.text.contains("Enter a valid email address."))

            // Any case of the address finds the user.
            let sent = try await Self.requestReset(client, "ANN@Example.com")
            #expect(sent.headers["Location"] == "/accounts/password_reset/done/")
            #expect(await client.get("/accounts/password_reset/done/").text.contains("We’ve emailed you instructions"))
            let mail = try #require(outbox.outbox.first)
            #expect(outbox.outbox.count == 1)
            #expect(mail.to == ["ann@example.com"])
            #expect(mail.subject == "Password reset on testserver")
            #expect(mail.body.contains("In case you’ve forgotten, you are: ann"))
            #expect(try mail.mimeText().contains("From: site@example.com\n"))
            let link = try #require(
                mail.body.firstMatch(of: /http:\/\/testserver(\/accounts\/reset\/MQ\/[0-9a-z]+-[0-9a-f]{32}\/)/))
            let path = String(link.1)

            // The link moves the token into the session and out of the URL.
            let confirm = await client.get(path)
            #expect(confirm.status == .found)
            #expect(confirm.headers["Location"] == "/accounts/reset/MQ/set-password/")
            #expect(confirm.headers["Cache-Control"]?.contains("no-store") == true)
            let form = await client.get("/accounts/reset/MQ/set-password/")
            #expect(form.text.contains("Enter new password"))
            let csrf = try #require(form.text.firstMatch(of: /name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"/))
            let mismatch = await client.post(
                "/accounts/reset/MQ/set-password/",
                form: ["csrfmiddlewaretoken": String(csrf.1), "new_password1": "n3w-pass!", "new_password2": "other"])
            #expect(mismatch.text.contains("The two password fields didn’t match."))
            let done = await client.post(
                "/accounts/reset/MQ/set-password/",
                form: [
                    "csrfmiddlewaretoken": String(csrf.1), "new_password1": "n3w-pass!", "new_password2": "n3w-pass!",
                ])
            #expect(done.status == .found)
            #expect(done.headers["Location"] == "/accounts/reset/done/")
            #expect(await client.get("/accounts/reset/done/").text.contains("Your password has been set."))

            // The new password logs in; the old one and the used link do not work.
            #expect(try await AuthViewTests.logIn(client, "ann", "s3cret!").status == .ok)
            #expect(try await AuthViewTests.logIn(client, "ann", "n3w-pass!").status == .found)
            #expect(await client.get(path).text.contains("Password reset unsuccessful"))
            #expect(await client.get("/accounts/reset/MQ/set-password/").text.contains("Password reset unsuccessful"))
        }
    }

    @Test(arguments: UserModelTests.backends) func noMailForInactiveOrPasswordlessUsers(backend: String) async throws {
        try await Self.withApp(on: backend) { client, outbox in
            var bob = User(password: "", username: "bob", email: "bob@example.com")
            bob.setUnusablePassword()
            try await bob.save()
            try await User(password: "x", username: "cy", email: "cy@example.com", isActive: false).save()
            for email in ["bob@example.com", "cy@example.com"] {
                #expect(try await Self.requestReset(client, email).status == .found)
            }
            #expect(outbox.outbox.isEmpty)
        }
    }

    @Test func badLinksShowTheUnsuccessfulPage() async throws {
        try await Self.withApp(on: "sqlite") { client, _ in
            for path in [
                "/accounts/reset/MQ/1-0123456789abcdef0123456789abcdef/", "/accounts/reset/!!!/x/",
                "/accounts/reset/OTk5OTk5OTk5OTk5OTk5OTk5OQ/x/", "/accounts/reset/Mg/set-password/",
                "/accounts/reset/MQ/set-password/",
                "/accounts/reset/\(String(repeating: "A", count: 5_000))/zzzzzzzzzzzzz-1/",
            ] {
                let response = await client.get(path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.text.contains("Password reset unsuccessful"), "\(path)")
            }
        }
    }
}
