internal import Logging
internal import Synchronization

/// Django's `transaction.on_commit` bookkeeping, which each backend's `transaction` calls.
///
/// A transaction, and each savepoint in it, collects the callbacks registered while it is
/// open. A savepoint that is released hands them to the transaction around it, and one rolled
/// back drops them; the outermost transaction runs them, in order, once it has committed.
package enum CommitHooks {
    /// A callback, and whether its error is logged rather than thrown (Django's `robust`).
    package typealias Callback = (run: @Sendable () async throws -> Void, robust: Bool)

    /// The callbacks of one open transaction or savepoint.
    final class Level: Sendable {
        let callbacks = Mutex<[Callback]>([])
    }

    /// The innermost open transaction or savepoint of this task.
    @TaskLocal static var level: Level?

    /// Runs `body` as one transaction or savepoint, and returns its result with the callbacks
    /// registered in it.
    package static func collecting<Result>(_ body: () async throws -> Result) async throws -> (Result, [Callback]) {
        let level = Level()
        let result = try await $level.withValue(level) { try await body() }
        return (result, level.callbacks.withLock { $0 })
    }

    /// Hands a released savepoint's callbacks to the transaction around it.
    package static func keep(_ callbacks: [Callback]) {
        guard !callbacks.isEmpty else { return }
        level?.callbacks.withLock { $0 += callbacks }
    }

    /// Runs a committed transaction's callbacks in order. A robust callback's error is logged;
    /// any other's is thrown, and the callbacks after it do not run (as in Django).
    package static func run(_ callbacks: [Callback]) async throws {
        for callback in callbacks {
            do {
                try await callback.run()
            } catch {
                guard callback.robust else { throw error }
                logger.error("A robust on_commit callback failed: \(error)")
            }
        }
    }

    /// Registers `callback` with the open transaction, or runs it now when there is none.
    static func register(_ callback: Callback) async throws {
        guard let level else { return try await run([callback]) }
        level.callbacks.withLock { $0.append(callback) }
    }

    private static let logger = Logger(label: "pony.db")
}

extension ORM {
    /// Runs `callback` once the current transaction commits (Django's `transaction.on_commit`):
    /// after the outermost `atomic` block around this call returns and its `COMMIT` succeeds,
    /// in the order the callbacks were registered. A rollback (of the transaction, or of the
    /// savepoint it was registered in) drops it; outside a transaction it runs at once.
    ///
    /// ```swift
    /// try await atomic {
    ///     try await order.save()
    ///     try await ORM.onCommit { try await sendConfirmation(order) }
    /// }
    /// ```
    ///
    /// A callback's error is thrown from the `atomic` call (the data stays committed) and the
    /// callbacks after it are dropped; with `robust`, it is logged and the others run.
    public static func onCommit(robust: Bool = false, _ callback: @escaping @Sendable () async throws -> Void)
        async throws
    {
        try await CommitHooks.register((callback, robust))
    }
}

/// Runs `callback` once the current transaction commits: `try await onCommit { … }` (see
/// ``ORM/onCommit(robust:_:)``).
public func onCommit(robust: Bool = false, _ callback: @escaping @Sendable () async throws -> Void) async throws {
    try await ORM.onCommit(robust: robust, callback)
}
