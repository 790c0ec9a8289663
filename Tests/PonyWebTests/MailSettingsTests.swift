import Foundation
import PonyMail
import PonyORM
import PonyTesting
import PonyWeb
import Testing

@testable import Pony

/// Where an app's mail goes: the terminal under `run`, SMTP on localhost under `serve`
/// (Django's default), `app.mail`, and `PONY_EMAIL_URL` / `PONY_DEFAULT_FROM_EMAIL` over both.
@Suite struct MailSettingsTests {
    @Test func defaultsAndOverrides() throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        #expect(try app.mailSettings(for: .development, environment: [:]).backend is ConsoleEmailBackend)
        let production = try app.mailSettings(for: .production, environment: [:])
        let smtp = try #require(production.backend as? SMTPEmailBackend)
        #expect(smtp.host == "localhost" && smtp.port == 25)
        #expect(production.defaultFrom == "webmaster@localhost")

        app.mail = MailSettings(backend: FileEmailBackend(directory: "/tmp/mail"), defaultFrom: "shop@example.com")
        let configured = try app.mailSettings(for: .production, environment: [:])
        #expect(configured.backend is FileEmailBackend)
        #expect(configured.defaultFrom == "shop@example.com")

        let environment = [
            "PONY_EMAIL_URL": "smtp://relay.internal:2525", "PONY_DEFAULT_FROM_EMAIL": "Ops <ops@example.com>",
        ]
        let overridden = try app.mailSettings(for: .development, environment: environment)
        #expect((overridden.backend as? SMTPEmailBackend)?.host == "relay.internal")
        #expect(overridden.defaultFrom == "Ops <ops@example.com>")
        #expect(
            try app.mailSettings(for: .production, environment: ["PONY_EMAIL_URL": "console:"]).defaultFrom
                == "shop@example.com")
        let tls = try app.mailSettings(for: .production, environment: ["PONY_EMAIL_URL": "smtp+ssl://mail.example.com"])
        #expect((tls.backend as? SMTPEmailBackend)?.security == .implicitTLS)
        #expect(throws: EmailError.self) {
            try app.mailSettings(for: .production, environment: ["PONY_EMAIL_URL": "imap://mail.example.com"])
        }
    }

    /// `mail.W001`: a password over plain SMTP to another machine; not over TLS, not to this one.
    @Test func aPasswordOverPlainSMTPWarnsAtDeployment() {
        let app = Pony(file: "/tmp/mail/app.swift")
        func ids(_ url: String) -> [String] {
            app.deploymentProblems(app.settings, environment: ["PONY_EMAIL_URL": url]).map(\.id).filter {
                $0.hasPrefix("mail.")
            }
        }
        #expect(ids("smtp://user:secret@smtp.example.com:587") == ["mail.W001"])
        #expect(ids("smtp+tls://user:secret@smtp.example.com").isEmpty)
        #expect(ids("smtp+ssl://user:secret@smtp.example.com").isEmpty)
        #expect(ids("smtp://user:secret@127.0.0.1:25").isEmpty)
        #expect(ids("smtp://smtp.example.com:25").isEmpty)
        let warning = app.deploymentProblems(
            app.settings, environment: ["PONY_EMAIL_URL": "smtp://user:secret@smtp.example.com"]
        ).first { $0.id == "mail.W001" }
        #expect(warning?.description.contains("secret") == false)
    }

    @Test func adminsFromTheEnvironment() throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        app.mail = MailSettings(backend: MemoryEmailBackend(), admins: ["old@example.com"])
        let environment = [
            "PONY_ADMINS": #""Ops, Team" <ops@example.com>, dev@example.com"#,
            "PONY_SERVER_EMAIL": "errors@example.com", "PONY_MANAGERS": "web@example.com",
            "PONY_EMAIL_URL": "dummy:",
        ]
        let settings = try app.mailSettings(for: .production, environment: environment)
        #expect(settings.admins == [#""Ops, Team" <ops@example.com>"#, "dev@example.com"])
        #expect(settings.serverEmail == "errors@example.com")
        #expect(settings.managers == ["web@example.com"])
        #expect(settings.backend is DummyEmailBackend)
        #expect(try app.mailSettings(for: .production, environment: [:]).admins == ["old@example.com"])
    }

    /// Under `serve`, a server error is mailed to the admins (Django's `AdminEmailHandler`),
    /// without the request's cookies; client errors are not, and a burst is capped.
    @Test func serverErrorsAreMailedToTheAdmins() async throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        app.get("/boom/") { _ -> String in throw DatabaseError("the disk is full") }
        app.get("/busy/") { _ -> String in throw HTTPError(.serviceUnavailable, "down for maintenance") }
        let outbox = MemoryEmailBackend()
        let settings = MailSettings(
            backend: outbox, admins: ["Ops <ops@example.com>"], serverEmail: "errors@example.com")
        let client = try TestClient(app, mode: .production, recordsServerErrors: false)
        try await ServerErrors.using(ServerErrorMail.reporter(for: settings)) {
            try await Mail.using(settings) {
                let response = await client.get("/boom/?page=2", headers: ["Cookie": "sessionid=secret-session"])
                #expect(response.status == .internalServerError)
                #expect(await client.get("/missing/").status == .notFound)
                #expect(await client.get("/busy/").status == .serviceUnavailable)
                try await Self.waitFor { outbox.outbox.count >= 2 }
            }
        }
        let mail = try #require(outbox.outbox.first { $0.subject.contains("/boom/") })
        #expect(mail.subject == "[Pony] ERROR (EXTERNAL IP): Internal Server Error: /boom/")
        #expect(mail.from == "errors@example.com")
        #expect(mail.to == ["Ops <ops@example.com>"])
        #expect(mail.body.contains("Request URL: http://testserver/boom/?page=2\n"))
        #expect(mail.body.contains("Exception Value: the disk is full"))
        #expect(!mail.body.contains("secret-session"))
        #expect(outbox.outbox.count == 2)
        #expect(ServerErrorMail.reporter(for: MailSettings(backend: outbox)) == nil)
    }

    @Test func aBurstOfErrorsSendsTenMailsAMinute() async throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        app.get("/boom/") { _ -> String in throw DatabaseError("down") }
        let outbox = MemoryEmailBackend()
        let settings = MailSettings(backend: outbox, admins: ["ops@example.com"])
        let client = try TestClient(app, mode: .production, recordsServerErrors: false)
        try await ServerErrors.using(ServerErrorMail.reporter(for: settings)) {
            try await Mail.using(settings) {
                for _ in 0..<25 { _ = await client.get("/boom/") }
                try await Self.waitFor { outbox.outbox.count >= ServerErrorMail.limit }
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(outbox.outbox.count == ServerErrorMail.limit)
        let (_, body) = ServerErrorMail.message(
            try Request(method: .get, target: "/x", headers: ["Host": "example.com"]), DatabaseError("down"),
            skipped: 15)
        #expect(body.contains("15 earlier server errors were not mailed (at most 10 mails a minute)."))
    }

    static func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }

    /// A view sends through the backend Pony set for the command it runs under.
    @Test func aCommandRunsWithTheMailSettings() async throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        let outbox = MemoryEmailBackend()
        app.mail = MailSettings(backend: outbox, defaultFrom: "shop@example.com")
        app.command("notify", summary: "Sends one message.", usesDatabase: false) { _ in
            try await Mail.send(subject: "Hi", message: "Text", to: ["a@example.com"])
            return 0
        }
        #expect(await app.main(["notify"]) == 0)
        #expect(outbox.outbox.map(\.subject) == ["Hi"])
    }

    /// Django's `sendtestemail`: to the addresses given, and to the managers and admins.
    @Test func sendTestEmail() async throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        let outbox = MemoryEmailBackend()
        app.mail = MailSettings(
            backend: outbox, defaultFrom: "shop@example.com", admins: ["ops@example.com"],
            managers: ["web@example.com"])
        #expect(await app.main(["sendtestemail", "ann@example.com", "bob@example.com", "--managers", "--admins"]) == 0)
        let sent = outbox.outbox
        try #require(sent.count == 3)
        #expect(sent[0].to == ["ann@example.com", "bob@example.com"])
        #expect(sent[0].body == "If you're reading this, it was successful.")
        #expect(sent[0].subject.hasPrefix("Test email from \(PonyMail.Mail.hostName) on "))
        #expect(sent[1].subject == "[Pony] " + sent[0].subject && sent[1].to == ["web@example.com"])
        #expect(sent[1].body == "This email was sent to the site managers.")
        #expect(sent[2].to == ["ops@example.com"] && sent[2].body == "This email was sent to the site admins.")
        // As Django's: something to send to is required, and unknown options are refused.
        #expect(await app.main(["sendtestemail"]) != 0)
        #expect(await app.main(["sendtestemail", "--everyone"]) != 0)
        #expect(outbox.outbox.count == 3)
        // Python's str() of an aware UTC datetime.
        #expect(
            Pony.pythonDateTime(Date(timeIntervalSince1970: 1_796_552_431.25)) == "2026-12-06 10:20:31.250000+00:00")
        #expect(Pony.pythonDateTime(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00+00:00")
    }
}
