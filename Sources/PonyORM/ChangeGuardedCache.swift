internal import Synchronization

/// Values read from the database, kept for as long as the database reports no committed change
/// (``Database/changeVersion()``: on SQLite, the WAL index's record of the last commit, which
/// sees the commits of every connection and process). The first commit anywhere drops them
/// all, so a value is never older than the database: a logout, a deactivated user or a changed
/// password in another worker process is seen by the next request, as without the cache.
///
/// A backend without a version (PostgreSQL, an in-memory SQLite database), or a task inside a
/// transaction (whose own uncommitted changes the cache cannot see), reads every time.
///
/// ```swift
/// let users = ChangeGuardedCache<Int32, User?>(capacity: 4096)
/// let user = try await users.value(for: id) { try await User.objects.filter(\.id, .exact(id)).first() }
/// ```
public final class ChangeGuardedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var version: DatabaseVersion?
        var values: [Key: Value] = [:]
    }
    private let state = Mutex(State())
    private let capacity: Int

    /// A cache of at most `capacity` values (all are dropped when it is full).
    public init(capacity: Int) { self.capacity = capacity }

    /// The value for `key`: kept, or read by `load` and kept.
    public func value(for key: Key, _ load: () async throws -> Value) async throws -> Value {
        try await value(for: key, at: DatabaseVersion.current(), load)
    }

    /// The value for `key` as of `version`, a ``DatabaseVersion/current()`` the caller took before (to
    /// read several values as of one moment with one look at the database): kept, or read by
    /// `load` and kept; with a `nil` version, read.
    public func value(for key: Key, at version: DatabaseVersion?, _ load: () async throws -> Value)
        async throws -> Value
    {
        // NB: the version is taken before the read, so a commit during the read changes it and
        // the value read is dropped at the next look. A value is kept under a version only when
        // it was read after that version was seen, so it is never older than the version.
        guard let version else { return try await load() }
        let kept: Value? = state.withLock { state in
            if state.version != version {
                state.values.removeAll(keepingCapacity: true)
                state.version = version
            }
            return state.values[key]
        }
        if let kept { return kept }
        let value = try await load()
        state.withLock { state in
            guard state.version == version else { return }
            if state.values.count >= capacity { state.values.removeAll(keepingCapacity: true) }
            state.values[key] = value
        }
        return value
    }
}

extension DatabaseVersion {
    /// The version values are kept under now: the task's database's (``ORM/database``), or
    /// `nil` when nothing may be kept (no version, or the task is in a transaction).
    public static func current() -> DatabaseVersion? {
        guard let database = ORM.database, !database.isInTransaction else { return nil }
        return database.changeVersion()
    }
}
