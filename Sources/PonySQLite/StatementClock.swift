internal import Foundation
internal import Synchronization
internal import VaporCSQLite

/// Times the statement a connection is running, so that one running too long can be stopped
/// from another thread.
///
/// NB: sqlite-nio builds SQLite without progress callbacks (`SQLITE_OMIT_PROGRESS_CALLBACK`),
/// so a statement cannot check its own clock; ``StatementWatchdog`` does, every few
/// milliseconds, and calls `sqlite3_interrupt`, the one SQLite call made for another thread.
/// It does so holding this clock's lock while the statement is marked running, and the
/// statement is marked done under the same lock, so an interrupt meant for one statement
/// never stops the next one (an interrupt that lands after the last step is dropped by SQLite
/// when the statement resets).
final class StatementClock: Sendable {
    /// Why the watchdog stopped a statement.
    enum Stop: Sendable, Equatable {
        /// It ran past its budget on the caller's thread: run it again elsewhere.
        case yield
        /// It ran past the statement timeout: fail it.
        case timeout
    }

    private struct Run: ~Copyable {
        /// The connection's `sqlite3*`, as an address (a pointer is not `Sendable`; only
        /// `sqlite3_interrupt` uses it here, which SQLite allows from any thread).
        var handle: UInt
        var running = false
        var yieldAt: UInt64 = .max
        var timeoutAt: UInt64 = .max
        var stopped: Stop?
    }

    private let run: Mutex<Run>

    init(handle: UInt) {
        run = Mutex(Run(handle: handle))
        StatementWatchdog.shared.watch(self)
    }

    /// Marks a statement running, to be stopped after `yieldAfter` (to run again elsewhere) or
    /// `timeout` (to fail), either or both `nil` for no limit.
    func begin(yieldAfter: Duration?, timeout: Duration?) {
        let now = Self.now()
        run.withLock { run in
            run.running = true
            run.stopped = nil
            run.yieldAt = yieldAfter.map { now &+ Self.nanoseconds($0) } ?? .max
            run.timeoutAt = timeout.map { now &+ Self.nanoseconds($0) } ?? .max
        }
        StatementWatchdog.shared.started()
    }

    /// Marks the statement done, and says whether (and why) the watchdog stopped it.
    func end() -> Stop? {
        run.withLock { run in
            guard run.running else { return nil }
            run.running = false
            return run.stopped
        }
    }

    /// Stops the statement if it is past a deadline; `false` once it is no longer running.
    func check(at now: UInt64) -> Bool {
        run.withLock { run in
            guard run.running, run.handle != 0 else { return false }
            guard run.stopped == nil else { return true }
            if now >= run.timeoutAt {
                run.stopped = .timeout
            } else if now >= run.yieldAt {
                run.stopped = .yield
            } else {
                return true
            }
            sqlite_nio_sqlite3_interrupt(OpaquePointer(bitPattern: run.handle))
            return true
        }
    }

    /// The connection is closing: nothing more to interrupt.
    func close() {
        run.withLock { run in
            run.handle = 0
            run.running = false
        }
        StatementWatchdog.shared.forget(self)
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        return UInt64(clamping: seconds).multipliedReportingOverflow(by: 1_000_000_000).partialValue
            &+ UInt64(clamping: attoseconds / 1_000_000_000)
    }
}

/// The thread that checks the running statements' clocks, every 2 ms while statements run.
///
/// NB: a statement costs it one relaxed atomic add and one atomic load. The thread polls
/// while statements keep starting, and sleeps on a condition only after 200 ms without any,
/// so that a stream of short reads does not pay a wake-up (a futex call) each. The loop announces that it
/// sleeps before it looks a last time, and a statement announces that it started before it
/// reads that: one of the two always sees the other (and the sleep ends after a second anyway).
final class StatementWatchdog: Sendable {
    static let shared = StatementWatchdog()

    private let clocks = Mutex<[ObjectIdentifier: StatementClock]>([:])
    private let starts = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    private let wake = NSCondition()

    private init() {
        Thread.detachNewThread { [self] in loop() }
    }

    /// Called once per connection, when it opens.
    func watch(_ clock: StatementClock) {
        clocks.withLock { $0[ObjectIdentifier(clock)] = clock }
    }

    /// Called when a connection closes.
    func forget(_ clock: StatementClock) {
        clocks.withLock { $0[ObjectIdentifier(clock)] = nil }
    }

    /// Called by a clock whose statement has just started.
    func started() {
        starts.wrappingAdd(1, ordering: .sequentiallyConsistent)
        if sleeping.load(ordering: .sequentiallyConsistent) {
            wake.lock()
            wake.signal()
            wake.unlock()
        }
    }

    private func loop() {
        var seen = starts.load(ordering: .relaxed)
        var idlePolls = 0
        while true {
            let running = checkAll()
            let now = starts.load(ordering: .relaxed)
            idlePolls = running || now != seen ? 0 : idlePolls + 1
            seen = now
            if idlePolls < 100 {
                Thread.sleep(forTimeInterval: 0.002)
                continue
            }
            wake.lock()
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if starts.load(ordering: .sequentiallyConsistent) == seen, !checkAll() {
                _ = wake.wait(until: Date().addingTimeInterval(1))
            }
            sleeping.store(false, ordering: .sequentiallyConsistent)
            wake.unlock()
            idlePolls = 0
        }
    }

    /// Checks every clock; whether any statement is still running.
    private func checkAll() -> Bool {
        let watched = clocks.withLock { Array($0.values) }
        guard !watched.isEmpty else { return false }
        let now = StatementClock.now()
        var anyRunning = false
        for clock in watched where clock.check(at: now) { anyRunning = true }
        return anyRunning
    }
}
