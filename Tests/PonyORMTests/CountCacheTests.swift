import Foundation
import PonyORM
import Synchronization
import Testing

/// `count(keptIn:)`: a count is kept per statement while the database's version stays.
@Suite struct CountCacheTests {
    /// A database that answers every query with one count and reports a version tests move.
    final class VersionedDatabase: Database {
        let dialect = SQLDialect.sqlite
        let identity = UUID()
        let version = Mutex<Int64?>(1)
        let statements = Mutex<[String]>([])
        let answer = Mutex<Int64>(7)

        var isInTransaction: Bool { false }
        func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
            statements.withLock { $0.append(sql + " -- " + binds.map { "\($0)" }.joined(separator: ", ")) }
            return [DatabaseRow(columns: ["count"], values: [.integer(answer.withLock { $0 })])]
        }
        func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
            ExecutionResult(changes: 0, lastInsertID: 0)
        }
        func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
            try await body()
        }
        func close() async throws {}
        func changeVersion() -> DatabaseVersion? {
            version.withLock { $0 }.map { DatabaseVersion(database: identity, counter: $0) }
        }
    }

    @Test func countsAreKeptPerStatementUntilTheVersionMoves() async throws {
        let database = VersionedDatabase()
        let counts = CountCache()
        try await ORM.using(database, models: allModels) { () async throws in
            let done = Task.objects.filter("completed", true)
            #expect(try await done.count(keptIn: counts) == 7)
            database.answer.withLock { $0 = 8 }
            #expect(try await done.count(keptIn: counts) == 7, "kept")
            // Another statement, or the same with other binds, is counted.
            #expect(try await Task.objects.filter("completed", false).count(keptIn: counts) == 8)
            #expect(try await Task.objects.count(keptIn: counts) == 8)
            #expect(database.statements.withLock { $0.count } == 3)
            // A commit anywhere moves the version: everything is counted again.
            database.version.withLock { $0 = 2 }
            database.answer.withLock { $0 = 9 }
            #expect(try await done.count(keptIn: counts) == 9)
            // Without a version (PostgreSQL), every call counts.
            database.version.withLock { $0 = nil }
            database.answer.withLock { $0 = 10 }
            #expect(try await done.count(keptIn: counts) == 10)
            #expect(try await done.count(keptIn: counts) == 10)
            let statements = database.statements.withLock { $0 }
            #expect(statements.count == 6)
            #expect(
                statements.first
                    == #"SELECT COUNT(*) FROM "ponyormtests_task" WHERE "ponyormtests_task"."completed" = ? -- integer(1)"#
            )
        }
    }
}
