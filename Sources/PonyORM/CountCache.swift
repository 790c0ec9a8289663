/// Row counts kept between requests while the database reports no commit, by statement:
/// `try await tasks.count(keptIn: counts)` (see ``QuerySet/count(keptIn:)``).
public final class CountCache: Sendable {
    struct Key: Hashable, Sendable {
        let sql: String
        let binds: [DatabaseValue]
    }
    let counts: ChangeGuardedCache<Key, Int>

    /// A cache of at most `capacity` counts (all are dropped when it is full).
    public init(capacity: Int = 256) { counts = ChangeGuardedCache(capacity: capacity) }
}
