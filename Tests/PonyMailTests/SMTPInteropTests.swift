import Foundation
import Testing

@testable import PonyMail

/// The SMTP client against another implementation: aiosmtpd (PyPI) with Python's `ssl`, both
/// with STARTTLS and with TLS from the start, a login required (`Fixtures/tls/smtpd.py`).
/// Runs when `PONY_TEST_AIOSMTPD=1` says `python3` has aiosmtpd (`.ci/run` installs it).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PONY_TEST_AIOSMTPD"] == "1"))
struct SMTPInteropTests {
    /// Runs `smtpd.py` for `body`, with its STARTTLS and SMTPS ports and its message folder.
    static func withServers(_ body: (_ startTLS: Int, _ smtps: Int, _ folder: URL) async throws -> Void)
        async throws
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-smtpd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestTLS.path("smtpd", extension: "py"), folder.path]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // NB: stopped by closing its input, and waited for without `waitUntilExit`, which would
        // hold one of the few threads every test shares.
        func stop() async {
            try? input.fileHandleForWriting.close()
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
        let portsFile = folder.appendingPathComponent("ports")
        var ports: [Int] = []
        for _ in 0..<200 where ports.count != 2 && process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
            ports = ((try? String(contentsOf: portsFile, encoding: .utf8)) ?? "").split(separator: " ").compactMap {
                Int($0)
            }
        }
        do {
            try #require(ports.count == 2, "smtpd.py did not start (is aiosmtpd installed?)")
            try await body(ports[0], ports[1], folder)
        } catch {
            await stop()
            throw error
        }
        await stop()
    }

    static func received(_ folder: URL, _ number: Int) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(number).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func sendsOverBothKindsOfTLS() async throws {
        try await Self.withServers { startTLS, smtps, folder in
            let message = EmailMessage(
                subject: "Grüße über TLS", body: "Hallo", from: "shop@example.com", to: ["zoe@example.com"])
            for (number, (security, port)) in [(SMTPSecurity.startTLS, startTLS), (.implicitTLS, smtps)].enumerated() {
                let backend = SMTPEmailBackend(
                    host: "127.0.0.1", port: port, username: "user", password: "secret", security: security,
                    certificateAuthorityFile: TestTLS.path("ca"))
                let sent = try await backend.send([message])
                #expect(sent == 1)
                let record = try Self.received(folder, number + 1)
                #expect(record["tls"] as? Bool == true)
                #expect(record["login"] as? String == "user")
                #expect(record["from"] as? String == "shop@example.com")
                #expect(record["to"] as? [String] == ["zoe@example.com"])
                #expect((record["data"] as? String)?.contains("Subject: =?utf-8?b?R3LDvMOfZSDDvGJlciBUTFM=?=") == true)
            }
        }
    }

    @Test func refusalsFromTheServerAreErrors() async throws {
        try await Self.withServers { startTLS, _, folder in
            // aiosmtpd refuses a login before STARTTLS: a plain client cannot send.
            let plain = SMTPEmailBackend(host: "127.0.0.1", port: startTLS, username: "user", password: "secret")
            let message = EmailMessage(subject: "Hi", body: "x", from: "a@example.com", to: ["b@example.com"])
            await #expect(throws: EmailError.self) { try await plain.send([message]) }
            var wrong = plain
            wrong.password = "wrong"
            wrong.security = .startTLS
            wrong.certificateAuthorityFile = TestTLS.path("ca")
            let refused = wrong
            let error = await #expect(throws: EmailError.self) { try await refused.send([message]) }
            #expect(error?.description.contains("535") == true, "\(String(describing: error))")
            #expect(error?.description.contains("wrong") == false)
            #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.contains("1.json") == false)
        }
    }
}
