import Foundation
import PonyMail
import PonyTesting
import PonyWeb
import Testing

@testable import Pony

/// Django's `BrokenLinkEmailsMiddleware`: which 404s are mailed to the managers, with which
/// subject and body, compared with Django 5.2's in Fixtures/broken_links.json
/// (generate_broken_links.py).
@Suite struct BrokenLinkEmailsTests {
    struct Case: Decodable {
        var path: String
        var host: String?
        var referer: String?
        var agent: String?
        var address: String?
        var append_slash: Bool?
        var ignorable: [String]?
        var mail: Mail?

        struct Mail: Decodable, Equatable {
            var subject: String
            var body: String
        }
    }

    @Test func decidesAndWritesAsDjango() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/broken_links", withExtension: "json"))
        struct Fixture: Decodable { var cases: [Case] }
        let cases = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
        #expect(cases.count >= 20)
        for item in cases {
            var headers: Headers = ["Host": item.host ?? "testserver"]
            if let referer = item.referer { headers["Referer"] = referer }
            if let agent = item.agent { headers["User-Agent"] = agent }
            let request = try Request(
                method: .get, target: item.path, headers: headers, clientAddress: item.address ?? "127.0.0.1")
            let middleware = try BrokenLinkEmailsMiddleware(ignoring: item.ignorable ?? [])
            let report = middleware.report(request, appendSlash: item.append_slash ?? true)
            #expect(report.map { Case.Mail(subject: $0.subject, body: $0.body) } == item.mail, "\(item.path) \(item)")
        }
    }

    /// Through the server: mailed under `serve` (DEBUG off), in the background, for 404s only;
    /// never with DEBUG on; a pattern that does not compile is refused.
    @Test func mailsTheManagersAboutA404UnderServe() async throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        app.get("/here/") { _ in "here" }
        app.middleware(try BrokenLinkEmailsMiddleware(ignoring: [#"\.php$"#]))
        let outbox = MemoryEmailBackend()
        let settings = MailSettings(
            backend: outbox, managers: ["Web <web@example.com>"], serverEmail: "site@example.com")
        let link: Headers = ["Referer": "http://testserver/here/", "User-Agent": "Crawler/1.0"]
        let production = try TestClient(app, mode: .production)
        try await PonyMail.Mail.using(settings) {
            #expect(await production.get("/gone/", headers: link).status == .notFound)
            #expect(await production.get("/here/", headers: link).status == .ok)
            #expect(await production.get("/old.php", headers: link).status == .notFound)
            try await MailSettingsTests.waitFor { outbox.outbox.count >= 1 }
            let development = try TestClient(app, mode: .development)
            #expect(await development.get("/gone/", headers: link).status == .notFound)
        }
        try await Task.sleep(for: .milliseconds(50))
        try #require(outbox.outbox.count == 1)
        let mail = outbox.outbox[0]
        #expect(mail.subject == "[Pony] Broken INTERNAL link on testserver")
        #expect(mail.from == "site@example.com" && mail.to == ["Web <web@example.com>"])
        #expect(
            mail.body
                == "Referrer: http://testserver/here/\nRequested URL: /gone/\nUser agent: Crawler/1.0\nIP address: 127.0.0.1\n"
        )
        let refused = #expect(throws: ConfigurationError.self) {
            try BrokenLinkEmailsMiddleware(ignoring: ["(unclosed"])
        }
        #expect(refused?.id == "mail.E001")
    }

    @Test func aCrawlerCannotFloodTheManagers() async throws {
        let app = Pony(file: "/tmp/mail/app.swift")
        app.middleware(try BrokenLinkEmailsMiddleware())
        let outbox = MemoryEmailBackend()
        let client = try TestClient(app, mode: .production)
        try await PonyMail.Mail.using(MailSettings(backend: outbox, managers: ["web@example.com"])) {
            for number in 0..<25 {
                _ = await client.get("/gone/\(number)/", headers: ["Referer": "https://other.example/"])
            }
            try await MailSettingsTests.waitFor { outbox.outbox.count >= 10 }
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(outbox.outbox.count == 10)
    }
}
