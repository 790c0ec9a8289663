internal import Synchronization

/// Who may use the writer connection: single statements share it (the connection runs them
/// one after another, and they arrive already queued), a transaction has it alone. Waiters
/// are served in arrival order, so a transaction is not starved by a stream of inserts.
///
/// A mutex rather than an actor: taking a free gate and releasing one does not leave the
/// caller's thread, which matters when every write passes through here.
final class WriterGate: Sendable {
    enum Mode { case shared, exclusive }

    private struct Waiter {
        let mode: Mode
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State: ~Copyable {
        var shared = 0
        var exclusive = false
        var waiters: [Waiter] = []

        /// Takes the gate in `mode` when that is possible now and nobody waits before us.
        mutating func take(_ mode: Mode) -> Bool {
            guard waiters.isEmpty, !exclusive else { return false }
            switch mode {
            case .shared: shared += 1
            case .exclusive:
                guard shared == 0 else { return false }
                exclusive = true
            }
            return true
        }

        /// The waiters at the front that may go now, marked as holding the gate.
        mutating func admit() -> [CheckedContinuation<Void, Never>] {
            var admitted: [CheckedContinuation<Void, Never>] = []
            while let first = waiters.first, !exclusive {
                if first.mode == .exclusive {
                    guard shared == 0 else { break }
                    exclusive = true
                } else {
                    shared += 1
                }
                admitted.append(waiters.removeFirst().continuation)
            }
            return admitted
        }
    }

    private let state = Mutex(State())

    func acquire(_ mode: Mode) async {
        if state.withLock({ $0.take(mode) }) { return }
        await withCheckedContinuation { continuation in
            // NB: the gate may have been released between the two locks.
            let admitted = state.withLock { state in
                state.waiters.append(Waiter(mode: mode, continuation: continuation))
                return state.admit()
            }
            for waiter in admitted { waiter.resume() }
        }
    }

    func release(_ mode: Mode) {
        let admitted = state.withLock { state in
            switch mode {
            case .shared: state.shared -= 1
            case .exclusive: state.exclusive = false
            }
            return state.admit()
        }
        for waiter in admitted { waiter.resume() }
    }
}
