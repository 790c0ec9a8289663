internal import Foundation
internal import Logging
internal import NIOCore
public import PonyORM
internal import PostgresNIO

/// PostgreSQL through postgres-nio, with a pool of connections.
///
/// Every statement outside a transaction takes a connection from the pool for its duration;
/// the server's MVCC lets reads and writes run side by side. Inside ``transaction(_:)`` every
/// statement of the task runs on the transaction's connection, and nested calls become
/// savepoints. Many processes may share one server: migrations take an advisory lock, so one
/// process at a time applies them.
public final class PostgresDatabase: Database {
    /// PostgreSQL's SQL.
    public var dialect: SQLDialect { .postgresql }
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let identity = UUID()

    /// A transaction's connection and how many savepoints deep the task is.
    struct OpenTransaction: Sendable {
        let connection: PostgresConnection
        let depth: Int
    }

    /// The transaction the current task is in, per database.
    @TaskLocal static var openTransactions: [UUID: OpenTransaction] = [:]

    /// Connects to the server at `url` (`postgres://user:password@host:5432/database`), with at
    /// most `maximumConnections` connections (the URL's `pool_size` parameter, else 10). Fails
    /// with the server's reason when the first connection cannot be made.
    ///
    /// With `statementTimeout`, the server cancels statements that run longer (PostgreSQL's
    /// `statement_timeout`, unless the URL's `options` already set one).
    public static func open(url: String, maximumConnections: Int? = nil, statementTimeout: Duration? = nil)
        async throws -> PostgresDatabase
    {
        var parsed = try PostgresURL(url)
        if let statementTimeout, !parsed.settings.contains(where: { $0.0 == "statement_timeout" }) {
            let (seconds, attoseconds) = statementTimeout.components
            let milliseconds = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
            parsed.settings.append(("statement_timeout", "\(milliseconds)"))
        }
        let logger = Logger(label: "pony.postgres")
        // NB: the pool retries a server it cannot reach; one connection first fails fast,
        // with the reason.
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try parsed.connectionConfiguration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw DatabaseError(
                "Could not connect to PostgreSQL at \(PostgresURL.redacted(url)): \(Self.reason(error))")
        }
        var configuration = try parsed.clientConfiguration
        configuration.options.maximumConnections = max(1, maximumConnections ?? parsed.poolSize ?? 10)
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // NB: the pool serves leases once `run()` has begun; the runner says when it begins.
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let runner = Task {
            starting.finish()
            await client.run()
        }
        for await _ in started {}
        return PostgresDatabase(client: client, runner: runner)
    }

    private init(client: PostgresClient, runner: Task<Void, Never>) {
        self.client = client
        self.runner = runner
        self.logger = Logger(label: "pony.postgres")
    }

    /// Whether the current task is inside a transaction on this database.
    public var isInTransaction: Bool { Self.openTransactions[identity] != nil }

    /// Runs a statement that returns rows, written with `?` placeholders (numbered here).
    public func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        try PostgresValues.rows(try await run(PostgresValues.numberPlaceholders(sql, binds), binds).rows)
    }

    /// Runs a statement that writes, written with `?` placeholders (numbered here). An
    /// `INSERT … RETURNING` reports the last returned key as ``ExecutionResult/lastInsertID``.
    @discardableResult
    public func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        try Self.executionResult(try await run(PostgresValues.numberPlaceholders(sql, binds), binds))
    }

    /// Runs a statement the ORM rendered with PostgreSQL's own placeholders (`$1`).
    public func query(rendered sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        try PostgresValues.rows(try await run(sql, binds).rows)
    }

    /// Runs a statement that writes, rendered with PostgreSQL's own placeholders (`$1`).
    @discardableResult
    public func execute(rendered sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        try Self.executionResult(try await run(sql, binds))
    }

    private static func executionResult(_ result: PostgresQueryResult) throws -> ExecutionResult {
        var lastID: Int64 = 0
        if let cell = result.rows.last?.first, case .integer(let id) = try PostgresValues.value(cell) { lastID = id }
        return ExecutionResult(changes: result.metadata.rows ?? result.rows.count, lastInsertID: lastID)
    }

    /// `BEGIN` … `COMMIT` (or `ROLLBACK` when `body` throws) on one connection; a savepoint
    /// when this task is already in a transaction.
    public func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        if let open = Self.openTransactions[identity] {
            let savepoint = "pony_savepoint_\(open.depth + 1)"
            let nested = OpenTransaction(connection: open.connection, depth: open.depth + 1)
            _ = try await run("SAVEPOINT \(savepoint)", [], on: open.connection)
            do {
                let (result, callbacks) = try await CommitHooks.collecting {
                    try await Self.$openTransactions.withValue(
                        Self.openTransactions.merging([identity: nested]) { $1 }, operation: body)
                }
                _ = try await run("RELEASE SAVEPOINT \(savepoint)", [], on: open.connection)
                CommitHooks.keep(callbacks)
                return result
            } catch {
                _ = try? await run("ROLLBACK TO SAVEPOINT \(savepoint)", [], on: open.connection)
                _ = try? await run("RELEASE SAVEPOINT \(savepoint)", [], on: open.connection)
                throw error
            }
        }
        let (result, callbacks) = try await client.withConnection { connection in
            _ = try await self.run("BEGIN", [], on: connection)
            do {
                let open = OpenTransaction(connection: connection, depth: 0)
                let collected = try await CommitHooks.collecting {
                    try await Self.$openTransactions.withValue(
                        Self.openTransactions.merging([self.identity: open]) { $1 }, operation: body)
                }
                _ = try await self.run("COMMIT", [], on: connection)
                return collected
            } catch {
                _ = try? await self.run("ROLLBACK", [], on: connection)
                throw error
            }
        }
        // NB: once the connection is back in the pool, so that a callback may use one.
        try await CommitHooks.run(callbacks)
        return result
    }

    /// Closes every connection.
    public func close() async throws {
        runner.cancel()
        await runner.value
    }

    // MARK: - Statements

    private func run(_ sql: String, _ binds: [DatabaseValue]) async throws -> PostgresQueryResult {
        if let open = Self.openTransactions[identity] { return try await run(sql, binds, on: open.connection) }
        return try await client.withConnection { connection in try await self.run(sql, binds, on: connection) }
    }

    private func run(_ sql: String, _ binds: [DatabaseValue], on connection: PostgresConnection) async throws
        -> PostgresQueryResult
    {
        do {
            return try await connection.query(PostgresValues.query(sql, binds), logger: logger).get()
        } catch let error as PSQLError {
            throw DatabaseError(Self.message(error), sql: sql)
        }
    }

    /// The server's message, detail and hint, or the client's reason.
    static func message(_ error: PSQLError) -> String {
        guard let info = error.serverInfo, let message = info[.message] else {
            return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        }
        return [message, info[.detail], info[.hint].map { "Hint: \($0)" }].compactMap { $0 }.joined(separator: ". ")
    }

    private static func reason(_ error: any Error) -> String {
        (error as? PSQLError).map(message) ?? "\(error)"
    }
}
