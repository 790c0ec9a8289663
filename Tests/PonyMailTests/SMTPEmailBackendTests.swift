import Foundation
import Synchronization
import Testing

@testable import PonyMail

@Suite struct SMTPEmailBackendTests {
    @Test func sendsEachMessageWithItsEnvelope() async throws {
        let server = try await SMTPTestServer()
        var first = EmailMessage(
            subject: "Grüße", body: "Line one\n.dotted line\n", from: "Shop <shop@bücher.example>",
            to: ["Zoë <zoe@example.com>"], cc: ["cc@example.com"], bcc: ["hidden@example.com"])
        first.attachAlternative("<p>Hi</p>", mimeType: "text/html")
        let second = EmailMessage(subject: "Two", body: "Second", to: ["b@example.com"])
        let noRecipients = EmailMessage(subject: "Nobody", body: "x")
        let backend = SMTPEmailBackend(host: "127.0.0.1", port: server.port)
        let batch = [first, second, noRecipients]
        let sent = try await server.run {
            try await Mail.using(MailSettings(backend: backend, defaultFrom: "noreply@example.com")) {
                try await Mail.send(batch)
            }
        }
        #expect(sent == 2)
        let transactions = server.transactions.withLock { $0 }
        try #require(transactions.count == 2)
        #expect(transactions[0].from == "<shop@xn--bcher-kva.example>")
        #expect(transactions[0].to == ["<zoe@example.com>", "<cc@example.com>", "<hidden@example.com>"])
        #expect(transactions[1].from == "<noreply@example.com>")
        // NB: what arrives is the message text after the server undoes the dot-stuffing,
        // which this test server does not: the doubled dot shows the client stuffed it.
        #expect(transactions[0].data.contains("\n..dotted line\n"))
        #expect(!transactions[0].data.contains("hidden@example.com"))
        let received = try MIMEReader(transactions[1].data.replacingOccurrences(of: "\n..", with: "\n."))
        #expect(received.headers.contains { $0 == ("From", "noreply@example.com") })
        // NB: SMTP ends the data with a line break before the final dot, as smtplib does.
        #expect(received.parts.first?.content == Array("Second\n".utf8))
        let log = server.log.withLock { $0 }
        #expect(log.first?.hasPrefix("EHLO ") == true)
        #expect(log.last == "QUIT")
        #expect(!log.contains { $0.hasPrefix("AUTH") })
    }

    @Test func logsInWithPlainOrLogin() async throws {
        for (extensions, expected) in [
            (["AUTH PLAIN LOGIN"], "AUTH PLAIN AHVzZXIAcMOkc3M="), (["AUTH LOGIN"], "AUTH LOGIN"),
        ] {
            let server = try await SMTPTestServer(extensions: extensions)
            let backend = SMTPEmailBackend(host: "127.0.0.1", port: server.port, username: "user", password: "päss")
            let sent = try await server.run {
                try await backend.send([
                    EmailMessage(subject: "Hi", body: "x", from: "a@example.com", to: ["b@example.com"])
                ])
            }
            #expect(sent == 1)
            let log = server.log.withLock { $0 }
            #expect(log.contains(expected))
            if expected == "AUTH LOGIN" { #expect(log.contains("dXNlcg==") && log.contains("cMOkc3M=")) }
        }
    }

    @Test func refusalsAndFailuresAreErrors() async throws {
        let server = try await SMTPTestServer(extensions: [])
        let backend = SMTPEmailBackend(host: "127.0.0.1", port: server.port)
        try await server.run {
            // Some recipients refused: sent to the others, as smtplib does.
            let partly = EmailMessage(
                subject: "Hi", body: "x", from: "a@example.com", to: ["refused@example.com", "ok@example.com"])
            #expect(try await backend.send([partly]) == 1)
            let all = EmailMessage(subject: "Hi", body: "x", from: "a@example.com", to: ["refused@example.com"])
            await #expect(throws: EmailError.self) { try await backend.send([all]) }
            let silent = try await Mail.using(MailSettings(backend: backend)) {
                try await Mail.send([all], failSilently: true)
            }
            #expect(silent == 0)
            // A login the server does not offer.
            let login = SMTPEmailBackend(host: "127.0.0.1", port: server.port, username: "u", password: "p")
            await #expect(throws: EmailError.self) { try await login.send([partly]) }
        }
        // Nobody listening.
        let closed = SMTPEmailBackend(host: "127.0.0.1", port: server.port, timeout: .seconds(5))
        let error = await #expect(throws: EmailError.self) {
            try await closed.send([EmailMessage(subject: "Hi", body: "x", to: ["b@example.com"])])
        }
        #expect(error?.description.contains("127.0.0.1:\(server.port)") == true)
    }

    /// A server that never ends its line is cut off at 64 KiB, not read into memory forever.
    @Test func anEndlessLineIsRefused() async throws {
        let server = try await SMTPTestServer(greeting: "220 " + String(repeating: "x", count: 200_000))
        let backend = SMTPEmailBackend(host: "127.0.0.1", port: server.port)
        let error = try await server.run {
            await #expect(throws: EmailError.self) {
                try await backend.send([EmailMessage(subject: "Hi", body: "x", to: ["b@example.com"])])
            }
        }
        #expect(error?.description.contains("longer than 65536 bytes") == true, "\(String(describing: error))")
    }

    @Test func aMalformedMessageSendsNothing() async throws {
        let server = try await SMTPTestServer()
        let backend = SMTPEmailBackend(host: "127.0.0.1", port: server.port)
        try await server.run {
            let good = EmailMessage(subject: "Fine", body: "x", to: ["b@example.com"])
            let bad = EmailMessage(subject: "Evil\nBcc: victim@example.com", body: "x", to: ["b@example.com"])
            await #expect(throws: EmailError.self) { try await backend.send([good, bad]) }
        }
        #expect(server.log.withLock { $0 }.isEmpty)
    }

    @Test func dotStuffing() {
        #expect(SMTPSession.dotStuffed("a\n.b\n..c\n") == "a\r\n..b\r\n...c\r\n.\r\n")
        #expect(SMTPSession.dotStuffed("no newline") == "no newline\r\n.\r\n")
    }
}
