import Foundation
import PonyORM
import Synchronization
import Testing

@testable import PonySQLite

/// Values kept while SQLite reports no commit (`PRAGMA data_version`), dropped at the first
/// commit by any connection, this database's or another process's.
@Suite struct ChangeGuardedCacheTests {
    /// How many times a cached read went to the database.
    final class Reads: Sendable {
        let count = Mutex(0)
        func read(_ database: SQLiteDatabase) async throws -> String? {
            count.withLock { $0 += 1 }
            return try await database.query("SELECT name FROM todo_task WHERE id = 1", []).first?["name"].flatMap {
                if case .text(let name) = $0 { name } else { nil }
            }
        }
    }

    @Test func valuesLastUntilAnyConnectionCommits() async throws {
        try await SQLiteDatabaseTests.withDatabase { database in
            try await database.execute("INSERT INTO todo_task (name) VALUES ('first')", [])
            // Another process: its own connections to the same file.
            let other = try await SQLiteDatabase.open(.file(database.path))
            // Two open databases never share a version, even on one file.
            #expect(other.changeVersion()?.database != database.changeVersion()?.database)
            let cache = ChangeGuardedCache<Int, String?>(capacity: 16)
            let reads = Reads()
            try await ORM.using(database, models: []) {
                let version = try #require(DatabaseVersion.current())
                #expect(try await cache.value(for: 1) { try await reads.read(database) } == "first")
                #expect(try await cache.value(for: 1) { try await reads.read(database) } == "first")
                #expect(reads.count.withLock { $0 } == 1)
                // Reads commit nothing: the version stays.
                #expect(DatabaseVersion.current() == version)
                // A commit in the other process is seen by the next look.
                try await other.execute("UPDATE todo_task SET name = 'second' WHERE id = 1", [])
                #expect(DatabaseVersion.current() != version)
                #expect(try await cache.value(for: 1) { try await reads.read(database) } == "second")
                #expect(reads.count.withLock { $0 } == 2)
                // And one by this database's own writer.
                try await database.execute("UPDATE todo_task SET name = 'third' WHERE id = 1", [])
                #expect(try await cache.value(for: 1) { try await reads.read(database) } == "third")
                // Inside a transaction, whose uncommitted changes the cache cannot see, every
                // look reads.
                try await database.transaction {
                    try await database.execute("UPDATE todo_task SET name = 'fourth' WHERE id = 1", [])
                    #expect(DatabaseVersion.current() == nil)
                    #expect(try await cache.value(for: 1) { try await reads.read(database) } == "fourth")
                }
                #expect(reads.count.withLock { $0 } == 4)
            }
            try await other.close()
        }
    }

    @Test func anInMemoryDatabaseKeepsNothing() async throws {
        let database = try await SQLiteDatabase.open(.memory)
        #expect(database.changeVersion() == nil)
        try await database.close()
    }
}
