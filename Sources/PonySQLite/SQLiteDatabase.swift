internal import Foundation
internal import Logging
internal import NIOCore
public import PonyORM
internal import SQLiteNIO
internal import Synchronization

/// SQLite tuned for a web server: WAL journal, a busy timeout, foreign keys on,
/// `synchronous=NORMAL`; one writer connection that serialises writes (transactions start
/// with `BEGIN IMMEDIATE`) and a pool of reader connections that never wait for it. Under
/// any number of concurrent writers no statement fails with "database is locked".
public final class SQLiteDatabase: Database {
    /// Where the database lives.
    public enum Storage: Sendable, Equatable {
        /// A file, created if missing.
        case file(String)
        /// Memory only: one connection, so reads share the writer's turn.
        case memory
        /// A new file in the temporary folder, deleted on `close()`.
        case temporary
    }

    /// SQLite's SQL.
    public var dialect: SQLDialect { .sqlite }
    /// The file's path (`:memory:` in memory).
    public let path: String
    private let writer: SQLiteConnection
    private let readers: [Reader]
    private let gate = WriterGate()
    /// Single inserts outside transactions, committed in batches.
    let inserts: InsertBatcher
    private let nextReader = Atomic<Int>(0)
    /// Bumped by every schema change on the writer; a reader that has seen an older value
    /// reloads its schema before its next statement (see ``query(_:_:)``).
    private let schemaGeneration = Atomic<Int>(0)
    private let deletesOnClose: Bool
    private let identity = UUID()

    /// The transaction the current task is in, per database.
    @TaskLocal static var openTransactions: [UUID: Int] = [:]

