internal import Foundation
internal import Synchronization

/// Slows password guessing (beyond Django, which leaves it to packages such as django-axes):
/// after ``limit`` failed logins within ``window`` for one user name, or from one client
/// address, further attempts are refused until the window has passed. A success clears the
/// user name's count.
///
/// NB: the counts live in the process; with several instances each keeps its own, which
/// multiplies the limit by the number of instances but never locks anyone out for longer.
final class LoginThrottle: Sendable {
    /// Failures allowed per user name and per client address within the window.
    let limit = 5
    /// The window, in seconds.
    let window: TimeInterval = 15 * 60
    /// At most this many keys are remembered; the oldest go first.
    private let capacity = 10_000
    private let failures = Mutex<[String: [Date]]>([:])

    /// Minutes to wait, or `nil` when the attempt may go ahead.
    func refusal(username: String, client: String, now: Date = Date()) -> Int? {
        failures.withLock { failures in
            let keys = ["user:" + username.lowercased(), "client:" + client]
            let oldest = keys.compactMap { key -> Date? in
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
                return recent.count >= limit ? recent.first : nil
            }.min()
            guard let oldest else { return nil }
            return max(1, Int(((window - now.timeIntervalSince(oldest)) / 60).rounded(.up)))
        }
    }

    func failed(username: String, client: String, now: Date = Date()) {
        failures.withLock { failures in
            if failures.count >= capacity { failures.removeAll() }
            for key in ["user:" + username.lowercased(), "client:" + client] {
                failures[key] = ((failures[key] ?? []) + [now]).filter { now.timeIntervalSince($0) < window }.suffix(
                    limit
                )
                .map { $0 }
            }
        }
    }

    func succeeded(username: String, client: String) {
        failures.withLock { $0["user:" + username.lowercased()] = nil }
    }
}
