import NIOCore
import NIOExtras
import NIOPosix
import Synchronization

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

    init(extensions: [String] = ["AUTH PLAIN LOGIN", "8BITMIME"]) async throws {
        self.extensions = extensions
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
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
            try await say("220 test ESMTP")
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
                    let lines = ["test"] + extensions
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
