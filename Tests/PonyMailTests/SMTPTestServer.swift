import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import Synchronization

/// How ``SMTPTestServer`` speaks TLS, with the certificates in `Fixtures/tls` (see its
/// generate.sh).
struct TestTLS {
    enum Mode { case startTLS, implicit }
    var mode: Mode
    /// `server` (localhost, 127.0.0.1) or `other` (mail.example.test).
    var certificate = "server"
    /// Asks the client for a certificate signed by the test authority.
    var requireClientCertificate = false
    /// Plain text sent right after agreeing to `STARTTLS`, as an attacker would slip it in.
    var injectAfterSTARTTLS = ""

    /// A file in `Fixtures/tls`.
    static func path(_ name: String, extension: String = "pem") -> String {
        Bundle.module.url(forResource: name, withExtension: `extension`, subdirectory: "Fixtures/tls")?.path ?? name
    }

    func context() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(Self.path(certificate)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: Self.path(certificate + "-key"), format: .pem)))
        if requireClientCertificate {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .file(Self.path("ca"))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}

/// A scripted SMTP server on a loopback port, for the backend's tests: it records what the
/// client sends and refuses recipients whose address contains "refused".
final class SMTPTestServer: Sendable {
    struct Transaction: Equatable {
        var from = ""
        var to: [String] = []
        var data = ""
    }

    let port: Int
    let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    let log = Mutex<[String]>([])
    let transactions = Mutex<[Transaction]>([])
    /// What EHLO lists after the greeting line.
    let extensions: [String]
    let tls: TestTLS?
    let tlsContext: NIOSSLContext?

    /// The first line the server sends.
    let greeting: String

    init(
        extensions: [String] = ["AUTH PLAIN LOGIN", "8BITMIME"], tls: TestTLS? = nil,
        greeting: String = "220 test ESMTP"
    ) async throws {
        self.extensions = extensions
        self.greeting = greeting
        self.tls = tls
        let context = try tls?.context()
        tlsContext = context
        let implicit = tls?.mode == .implicit ? context : nil
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    if let implicit {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: implicit))
                    }
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        port = channel.channel.localAddress?.port ?? 0
    }

    /// Serves connections until `body` returns.
    func run<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            let channel = self.channel
            group.addTask {
                try await channel.executeThenClose { inbound in
                    for try await connection in inbound {
                        try? await self.converse(connection)
                    }
                }
            }
            let result = try await body()
            group.cancelAll()
            return result
        }
    }

    private func converse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func say(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await say(greeting)
            var secure = tls?.mode == .implicit
            var current = Transaction()
            var data: String?
            for try await buffer in inbound {
                let line = String(buffer: buffer)
                if var body = data {
                    if line == "." {
                        current.data = body
                        transactions.withLock { $0.append(current) }
                        current = Transaction()
                        data = nil
                        try await say("250 queued")
                    } else {
                        body += line + "\n"
                        data = body
                    }
                    continue
                }
                log.withLock { $0.append(line) }
                let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
                switch verb {
                case "EHLO":
                    let lines = ["test"] + extensions + (tls?.mode == .startTLS && !secure ? ["STARTTLS"] : [])
                    for (index, text) in lines.enumerated() {
                        try await say("250" + (index == lines.count - 1 ? " " : "-") + text)
                    }
                case "AUTH":
                    if line.hasPrefix("AUTH LOGIN") {
                        try await say("334 VXNlcm5hbWU6")
                    } else {
                        try await say("235 authenticated")
                    }
                case "MAIL":
                    current.from = String(line.dropFirst("MAIL FROM:".count))
                    try await say("250 ok")
                case "RCPT":
                    let address = String(line.dropFirst("RCPT TO:".count))
                    if address.contains("refused") {
                        try await say("550 no such user")
                    } else {
                        current.to.append(address)
                        try await say("250 ok")
                    }
                case "DATA":
                    data = ""
                    try await say("354 go ahead")
                case "STARTTLS":
                    guard let tlsContext, !secure else {
                        try await say("502 not now")
                        continue
                    }
                    // NB: the reply and the TLS handler in one turn of the event loop, so that
                    // the client's hello cannot be read in between.
                    let reply = "220 go ahead\r\n" + (tls?.injectAfterSTARTTLS ?? "")
                    let child = connection.channel
                    try await child.eventLoop.submit {
                        child.writeAndFlush(ByteBuffer(string: reply), promise: nil)
                        try child.pipeline.syncOperations.addHandler(
                            NIOSSLServerHandler(context: tlsContext), position: .first)
                    }.get()
                    secure = true
                    log.withLock { $0.append("(TLS began)") }
                case "RSET":
                    current = Transaction()
                    try await say("250 ok")
                case "QUIT":
                    try await say("221 bye")
                    return
                default:
                    // AUTH LOGIN's user name and password lines.
                    if log.withLock({ $0.contains { $0.hasPrefix("AUTH LOGIN") } }) {
                        let count = log.withLock { $0.filter { !$0.contains(" ") }.count }
                        try await say(count == 1 ? "334 UGFzc3dvcmQ6" : "235 authenticated")
                    } else {
                        try await say("500 unknown command")
                    }
                }
            }
        }
    }
}
