import Foundation
import Synchronization
import Testing

@testable import PonyMail

@Suite struct MailAddressTests {
    /// Python's `domain.encode("idna")`, which Django's `punycode()` calls.
    @Test(arguments: [
        ("bücher.example", "xn--bcher-kva.example"), ("MÜNCHEN.de", "xn--mnchen-3ya.de"),
        ("例え.テスト", "xn--r8jz45g.xn--zckzah"), ("ПРИМЕР.рф", "xn--e1afmkfd.xn--p1ai"),
        ("ascii.example", "ascii.example"), ("straße.de", "strasse.de"), ("ﬁ.com", "fi.com"),
    ])
    func punycodeMatchesPython(_ domain: String, _ expected: String) {
        #expect(Punycode.domain(domain) == expected)
    }

    @Test func parsesTheFormsDjangoAccepts() throws {
        #expect(try MailAddress(parsing: "a@example.com") == MailAddress(address: "a@example.com"))
        #expect(
            try MailAddress(parsing: " Zoë <zoe@example.com> ") == MailAddress(name: "Zoë", address: "zoe@example.com"))
        #expect(
            try MailAddress(parsing: #""Last, \"First\"" <x@example.com>"#)
                == MailAddress(name: #"Last, "First""#, address: "x@example.com"))
        #expect(
            EmailMessage.splitAddresses(#"a@x.com, "B, C" <b@y.com>,, <c@z.com>"#) == [
                "a@x.com", #""B, C" <b@y.com>"#, "<c@z.com>",
            ])
        for bad in [
            "", "no-at-sign", "@example.com", "a@", "two words@example.com", "a@b.com\nBcc: c@d.com", "<a@b.com",
        ] {
            #expect(throws: EmailError.self) { try MailAddress(parsing: bad) }
        }
        #expect(throws: EmailError.self) { try MailAddress(address: "zoë@example.com").encodedAddress() }
    }