    /// Opens (creating) the database with `readers` reader connections.
    public static func open(_ storage: Storage, readers: Int = 2, busyTimeout: Duration = .seconds(5)) async throws
        -> SQLiteDatabase
    {
        let path: String
        switch storage {
        case .file(let file): path = file
        case .memory: path = ":memory:"
        case .temporary:
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent("pony-\(UUID().uuidString).sqlite3").path
        }
        let logger = Logger(label: "pony.sqlite")
        let sqliteStorage: SQLiteConnection.Storage = storage == .memory ? .memory : .file(path: path)
        let writer = try await SQLiteConnection.open(storage: sqliteStorage, logger: logger)
        let milliseconds =
            Int(busyTimeout.components.seconds) * 1000
            + Int(busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        do {
            for pragma in [
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                "PRAGMA busy_timeout=\(milliseconds)",
            ] {
                _ = try await writer.query(pragma, [])
            }
            try await writer.install(customFunction: RegexpFunction.make())
            var pool: [SQLiteConnection] = []
            if storage != .memory {
                for _ in 0..<max(1, readers) {
                    let reader = try await SQLiteConnection.open(storage: sqliteStorage, logger: logger)
                    for pragma in [
                        "PRAGMA busy_timeout=\(milliseconds)", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                        "PRAGMA query_only=ON",
                    ] {
                        _ = try await reader.query(pragma, [])
                    }
                    try await reader.install(customFunction: RegexpFunction.make())
                    pool.append(reader)
                }
            }
            return SQLiteDatabase(path: path, writer: writer, readers: pool, deletesOnClose: storage == .temporary)
        } catch {
            try? await writer.close()
            throw DatabaseError("Could not open the SQLite database at \(path): \(error)")
        }
    }

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection], deletesOnClose: Bool) {
        self.path = path
        self.writer = writer
        self.inserts = InsertBatcher { sql, binds in try await Self.run(sql, binds, on: writer) }
        self.readers = readers.map(Reader.init)
        self.deletesOnClose = deletesOnClose
    }

    /// Whether the current task is inside a transaction on this database.
    public var isInTransaction: Bool { Self.openTransactions[identity] != nil }

    /// Runs a statement that returns rows: on a reader, or on the writer inside a transaction.
    public func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        if isInTransaction { return try await Self.run(sql, binds, on: writer) }
        guard !readers.isEmpty else {
            return try await withWriter(.shared) { try await Self.run(sql, binds, on: self.writer) }
        }
        let reader = idleReader()
        reader.inFlight.add(1, ordering: .relaxed)
        defer { reader.inFlight.subtract(1, ordering: .relaxed) }
        let generation = schemaGeneration.load(ordering: .acquiring)
        if reader.schemaGeneration.exchange(generation, ordering: .relaxed) != generation {
            // NB: sqlite-nio reads a statement's columns before its first step, so the first
            // `SELECT *` on a connection whose cached schema is stale reports the old columns.
            // Stepping any statement over sqlite_master makes the connection reload its schema.
            _ = try await Self.run("SELECT 1 FROM sqlite_master LIMIT 1", [], on: reader.connection)
        }
        return try await Self.run(sql, binds, on: reader.connection)
    }

    /// Runs a statement that writes, waiting for the writer unless this task's transaction
    /// holds it.
    @discardableResult
    public func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        if isInTransaction { return try await executeOnWriter(sql, binds) }
        // NB: inserts report their own row ids, so they may queue on the writer together and
        // go in batches; other statements read `changes()` afterwards and take it alone. (In
        // a transaction the writer is this task's alone, so the counters cost no more and a
        // bulk insert does not read back every row id.)
        if Self.isPlainInsert(sql) {
            return try await withWriter(.shared) { try await self.inserts.insert(sql, binds) }
        }
        return try await withWriter(.exclusive) { try await self.executeOnWriter(sql, binds) }
    }

    /// `BEGIN IMMEDIATE` … `COMMIT` (or `ROLLBACK` when `body` throws) holding the writer; a
    /// savepoint when this task is already in a transaction.
    public func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        if let depth = Self.openTransactions[identity] {
            let savepoint = "pony_savepoint_\(depth + 1)"
            _ = try await Self.run("SAVEPOINT \(savepoint)", [], on: writer)
            do {
                let result = try await Self.$openTransactions.withValue(
                    Self.openTransactions.merging([identity: depth + 1]) { $1 }, operation: body)
                _ = try await Self.run("RELEASE SAVEPOINT \(savepoint)", [], on: writer)
                return result
            } catch {
                _ = try? await Self.run("ROLLBACK TO SAVEPOINT \(savepoint)", [], on: writer)
                _ = try? await Self.run("RELEASE SAVEPOINT \(savepoint)", [], on: writer)
                throw error
            }
        }
        return try await withWriter(.exclusive) {
            _ = try await Self.run("BEGIN IMMEDIATE", [], on: self.writer)
            do {
                let result = try await Self.$openTransactions.withValue(
                    Self.openTransactions.merging([self.identity: 0]) { $1 }, operation: body)
                _ = try await Self.run("COMMIT", [], on: self.writer)
                return result
            } catch {
                _ = try? await Self.run("ROLLBACK", [], on: self.writer)
                throw error
            }
        }
    }

    /// Closes the connections (and deletes a temporary database's files).
    public func close() async throws {
        for reader in readers { try await reader.connection.close() }
        try await writer.close()
        if deletesOnClose {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    // MARK: - Connections

    /// A read-only connection and the schema generation it last saw.
    private final class Reader: Sendable {
        let connection: SQLiteConnection
        let schemaGeneration = Atomic<Int>(0)
        /// Statements running or queued on it.
        let inFlight = Atomic<Int>(0)
        init(_ connection: SQLiteConnection) { self.connection = connection }
    }

    /// The first reader with nothing to do, else the next in turn.
    ///
    /// NB: not round robin alone: one reader after another keeps each one's page cache warm,
    /// and alternating between two cost a sequence of reads about 5% of its time.
    private func idleReader() -> Reader {
        if let idle = readers.first(where: { $0.inFlight.load(ordering: .relaxed) == 0 }) { return idle }
        return readers[nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count]
    }

    /// Runs `body` holding the writer in `mode`; a transaction waits for the statements
    /// before it, and the statements after it wait for it.
    private func withWriter<Result: Sendable>(_ mode: WriterGate.Mode, _ body: () async throws -> Result)
        async throws -> Result
    {
        await gate.acquire(mode)
        do {
            let result = try await body()
            gate.release(mode)
            return result
        } catch {
            gate.release(mode)
            throw error
        }
    }

    private func executeOnWriter(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        _ = try await Self.run(sql, binds, on: writer)
        if Self.changesSchema(sql) { schemaGeneration.add(1, ordering: .releasing) }
        let counters = try await Self.run("SELECT changes(), last_insert_rowid()", [], on: writer)
        guard case .integer(let changes)? = counters.first?.values.first,
            case .integer(let lastID)? = counters.first?.values.last
        else { throw DatabaseError("SQLite did not report the changes of a statement", sql: sql) }
        return ExecutionResult(changes: Int(changes), lastInsertID: lastID)
    }

    private static func run(_ sql: String, _ binds: [DatabaseValue], on connection: SQLiteConnection) async throws
        -> [DatabaseRow]
    {
        do {
            let rows = try await connection.query(sql, binds.map(Self.sqliteData))
            guard let first = rows.first else { return [] }
            let columns = first.columns.map(\.name)
            return rows.map { row in DatabaseRow(columns: columns, values: row.columns.map { Self.value($0.data) }) }
        } catch let error as SQLiteError {
            throw DatabaseError(error.message, sql: sql)
        }
    }

    /// Whether `sql` is an `INSERT` without a `RETURNING` clause of its own.
    static func isPlainInsert(_ sql: String) -> Bool {
        // NB: a plain scan of the bytes. Foundation's `contains` was 1% of a write request's
        // CPU time, and the standard library's generic `Collection.contains(_:)` 12%.
        var sql = sql
        return sql.withUTF8 { bytes in
            bytes.starts(with: "INSERT INTO ".utf8) && !bytes.contains(" RETURNING ")
        }
    }

    /// Whether `sql` is DDL (which other connections must notice).
    static func changesSchema(_ sql: String) -> Bool {
        let keyword = sql.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }
            .prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }
            .map { $0 & 0xDF }  // ASCII upper case
        return ["CREATE", "DROP", "ALTER"].contains { keyword.elementsEqual($0.utf8) }
    }

    static func sqliteData(_ value: DatabaseValue) -> SQLiteData {
        switch value {
        case .null: .null
        case .integer(let number): .integer(Int(number))
        case .double(let number): .float(number)
        case .text(let text): .text(text)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        }
    }

    static func value(_ data: SQLiteData) -> DatabaseValue {
        switch data {
        case .null: .null
        case .integer(let number): .integer(Int64(number))
        case .float(let number): .double(number)
        case .text(let text): .text(text)
        case .blob(let buffer): .blob(Array(buffer.readableBytesView))
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `needle`'s bytes appear in these.
    fileprivate func contains(_ needle: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == first {
            if UnsafeBufferPointer(rebasing: self[start..<start + needle.count]).elementsEqual(needle) { return true }
        }
        return false
    }
}
