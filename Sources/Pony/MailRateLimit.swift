internal import Synchronization

/// At most ``limit`` mails a minute per process, for mail that requests trigger (server
/// errors, broken links): a failing site or a crawler can trigger thousands a minute.
final class MailRateLimit: Sendable {
    let limit: Int
    private struct Window {
        var start = ContinuousClock.now
        var sent = 0
        var skipped = 0
    }
    private let window = Mutex(Window())

    init(limit: Int = 10) { self.limit = limit }

    /// `nil` when this minute's mails are used up; else how many were left out since the
    /// last one that went out.
    func take() -> Int? {
        window.withLock { window in
            if ContinuousClock.now - window.start > .seconds(60) { window = Window() }
            guard window.sent < limit else {
                window.skipped += 1
                return nil
            }
            window.sent += 1
            defer { window.skipped = 0 }
            return window.skipped
        }
    }
}
