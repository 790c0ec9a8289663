internal import Foundation
internal import Synchronization

/// Where ``Mail`` sends messages (Django's `EMAIL_BACKEND`).
///
/// Pony ships ``SMTPEmailBackend`` (production), ``ConsoleEmailBackend`` (development: the
/// message on standard output), ``FileEmailBackend``, ``MemoryEmailBackend`` (tests: an
/// outbox to inspect) and ``DummyEmailBackend``.
public protocol EmailBackend: Sendable {
    /// Sends `messages` and returns how many went out (Django's `send_messages`).
    ///
    /// - Throws: ``EmailError`` when a message is malformed or the transport fails.
    func send(_ messages: [EmailMessage]) async throws(EmailError) -> Int
}

/// Writes each message to standard output (or another stream), followed by a line of 79
/// dashes, as Django's console backend does: development's default.
public struct ConsoleEmailBackend: EmailBackend {
    let write: @Sendable (String) -> Void

    /// A backend writing to standard output.
    public init() {
        write = { text in FileHandle.standardOutput.write(Data(text.utf8)) }
    }

    /// A backend handing each message's text to `write`.
    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// Writes the messages.
    public func send(_ messages: [EmailMessage]) async throws(EmailError) -> Int {
        var sent = 0
        for message in messages where !message.recipients.isEmpty {
            write(try message.mimeText() + "\n" + String(repeating: "-", count: 79) + "\n")
            sent += 1
        }
        return sent
    }
}

/// Keeps the messages in ``outbox`` (Django's locmem backend and `mail.outbox`), for tests.
public final class MemoryEmailBackend: EmailBackend {
    private let messages = Mutex<[EmailMessage]>([])

    /// An empty outbox.
    public init() {}

    /// The messages sent so far, oldest first.
    public var outbox: [EmailMessage] { messages.withLock { $0 } }

    /// Empties the outbox.
    public func clear() { messages.withLock { $0.removeAll() } }

    /// Checks each message can be written, then keeps it.
    public func send(_ messages: [EmailMessage]) async throws(EmailError) -> Int {
        let sendable = messages.filter { !$0.recipients.isEmpty }
        for message in sendable { _ = try message.mimeText() }
        self.messages.withLock { $0 += sendable }
        return sendable.count
    }
}

/// Appends each batch of messages to a new file in a folder, as Django's file backend does
/// (`20261206-101500-<id>.log`).
public struct FileEmailBackend: EmailBackend {
    /// The folder the files go into; made when missing.
    public let directory: String

    /// A backend writing into `directory`.
    public init(directory: String) { self.directory = directory }

    /// Writes the messages to one new file.
    public func send(_ messages: [EmailMessage]) async throws(EmailError) -> Int {
        var text = ""
        var sent = 0
        for message in messages where !message.recipients.isEmpty {
            text += try message.mimeText() + "\n" + String(repeating: "-", count: 79) + "\n"
            sent += 1
        }
        guard sent > 0 else { return 0 }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let name = "\(formatter.string(from: Date()))-\(UInt32.random(in: 0...UInt32.max)).log"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        } catch {
            throw EmailError("Could not write mail to \(directory): \(error.localizedDescription)")
        }
        return sent
    }
}

/// Sends nothing, and reports every message as sent (Django's dummy backend).
public struct DummyEmailBackend: EmailBackend {
    /// A backend that drops every message.
    public init() {}

    /// Drops the messages.
    public func send(_ messages: [EmailMessage]) async throws(EmailError) -> Int { messages.count }
}
