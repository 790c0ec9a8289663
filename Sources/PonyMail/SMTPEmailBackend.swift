internal import Foundation
internal import NIOCore
internal import NIOExtras
internal import NIOPosix

/// Sends mail to an SMTP server (Django's default backend): one connection per batch, `EHLO`
/// (`HELO` if refused), `AUTH PLAIN` or `AUTH LOGIN` when a user name is set, then for each
/// message `MAIL FROM`, `RCPT TO` for every recipient (Bcc included) and `DATA`.
///
/// A message is sent when the server accepts at least one of its recipients, as Django's
/// backend (through `smtplib`) does. The client speaks plain SMTP: for TLS, send through a
/// relay on the same machine or network (Postfix, or a provider's agent).
public struct SMTPEmailBackend: EmailBackend {
    /// The server's host name or address (`EMAIL_HOST`).
    public var host: String
    /// The server's port (`EMAIL_PORT`).
    public var port: Int
    /// The user name for SMTP AUTH (`EMAIL_HOST_USER`); `nil` sends without logging in.
    public var username: String?
    /// The password for SMTP AUTH (`EMAIL_HOST_PASSWORD`).
    public var password: String?
    /// How long a batch may take per message before it fails (`EMAIL_TIMEOUT`).
    public var timeout: Duration

    /// A backend for `host:port` (Django's defaults: `localhost:25`, no login).
    public init(
        host: String = "localhost", port: Int = 25, username: String? = nil, password: String? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.timeout = timeout
    }

    /// Sends the messages over one connection.
    public func send(_ messages: [EmailMessage]) async throws(EmailError) -> Int {
        let sendable = messages.filter { !$0.recipients.isEmpty }
        guard !sendable.isEmpty else { return 0 }
        // NB: every message is written (and checked) before connecting, so a malformed one
        // fails the batch without sending part of it.
        var envelopes: [Envelope] = []
        for message in sendable {
            let from = try MailAddress(parsing: message.from ?? Mail.defaultFrom).encodedAddress()
            var to: [String] = []
            for recipient in message.recipients { to.append(try MailAddress(parsing: recipient).encodedAddress()) }
            envelopes.append(Envelope(from: from, to: to, data: try message.mimeText()))
        }
        let deadline = timeout * max(envelopes.count, 1)
        let batch = envelopes
        do {
            return try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await self.deliver(batch) }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    throw EmailError("The SMTP server at \(host):\(port) did not answer within \(deadline).")
                }
                defer { group.cancelAll() }
                return try await group.next() ?? 0
            }
        } catch let error as EmailError {
            throw error
        } catch {
            throw EmailError("Could not send mail through \(host):\(port): \(error).")
        }
    }

    private func deliver(_ envelopes: [Envelope]) async throws -> Int {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(
                replies: inbound.makeAsyncIterator(), outbound: outbound, server: "\(host):\(port)")
            try await session.expect(220)
            let extensions = try await session.greet(as: Mail.hostName)
            if let username { try await session.authenticate(username, password ?? "", extensions: extensions) }
            var sent = 0
            for envelope in envelopes {
                if try await session.transfer(from: envelope.from, to: envelope.to, data: envelope.data) { sent += 1 }
            }
            _ = try? await session.command("QUIT", expect: [221])
            return sent
        }
    }
}

/// One message as SMTP carries it: the envelope's addresses and the text.
struct Envelope: Sendable {
    let from: String
    let to: [String]
    let data: String
}

/// One SMTP conversation: commands out, replies (possibly several lines) in.
struct SMTPSession {
    var replies: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let server: String

    /// Reads one reply: its code and the text of its lines.
    mutating func reply() async throws -> (code: Int, lines: [String]) {
        var lines: [String] = []
        while true {
            guard let buffer = try await replies.next() else {
                throw EmailError("The SMTP server at \(server) closed the connection.")
            }
            let line = String(buffer: buffer)
            guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else {
                throw EmailError("The SMTP server at \(server) sent a malformed reply: \(line.debugDescription).")
            }
            lines.append(String(line.dropFirst(4)))
            if line.dropFirst(3).first != "-" { return (code, lines) }
        }
    }

    mutating func expect(_ codes: Set<Int>, after command: String = "connecting") async throws {
        let (code, lines) = try await reply()
        guard codes.contains(code) else {
            throw EmailError(
                "The SMTP server at \(server) answered \(code) \(lines.joined(separator: " ")) to \(command).")
        }
    }

    mutating func expect(_ code: Int) async throws { try await expect([code]) }

    @discardableResult
    mutating func command(_ text: String, expect codes: Set<Int>, shown: String? = nil) async throws -> (
        code: Int, lines: [String]
    ) {
        try await outbound.write(ByteBuffer(string: text + "\r\n"))
        let reply = try await reply()
        guard codes.contains(reply.code) else {
            throw EmailError(
                "The SMTP server at \(server) answered \(reply.code) \(reply.lines.joined(separator: " ")) to \(shown ?? text)."
            )
        }
        return reply
    }

    /// `EHLO`, or `HELO` when the server refuses it; the extensions the server lists
    /// (upper-cased: `AUTH PLAIN LOGIN`, `8BITMIME`).
    mutating func greet(as name: String) async throws -> [String] {
        try await outbound.write(ByteBuffer(string: "EHLO \(name)\r\n"))
        let (code, lines) = try await reply()
        if code == 250 { return lines.dropFirst().map { $0.uppercased() } }
        try await command("HELO \(name)", expect: [250])
        return []
    }

    /// SMTP AUTH with PLAIN, else LOGIN, as `smtplib.login` prefers them.
    mutating func authenticate(_ username: String, _ password: String, extensions: [String]) async throws {
        let mechanisms = Set(
            extensions.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
                .flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) })
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if mechanisms.contains("PLAIN") {
            try await command(
                "AUTH PLAIN " + base64("\0\(username)\0\(password)"), expect: [235], shown: "AUTH PLAIN (credentials)")
        } else if mechanisms.contains("LOGIN") {
            try await command("AUTH LOGIN", expect: [334])
            try await command(base64(username), expect: [334], shown: "AUTH LOGIN (user name)")
            try await command(base64(password), expect: [235], shown: "AUTH LOGIN (password)")
        } else {
            throw EmailError(
                "The SMTP server at \(server) offers no login Pony speaks (PLAIN or LOGIN): remove the user name from"
                    + " PONY_EMAIL_URL or use another server.")
        }
    }

    /// One message; `false` when the server refused every recipient.
    mutating func transfer(from: String, to recipients: [String], data: String) async throws -> Bool {
        try await command("MAIL FROM:<\(from)>", expect: [250])
        var accepted = 0
        for recipient in recipients {
            try await outbound.write(ByteBuffer(string: "RCPT TO:<\(recipient)>\r\n"))
            if [250, 251].contains(try await reply().code) { accepted += 1 }
        }
        guard accepted > 0 else {
            try await command("RSET", expect: [250])
            throw EmailError(
                "The SMTP server at \(server) refused every recipient: \(recipients.joined(separator: ", ")).")
        }
        try await command("DATA", expect: [354])
        try await outbound.write(ByteBuffer(string: Self.dotStuffed(data)))
        try await expect([250], after: "the message")
        return true
    }

    /// The message with CRLF line endings, lines starting with `.` doubled (RFC 5321 §4.5.2),
    /// and the final `.` line.
    static func dotStuffed(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n") + "\r\n.\r\n"
    }
}
