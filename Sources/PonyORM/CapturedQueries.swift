import Synchronization

extension ORM {
    /// Runs `body` and returns, with its result, the statements it ran on the task's
    /// database, in order: Django's `CaptureQueriesContext`, and with `.count` its
    /// `assertNumQueries`.
    ///
    /// ```swift
    /// let (owners, queries) = try await ORM.capturingQueries {
    ///     try await Owner.objects.prefetchRelated("tasks").fetch()
    /// }
    /// #expect(queries.count == 2)
    /// ```
    ///
    /// Reads and writes both count; `BEGIN`, `COMMIT` and savepoints do not. Only the statements
    /// of this task and the tasks it starts are captured.
    public static func capturingQueries<Result: Sendable>(
        _ body: () async throws -> Result
    ) async throws -> (result: Result, queries: [CapturedQuery]) {
        let capturing = CapturingDatabase(try requireDatabase())
        let result = try await $database.withValue(capturing) { try await body() }
        return (result, capturing.captured.withLock { $0 })
    }
}

/// A statement ``ORM/capturingQueries(_:)`` saw: its SQL, in the backend's dialect, and the
/// values bound to its placeholders.
public struct CapturedQuery: Sendable, Hashable, CustomStringConvertible {
    /// The statement's SQL.
    public let sql: String
    /// The values of its placeholders, in order.
    public let binds: [DatabaseValue]

    /// The SQL.
    public var description: String { sql }
}

/// A database that records the statements it passes on to `base`.
private final class CapturingDatabase: Database {
    let base: any Database
    let captured = Mutex<[CapturedQuery]>([])

    init(_ base: any Database) { self.base = base }

    var dialect: SQLDialect { base.dialect }
    var isInTransaction: Bool { base.isInTransaction }

    private func record(_ sql: String, _ binds: [DatabaseValue]) {
        captured.withLock { $0.append(CapturedQuery(sql: sql, binds: binds)) }
    }

    func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        record(sql, binds)
        return try await base.query(sql, binds)
    }

    func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        record(sql, binds)
        return try await base.execute(sql, binds)
    }

    func query(rendered sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        record(sql, binds)
        return try await base.query(rendered: sql, binds)
    }

    func execute(rendered sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        record(sql, binds)
        return try await base.execute(rendered: sql, binds)
    }

    func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await base.transaction(body)
    }

    func close() async throws { try await base.close() }

    func changeVersion() -> DatabaseVersion? { base.changeVersion() }
}
