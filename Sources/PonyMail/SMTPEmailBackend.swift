internal import Foundation
internal import NIOCore
internal import NIOPosix

/// Sends mail to an SMTP server (Django's default backend): one connection per batch, `EHLO`
/// (`HELO` if refused), `STARTTLS` and `EHLO` again when ``security`` asks for it,
/// `AUTH PLAIN` or `AUTH LOGIN` when a user name is set, then for each message `MAIL FROM`,
/// `RCPT TO` for every recipient (Bcc included) and `DATA`.
///
/// A message is sent when the server accepts at least one of its recipients, as Django's
/// backend (through `smtplib`) does.
///
/// ```swift
/// SMTPEmailBackend(host: "smtp.example.com", port: 587, username: "apikey", password: key,
///                  security: .startTLS)
/// ```
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
    /// Whether and how the connection is encrypted (`EMAIL_USE_TLS`, `EMAIL_USE_SSL`).
    public var security: SMTPSecurity
    /// A PEM file with a client certificate to present over TLS (`EMAIL_SSL_CERTFILE`).
    public var certificateFile: String?
    /// The PEM file with the client certificate's private key (`EMAIL_SSL_KEYFILE`); `nil`
    /// reads it from ``certificateFile``, as Python's `load_cert_chain` does.
    public var keyFile: String?
    /// A PEM file of the certificate authorities that may sign the server's certificate,
    /// for a server whose authority the system does not trust; `nil` trusts the system's
    /// authorities (or the file `SSL_CERT_FILE` names, as Python does).
    public var certificateAuthorityFile: String?

    /// A backend for `host:port` (Django's defaults: `localhost:25`, no login, no TLS).
    public init(
        host: String = "localhost", port: Int = 25, username: String? = nil, password: String? = nil,
        timeout: Duration = .seconds(30), security: SMTPSecurity = .plain, certificateFile: String? = nil,
        keyFile: String? = nil, certificateAuthorityFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.timeout = timeout
        self.security = security
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.certificateAuthorityFile = certificateAuthorityFile
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
            throw EmailError("Could not send mail through \(host):\(port): \(SMTPTLS.describe(error)).")
        }
    }

    private func deliver(_ envelopes: [Envelope]) async throws -> Int {
        let tls = security == .plain ? nil : try SMTPTLS(self)
        let implicitTLS = security == .implicitTLS ? tls : nil
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS { try implicitTLS.addHandler(to: channel) }
                    try channel.pipeline.syncOperations.addHandler(SMTPFramer())
                    return try NIOAsyncChannel<SMTPInbound, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(
                replies: inbound.makeAsyncIterator(), outbound: outbound, server: "\(host):\(port)")
            try await session.expect(220)
            var extensions = try await session.greet(as: Mail.hostName)
            if security == .startTLS, let tls {
                // NB: as smtplib's starttls(): refused unless offered, then EHLO again over TLS.
                guard extensions.contains("STARTTLS") else {
                    throw EmailError(
                        "The SMTP server at \(host):\(port) does not offer STARTTLS: use smtp:// (no TLS) or"
                            + " smtp+ssl:// (TLS from the start) if that is what it speaks.")
                }
                try await session.command("STARTTLS", expect: [220])
                try await channel.channel.eventLoop.submit { try tls.addHandler(to: channel.channel) }.get()
                try await session.awaitTLS()
                extensions = try await session.greet(as: Mail.hostName)
            }
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

/// How an SMTP connection is encrypted.
public enum SMTPSecurity: Sendable, Hashable {
    /// No encryption (Django's default).
    case plain
    /// Plain at first, then `STARTTLS` (Django's `EMAIL_USE_TLS`; port 587 usually).
    case startTLS
    /// TLS from the first byte (Django's `EMAIL_USE_SSL`; port 465 usually).
    case implicitTLS
}
