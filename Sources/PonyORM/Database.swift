public import Foundation

/// A value as databases store it: the five SQLite storage classes, which PostgreSQL values
/// map onto as well.
@frozen
public enum DatabaseValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])
}

/// One result row: values by column name or position.
public struct DatabaseRow: Sendable {
    /// The column names, in order.
    public let columns: [String]
    /// The values, in column order.
    public let values: [DatabaseValue]

    /// Creates a row; `columns` and `values` have the same length.
    public init(columns: [String], values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the column `name`, or `nil` when the row has no such column.
    public subscript(name: String) -> DatabaseValue? {
        columns.firstIndex(of: name).map { values[$0] }
    }
}

/// What a statement that writes did.
public struct ExecutionResult: Sendable, Equatable {
    /// Rows inserted, updated or deleted.
    public let changes: Int
    /// The primary key of the last row inserted on this connection.
    public let lastInsertID: Int64

    /// Creates a result.
    public init(changes: Int, lastInsertID: Int64) {
        self.changes = changes
        self.lastInsertID = lastInsertID
    }
}

/// A database backend: SQLite or PostgreSQL. Statements are SQL with placeholders for the
/// bound values, never values spliced into SQL text: `?` in SQL written by hand (which
/// PostgreSQL's backend numbers), the dialect's own (`$1` on PostgreSQL) in what the ORM
/// renders from its SQL tree, which it runs with ``query(rendered:_:)`` and
/// ``execute(rendered:_:)``.
///
/// Writes are serialised; reads run concurrently with them where the backend allows. Inside
/// ``transaction(_:)`` every statement of the task — reads included — runs on the
/// transaction's connection, and nested calls become savepoints, as Django's `atomic` nests.
public protocol Database: Sendable {
    /// How this backend writes SQL.
    var dialect: SQLDialect { get }
    /// Whether the current task is inside a ``transaction(_:)`` on this database.
    var isInTransaction: Bool { get }
    /// Runs a statement that returns rows. Outside a transaction it may run on a read-only
    /// connection: statements that write go through ``execute(_:_:)``.
    func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow]
    /// Runs a statement that writes.
    @discardableResult
    func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult
    /// Runs `body` in a transaction (a savepoint when one is already open in this task):
    /// committed when it returns, rolled back when it throws.
    func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result
    /// Closes every connection; the database cannot be used afterwards.
    func close() async throws
    /// Runs a statement that returns rows, written in ``dialect`` with its own placeholders
    /// (numbered where the dialect numbers them): what the ORM renders from its SQL tree.
    func query(rendered sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow]
    /// Runs a statement that writes, written in ``dialect`` with its own placeholders.
    @discardableResult
    func execute(rendered sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult
    /// A version that changes whenever a change to the database is committed, by any
    /// connection of any process; `nil` when the backend cannot tell without a query of its
    /// own. What was read after the version was taken stays current while the version stays
    /// the same: ``ChangeGuardedCache`` keeps rows on that promise.
    func changeVersion() -> DatabaseVersion?
}

/// A ``Database/changeVersion()``: the database and its count of committed changes.
public struct DatabaseVersion: Sendable, Hashable {
    /// Which database: an identity of one open ``Database`` object, never reused (an object's
    /// address may be, after it is closed, and its counter starts again).
    public let database: UUID
    /// A number that differs after every commit.
    public let counter: Int64

    /// A version of `database`.
    public init(database: UUID, counter: Int64) {
        self.database = database
        self.counter = counter
    }
}

extension Database {
    /// No version: a backend that cannot watch for changes cheaply keeps no rows across requests.
    public func changeVersion() -> DatabaseVersion? { nil }

    /// A backend whose dialect writes `?` runs rendered statements as any other.
    public func query(rendered sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        try await query(sql, binds)
    }

    /// A backend whose dialect writes `?` runs rendered statements as any other.
    @discardableResult
    public func execute(rendered sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        try await execute(sql, binds)
    }
}

/// A database error with the statement that caused it.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// What the database said.
    public let message: String
    /// The SQL that failed, if any.
    public let sql: String?

    /// Creates an error.
    public init(_ message: String, sql: String? = nil) {
        self.message = message
        self.sql = sql
    }

    /// The message and the statement.
    public var description: String { sql.map { "\(message) (in \($0))" } ?? message }
}
