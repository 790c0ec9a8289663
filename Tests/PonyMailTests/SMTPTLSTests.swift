import Foundation
import Synchronization
import Testing

@testable import PonyMail

/// SMTP over TLS (Django's `EMAIL_USE_TLS` and `EMAIL_USE_SSL`) against a test server with
/// the certificates of `Fixtures/tls`.
@Suite struct SMTPTLSTests {
    static let message = EmailMessage(subject: "Hi", body: "x", from: "a@example.com", to: ["b@example.com"])
    static let authority = TestTLS.path("ca")

    /// NB: a minute to answer: when every suite starts at once on two cores, tests here have
    /// taken 20 s of wall time for work that takes milliseconds alone, and a 10 s deadline
    /// expired in CI.
    func backend(
        _ server: SMTPTestServer, host: String = "localhost", security: SMTPSecurity, authority: String? = authority
    ) -> SMTPEmailBackend {
        SMTPEmailBackend(
            host: host, port: server.port, username: "user", password: "secret", timeout: .seconds(60),
            security: security, certificateAuthorityFile: authority)
    }

    @Test func startTLSThenGreetsAgainAndLogsIn() async throws {
        let server = try await SMTPTestServer(tls: TestTLS(mode: .startTLS))
        let sent = try await server.run { try await backend(server, security: .startTLS).send([Self.message]) }
        #expect(sent == 1)
        let log = server.log.withLock { $0 }
        let verbs = log.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(Array(verbs.prefix(5)) == ["EHLO", "STARTTLS", "(TLS", "EHLO", "AUTH"])
        #expect(server.transactions.withLock { $0.count } == 1)
    }

    @Test func implicitTLSChecksAnAddressAgainstTheCertificate() async throws {
        let server = try await SMTPTestServer(tls: TestTLS(mode: .implicit))
        let sent = try await server.run {
            try await backend(server, host: "127.0.0.1", security: .implicitTLS).send([Self.message])
        }
        #expect(sent == 1)
        #expect(server.log.withLock { $0 }.first?.hasPrefix("EHLO") == true)
    }

    /// A certificate from an authority the system does not trust, or for another host, ends
    /// the conversation before the credentials are sent.
    @Test func anUntrustedCertificateSendsNothing() async throws {
        for (tls, authority) in [
            (TestTLS(mode: .startTLS), nil), (TestTLS(mode: .startTLS, certificate: "other"), Self.authority),
            (TestTLS(mode: .implicit, certificate: "other"), Self.authority),
        ] {
            let server = try await SMTPTestServer(tls: tls)
            let security: SMTPSecurity = tls.mode == .implicit ? .implicitTLS : .startTLS
            let error = try await server.run {
                await #expect(throws: EmailError.self) {
                    try await backend(server, security: security, authority: authority).send([Self.message])
                }
            }
            #expect(error?.description.contains("localhost:\(server.port)") == true)
            #expect(error?.description.contains("certificate") == true, "\(String(describing: error))")
            #expect(!server.log.withLock { $0 }.contains { $0.hasPrefix("AUTH") })
            #expect(server.transactions.withLock { $0 }.isEmpty)
        }
    }

    @Test func aServerWithoutSTARTTLSIsRefusedBeforeLoggingIn() async throws {
        let server = try await SMTPTestServer()
        let error = try await server.run {
            await #expect(throws: EmailError.self) {
                try await backend(server, security: .startTLS).send([Self.message])
            }
        }
        #expect(error?.description.contains("does not offer STARTTLS") == true)
        #expect(server.log.withLock { $0 } == ["EHLO \(Mail.hostName)"])
    }

    /// A reply slipped in after the server's `220` to `STARTTLS` (CVE-2011-0411's shape): a
    /// whole line, or part of one that would prefix the first encrypted reply.
    @Test(arguments: ["250 injected\r\n", "250-AUTH PLAIN"])
    func plainTextAfterSTARTTLSIsAnAttack(_ injected: String) async throws {
        let server = try await SMTPTestServer(tls: TestTLS(mode: .startTLS, injectAfterSTARTTLS: injected))
        let error = try await server.run {
            await #expect(throws: EmailError.self) {
                try await backend(server, security: .startTLS).send([Self.message])
            }
        }
        #expect(error?.description.contains("injecting") == true, "\(String(describing: error))")
        #expect(!server.log.withLock { $0 }.contains { $0.hasPrefix("AUTH") })
    }

    @Test func aClientCertificate() async throws {
        let server = try await SMTPTestServer(tls: TestTLS(mode: .implicit, requireClientCertificate: true))
        try await server.run {
            await #expect(throws: EmailError.self) {
                try await backend(server, security: .implicitTLS).send([Self.message])
            }
            var withCertificate = backend(server, security: .implicitTLS)
            withCertificate.certificateFile = TestTLS.path("client")
            withCertificate.keyFile = TestTLS.path("client-key")
            let sent = try await withCertificate.send([Self.message])
            #expect(sent == 1)
        }
        #expect(server.transactions.withLock { $0.count } == 1)
    }

    @Test func unreadableFilesAreNamed() async throws {
        let server = try await SMTPTestServer(tls: TestTLS(mode: .implicit))
        var unreadable = backend(server, security: .implicitTLS)
        unreadable.certificateFile = "/nonexistent/client.pem"
        let broken = unreadable
        let error = try await server.run {
            await #expect(throws: EmailError.self) { try await broken.send([Self.message]) }
        }
        #expect(error?.description.contains("/nonexistent/client.pem") == true)
        #expect(server.log.withLock { $0 }.isEmpty)
    }
}
