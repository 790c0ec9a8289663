import Foundation
import PonyORM
import Synchronization
import Testing

@testable import PonySQLite

@Suite struct SQLiteDatabaseTests {
    struct Boom: Error {}

    static func withDatabase(
        _ storage: SQLiteDatabase.Storage = .temporary, _ body: (SQLiteDatabase) async throws -> Void
    ) async throws {
        let database = try await SQLiteDatabase.open(storage)
        do {
            try await database.execute(
                "CREATE TABLE todo_task (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, name varchar(256) NOT NULL)", []
            )
            try await body(database)
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    @Test func isTunedForAWebServer() async throws {
        try await Self.withDatabase { database in
            // NB: values first: a `try` only inside #expect does not make the closure throwing.
            let journal = try await database.query("PRAGMA journal_mode", [])
            let foreignKeys = try await database.query("PRAGMA foreign_keys", [])
            let synchronous = try await database.query("PRAGMA synchronous", [])
            let busyTimeout = try await database.query("PRAGMA busy_timeout", [])
            #expect(journal.first?.values == [.text("wal")])
            #expect(foreignKeys.first?.values == [.integer(1)])
            #expect(synchronous.first?.values == [.integer(1)])
            #expect(busyTimeout.first?.values == [.integer(5000)])
        }
    }

    @Test(arguments: [SQLiteDatabase.Storage.temporary, .memory])
    func insertsAndReadsWithBoundValues(storage: SQLiteDatabase.Storage) async throws {
        try await Self.withDatabase(storage) { database in
            let hostile = "x'); DROP TABLE todo_task; --"
            let inserted = try await database.execute("INSERT INTO todo_task (name) VALUES (?)", [.text(hostile)])
            #expect(inserted == ExecutionResult(changes: 1, lastInsertID: 1))
            let rows = try await database.query("SELECT id, name FROM todo_task WHERE name = ?", [.text(hostile)])
            #expect(rows.count == 1)
            #expect(rows.first?["name"] == .text(hostile))
            #expect(rows.first?["id"] == .integer(1))
            #expect(rows.first?["missing"] == nil)
        }
    }

    @Test func aFileThatCannotBeOpenedIsAClearError() async throws {
        let error = await #expect(throws: DatabaseError.self) {
            try await SQLiteDatabase.open(.file("/nonexistent-folder/db.sqlite3")).close()
        }
        #expect(
            error?.message
                == "Could not open the SQLite database at /nonexistent-folder/db.sqlite3: unable to open database file")
    }

    /// Every value kind comes back as it went in, the edge cases of the C API included: an
    /// empty string and an empty blob (no buffer address), a NUL inside text, the extremes
    /// of 64-bit integers.
    @Test func valuesRoundTrip() async throws {
        try await Self.withDatabase { database in
            let values: [DatabaseValue] = [
                .text(""), .text("a\u{0}b"), .text("żółw 🐢"), .blob([]), .blob([0, 1, 255]),
                .integer(.max), .integer(.min), .double(-0.5), .null,
            ]
            let placeholders = values.map { _ in "?" }.joined(separator: ", ")
            let rows = try await database.query("SELECT \(placeholders)", values)
            #expect(rows.first?.values == values)
        }
    }

    /// Statements are prepared once per connection and kept; a schema change prepares them
    /// again, so a reader's `SELECT *` shows a column added since it last ran.
    @Test func keptStatementsFollowSchemaChanges() async throws {
        try await Self.withDatabase { database in
            try await database.execute("INSERT INTO todo_task (name) VALUES ('a')", [])
            let before = try await database.query("SELECT * FROM todo_task", [])
            #expect(before.first?.columns == ["id", "name"])
            try await database.execute("ALTER TABLE todo_task ADD COLUMN done bool NOT NULL DEFAULT 0", [])
            let after = try await database.query("SELECT * FROM todo_task", [])
            #expect(after.first?.columns == ["id", "name", "done"])
            #expect(after.first?["done"] == .integer(0))
        }
    }

