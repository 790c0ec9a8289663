import Foundation
import PonyMail
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
        #expect(throws: EmailError.self) {
            try app.mailSettings(for: .production, environment: ["PONY_EMAIL_URL": "smtps://mail.example.com"])
        }
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
}