    /// Hostile values reach these through a form (a password reset's email, a contact form):
    /// none may trap, and each header line stays a line of its own.
    @Test func hostileValuesNeitherTrapNorInjectHeaders() throws {
        let long = String(repeating: "é", count: 100_000)
        #expect(Punycode.domain(long + ".example").hasPrefix("xn--"))
        #expect(Punycode.domain(String(repeating: "\u{10FFFF}", count: 5_000)).hasPrefix("xn--"))
        let message = EmailMessage(
            subject: long, body: String(repeating: "x", count: 5_000) + " \t", from: "\(long) <a@example.com>",
            to: ["b@example.com"], headers: [("X-Long", long)])
        let text = try message.mimeText()
        for line in text.split(separator: "\n") { #expect(line.utf8.count <= 998) }
        #expect(throws: EmailError.self) { try MailAddress(address: "b@\(long).example").encodedAddress() }
        #expect(throws: EmailError.self) {
            try MailAddress(address: "b@\(String(repeating: "a", count: 64)).com").encodedAddress()
        }
        #expect(throws: EmailError.self) {
            try EmailMessage(subject: "x", to: ["a@b.com"], headers: [("Bad Name", "x")]).mimeText()
        }
        #expect(throws: EmailError.self) {
            try EmailMessage(subject: "x", to: ["a@b.com"], headers: [("X-Evil", "a\rBcc: c@d.com")]).mimeText()
        }
    }

    @Test func settingsFromURLs() throws {
        let smtp = try MailSettings(url: "smtp://us%40er:p%3Ass@mail.example.com:2525").backend as? SMTPEmailBackend
        #expect(smtp?.host == "mail.example.com")
        #expect(smtp?.port == 2525)
        #expect(smtp?.username == "us@er")
        #expect(smtp?.password == "p:ss")
        #expect((try MailSettings(url: "smtp://localhost").backend as? SMTPEmailBackend)?.port == 25)
        #expect(try MailSettings(url: "console:").backend is ConsoleEmailBackend)
        #expect(try MailSettings(url: "dummy:").backend is DummyEmailBackend)
        #expect((try MailSettings(url: "file:///tmp/mail").backend as? FileEmailBackend)?.directory == "/tmp/mail")
        // django-environ's schemes: smtp+tls (and smtps) for STARTTLS, smtp+ssl for TLS at once.
        for (url, security, port) in [
            ("smtp+tls://mail.example.com", SMTPSecurity.startTLS, 587),
            ("smtps://mail.example.com:2587", .startTLS, 2587),
            ("smtp+ssl://mail.example.com", .implicitTLS, 465), ("smtp://mail.example.com", .plain, 25),
        ] {
            let backend = try MailSettings(url: url).backend as? SMTPEmailBackend
            #expect(backend?.security == security && backend?.port == port, "\(url)")
        }
        let options =
            try MailSettings(
                url: "smtp+tls://u:p@mail.example.com?timeout=2.5&certfile=/c.pem&keyfile=/k.pem&cafile=/ca.pem"
            ).backend as? SMTPEmailBackend
        #expect(options?.timeout == .milliseconds(2500))
        #expect(options?.certificateFile == "/c.pem" && options?.keyFile == "/k.pem")
        #expect(options?.certificateAuthorityFile == "/ca.pem")
        for bad in [
            "submission://mail.example.com", "smtp://", "http://example.com", "file://", "nonsense",
            "smtp://u:secret@mail.example.com?timeout=-1", "smtp://u:secret@mail.example.com?timeout=nan",
            "smtp://u:secret@mail.example.com?timeout=1e300", "smtp://u:secret@mail.example.com?tls=1",
            "smtp://u:secret@mail.example.com?cafile=", "pop3://u:secret@mail.example.com",
        ] {
            let error = #expect(throws: EmailError.self) { try MailSettings(url: bad) }
            #expect(error?.description.contains("secret") == false, "\(bad): the password shows")
        }
    }

    @Test func consoleFileAndMemoryBackends() async throws {
        let written = OutputCollector()
        let message = EmailMessage(subject: "Hi", body: "Body", from: "a@example.com", to: ["b@example.com"])
        #expect(
            try await ConsoleEmailBackend(write: written.append).send([message, EmailMessage(subject: "nobody")]) == 1)
        #expect(written.text.hasSuffix("\n\nBody\n" + String(repeating: "-", count: 79) + "\n"))
        #expect(written.text.contains("Subject: Hi\n"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-mail-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try await FileEmailBackend(directory: folder).send([message, message]) == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1)
        let text = try String(contentsOfFile: folder + "/" + files[0], encoding: .utf8)
        #expect(text.components(separatedBy: String(repeating: "-", count: 79)).count == 3)

        let memory = MemoryEmailBackend()
        _ = try await Mail.using(MailSettings(backend: memory)) {
            try await Mail.send(subject: "Welcome", message: "Text", to: ["c@example.com"], html: "<p>Text</p>")
        }
        #expect(memory.outbox.count == 1)
        #expect(memory.outbox.first?.from == nil)
        #expect(memory.outbox.first?.alternatives.first?.mimeType == "text/html")
        memory.clear()
        #expect(memory.outbox.isEmpty)
        #expect(try await DummyEmailBackend().send([message, message]) == 2)
    }
}

extension MailAddressTests {
    /// Django's `mail_admins` and `mail_managers`.
    @Test func mailToAdminsAndManagers() async throws {
        let outbox = MemoryEmailBackend()
        let settings = MailSettings(
            backend: outbox, admins: ["Ann <ann@example.com>"], managers: ["bob@example.com"],
            serverEmail: "server@example.com", subjectPrefix: "[Shop] ")
        let counts = try await Mail.using(settings) {
            [
                try await Mail.admins(subject: "Disk", message: "Full", html: "<p>Full</p>"),
                try await Mail.managers(subject: "Broken link", message: "/old/"),
            ]
        }
        #expect(counts == [1, 1])
        #expect(outbox.outbox.map(\.subject) == ["[Shop] Disk", "[Shop] Broken link"])
        #expect(outbox.outbox.map(\.to) == [["Ann <ann@example.com>"], ["bob@example.com"]])
        #expect(outbox.outbox.allSatisfy { $0.from == "server@example.com" })
        #expect(outbox.outbox.first?.alternatives.count == 1)
        let nobody = try await Mail.using(MailSettings(backend: outbox)) {
            try await Mail.admins(subject: "x", message: "y")
        }
        #expect(nobody == 0)
        #expect(outbox.outbox.count == 2)
    }
}

/// Collects what the console backend writes.
final class OutputCollector: Sendable {
    private let storage = Mutex<String>("")
    var text: String { storage.withLock { $0 } }
    @Sendable func append(_ text: String) { storage.withLock { $0 += text } }
}