    /// More distinct statements than a connection keeps: they still run, and so do the
    /// first ones again; SQL without a statement runs as nothing.
    @Test func manyDistinctStatementsAndBlankOnes() async throws {
        try await Self.withDatabase { database in
            for number in 0..<(Connection.cachedStatements + 10) {
                let rows = try await database.query("SELECT \(number) AS n", [])
                #expect(rows.first?["n"] == .integer(Int64(number)))
            }
            let first = try await database.query("SELECT 0 AS n", [])
            #expect(first.first?["n"] == .integer(0))
            // A kept statement run again with fewer values: the rest are NULL, not the old ones.
            _ = try await database.query("SELECT ?, ?", [.integer(1), .integer(2)])
            #expect(try await database.query("SELECT ?, ?", [.integer(3)]).first?.values == [.integer(3), .null])
            #expect(try await database.query("  -- nothing", []).isEmpty)
            #expect(try await database.execute("", []) == ExecutionResult(changes: 0, lastInsertID: 0))
        }
    }

    /// The REGEXP function: NULL for NULL, numbers matched as text, a bad pattern is an
    /// error naming it.
    @Test func regexpFunction() async throws {
        try await Self.withDatabase { database in
            let rows = try await database.query(
                "SELECT 'abc' REGEXP 'b', 'abc' REGEXP '^b', NULL REGEXP 'a', 123 REGEXP '^12', 'ABC' REGEXP '(?i)b'",
                [])
            #expect(rows.first?.values == [.integer(1), .integer(0), .null, .integer(1), .integer(1)])
            let error = await #expect(throws: DatabaseError.self) {
                try await database.query("SELECT 'a' REGEXP '('", [])
            }
            #expect(error?.message.hasPrefix("Invalid regular expression (") == true)
        }
    }

    @Test func aFailedTransactionLeavesNothingBehind() async throws {
        try await Self.withDatabase { database in
            await #expect(throws: Boom.self) {
                try await database.transaction {
                    try await database.execute("INSERT INTO todo_task (name) VALUES (?)", [.text("lost")])
                    // Reads inside the transaction see its own writes.
                    let count = try await database.query("SELECT count(*) FROM todo_task", [])
                    #expect(count.first?.values == [.integer(1)])
                    throw Boom()
                }
            }
            let count = try await database.query("SELECT count(*) FROM todo_task", [])
            #expect(count.first?.values == [.integer(0)])
        }
    }

    @Test func nestedTransactionsAreSavepoints() async throws {
        try await Self.withDatabase { database in
            try await database.transaction {
                try await database.execute("INSERT INTO todo_task (name) VALUES ('outer')", [])
                try? await database.transaction {
                    try await database.execute("INSERT INTO todo_task (name) VALUES ('inner')", [])
                    throw Boom()
                }
                _ = try await database.transaction {
                    try await database.execute("INSERT INTO todo_task (name) VALUES ('kept')", [])
                }
            }
            let names = try await database.query("SELECT name FROM todo_task ORDER BY id", []).map { $0["name"] }
            #expect(names == [.text("outer"), .text("kept")])
        }
    }

    @Test func errorsNameTheStatement() async throws {
        try await Self.withDatabase { database in
            let error = await #expect(throws: DatabaseError.self) {
                try await database.execute("INSERT INTO nowhere VALUES (1)", [])
            }
            #expect(error?.sql == "INSERT INTO nowhere VALUES (1)")
            #expect(error?.message.contains("no such table") == true)
        }
    }

    /// A batcher over a connection to a new in-memory database with `todo_task`, whose every
    /// statement first waits a little, so that inserts made meanwhile queue for the next batch
    /// (a statement on a real connection runs on the caller's thread and may finish before
    /// any other task starts).
    static func withSlowBatcher(_ body: (InsertBatcher, Connection) async throws -> Void) async throws {
        let connection = try Connection(path: ":memory:")
        defer { connection.close() }
        _ = try connection.query(
            "CREATE TABLE todo_task (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, name varchar(256) NOT NULL)", [])
        let batcher = InsertBatcher { sql, binds in
            try await Task.sleep(for: .milliseconds(5))
            return try connection.query(sql, binds)
        }
        try await body(batcher, connection)
    }

    /// Inserts arriving together go as multi-row statements, and each caller still gets the
    /// row id of its own row.
    @Test func concurrentInsertsAreBatchedWithTheirOwnRowIDs() async throws {
        try await Self.withSlowBatcher { batcher, connection in
            let inserted = try await withThrowingTaskGroup(of: (String, Int64).self) { group in
                for number in 0..<200 {
                    group.addTask {
                        let name = "row \(number)"
                        let result = try await batcher.insert("INSERT INTO todo_task (name) VALUES (?)", [.text(name)])
                        #expect(result.changes == 1)
                        return (name, result.lastInsertID)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let rows = try connection.query("SELECT id, name FROM todo_task", [])
            let stored = Dictionary(
                uniqueKeysWithValues: rows.compactMap { row -> (String, Int64)? in
                    guard case .text(let name)? = row["name"], case .integer(let id)? = row["id"] else { return nil }
                    return (name, id)
                })
            #expect(stored.count == 200)
            #expect(inserted == stored)
            #expect(batcher.multiRowStatements.load(ordering: .relaxed) > 0)
        }
    }

    /// A batch with a row that breaks a constraint: that caller gets the error, the others'
    /// rows go in.
    @Test func aFailingRowInABatchFailsAlone() async throws {
        try await Self.withSlowBatcher { batcher, connection in
            _ = try connection.query("CREATE UNIQUE INDEX todo_task_name ON todo_task (name)", [])
            _ = try connection.query("INSERT INTO todo_task (name) VALUES (?)", [.text("taken")])
            let outcomes = await withTaskGroup(of: Result<Int64, any Error>.self) { group in
                for number in 0..<100 {
                    group.addTask {
                        do {
                            let name = number == 50 ? "taken" : "row \(number)"
                            return .success(
                                try await batcher.insert("INSERT INTO todo_task (name) VALUES (?)", [.text(name)])
                                    .lastInsertID)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let failures = outcomes.compactMap { outcome -> DatabaseError? in
                guard case .failure(let error) = outcome else { return nil }
                return error as? DatabaseError
            }
            #expect(failures.count == 1)
            #expect(failures.first?.message.contains("UNIQUE constraint failed: todo_task.name") == true)
            #expect(failures.first?.sql == "INSERT INTO todo_task (name) VALUES (?)")
            let count = try connection.query("SELECT count(*) FROM todo_task", [])
            #expect(count.first?.values == [.integer(100)])
        }
    }

    @Test func onlyInsertsOfBoundValuesAreRepeatable() {
        #expect(InsertBatcher.valuesTuple(#"INSERT INTO "t" ("a", "b") VALUES (?, ?)"#) == "(?, ?)")
        #expect(InsertBatcher.valuesTuple("INSERT INTO t (a) VALUES ('x')") == nil)
        #expect(InsertBatcher.valuesTuple("INSERT INTO t DEFAULT VALUES") == nil)
        #expect(InsertBatcher.valuesTuple("INSERT INTO t (a) VALUES (?), (?)") == nil)
        #expect(InsertBatcher.valuesTuple("INSERT INTO t (a) SELECT a FROM u") == nil)
    }

    @Test func onlyInsertsWithoutTheirOwnReturningQueueForTheBatcher() {
        #expect(SQLiteDatabase.isPlainInsert(#"INSERT INTO "t" ("a") VALUES (?)"#))
        #expect(!SQLiteDatabase.isPlainInsert(#"INSERT INTO "t" ("a") VALUES (?) RETURNING "id""#))
        #expect(!SQLiteDatabase.isPlainInsert(#"UPDATE "t" SET "a" = ?"#))
        #expect(!SQLiteDatabase.isPlainInsert("INSERT"))
        #expect(!SQLiteDatabase.isPlainInsert(""))
    }

    /// 64 tasks writing at once, with readers between them: no "database is locked", no
    /// lost row.
    @Test func concurrentWritersNeverFailOrLoseRows() async throws {
        try await Self.withDatabase { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<64 {
                    group.addTask {
                        for row in 0..<20 {
                            if row % 5 == 0 {
                                _ = try await database.transaction {
                                    try await database.execute(
                                        "INSERT INTO todo_task (name) VALUES (?)", [.text("w\(writer)-r\(row)")])
                                }
                            } else {
                                try await database.execute(
                                    "INSERT INTO todo_task (name) VALUES (?)", [.text("w\(writer)-r\(row)")])
                            }
                            if row % 7 == 0 {
                                // A rolled-back transaction takes nothing with it and leaves
                                // nothing, while other tasks insert on the same connection.
                                _ = try? await database.transaction {
                                    try await database.execute("INSERT INTO todo_task (name) VALUES ('gone')", [])
                                    throw DatabaseError("roll back")
                                }
                            }
                            _ = try await database.query("SELECT count(*) FROM todo_task", [])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let count = try await database.query("SELECT count(DISTINCT name) FROM todo_task", [])
            #expect(count.first?.values == [.integer(64 * 20)])
            let gone = try await database.query("SELECT count(*) FROM todo_task WHERE name = 'gone'", [])
            #expect(gone.first?.values == [.integer(0)])
        }
    }
}
