internal import Foundation
internal import NIOCore

/// One message as SMTP carries it: the envelope's addresses and the text.
struct Envelope: Sendable {
    let from: String
    let to: [String]
    let data: String
}

/// One SMTP conversation: commands out, replies (possibly several lines) in.
struct SMTPSession {
    var replies: NIOAsyncChannelInboundStream<SMTPInbound>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let server: String

    /// Reads one reply: its code and the text of its lines.
    mutating func reply() async throws -> (code: Int, lines: [String]) {
        var lines: [String] = []
        while true {
            guard let inbound = try await replies.next() else {
                throw EmailError("The SMTP server at \(server) closed the connection.")
            }
            // NB: with TLS from the start, the handshake's end comes before the greeting.
            guard case .line(let line) = inbound else { continue }
            guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else {
                throw EmailError("The SMTP server at \(server) sent a malformed reply: \(line.debugDescription).")
            }
            lines.append(String(line.dropFirst(4)))
            if line.dropFirst(3).first != "-" { return (code, lines) }
        }
    }

    /// Waits for the TLS handshake that `STARTTLS` began. A reply line before it was sent in
    /// plain text after the server's `220` (injected by whoever sits on the path, as in
    /// CVE-2011-0411), so the conversation ends.
    mutating func awaitTLS() async throws {
        switch try await replies.next() {
        case .tlsStarted: return
        case .line:
            throw EmailError(
                "The SMTP server at \(server) sent more after agreeing to STARTTLS, before TLS began: someone on the"
                    + " path may be injecting commands, so nothing was sent.")
        case nil: throw EmailError("The SMTP server at \(server) closed the connection during STARTTLS.")
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
