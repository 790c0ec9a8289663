import Foundation
import PonyORM
import Testing

@testable import PonySQLite

/// Slow statements (a user-chosen regex, a leading-% scan) must neither stall other work nor
/// run for ever (issue 13, item 6).
@Suite struct SlowStatementTests {
    /// A read that keeps SQLite busy for a while (a few hundred milliseconds here): counting
    /// with a recursive common table expression.
    static func slowRead(_ count: Int) -> String {
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \(count)) SELECT count(*) AS n FROM c"
    }

    @Test func aStatementPastTheTimeoutFailsWithAClearError() async throws {
        let database = try await SQLiteDatabase.open(.temporary, statementTimeout: .milliseconds(100))
        defer { Task { try? await database.close() } }
        let start = ContinuousClock.now
        let error = await #expect(throws: DatabaseError.self) {
            _ = try await database.query(Self.slowRead(1_000_000_000), [])
        }
        #expect(error?.message.contains("statement timeout") == true, "\(String(describing: error))")
        #expect(error?.message.contains("PONY_STATEMENT_TIMEOUT") == true)
        // Stopped by the timeout (the error above), not after counting to a billion; the bound
        // is loose because a loaded machine (CI builds beside the tests) delays the watchdog.
        #expect(ContinuousClock.now - start < .seconds(120))
        // The connection is usable afterwards, on the writer too.
        #expect(try await database.query("SELECT 1 AS one", []).first?["one"] == .integer(1))
        let writeError = await #expect(throws: DatabaseError.self) {
            try await database.execute("CREATE TABLE t AS " + Self.slowRead(1_000_000_000), [])
        }
        #expect(writeError?.message.contains("statement timeout") == true)
        try await database.execute("CREATE TABLE u (x INTEGER)", [])
    }

    @Test func slowReadsMoveOffTheCallersThreadAndStillAnswer() async throws {
        let database = try await SQLiteDatabase.open(.temporary, readers: 2)
        defer { Task { try? await database.close() } }
        // More slow reads than readers: the extra ones wait for a reader without a thread,
        // and every one is answered in full after its move to a thread of its own.
        let counts = try await withThrowingTaskGroup(of: DatabaseValue?.self) { group in
            for _ in 0..<4 {
                group.addTask { try await database.query(Self.slowRead(2_000_000), []).first?["n"] }
            }
            for _ in 0..<20 {
                group.addTask { try await database.query("SELECT 7 AS n", []).first?["n"] }
            }
            var all: [DatabaseValue?] = []
            for try await value in group { all.append(value) }
            return all
        }
        #expect(counts.filter { $0 == .integer(2_000_000) }.count == 4)
        #expect(counts.filter { $0 == .integer(7) }.count == 20)
    }

    @Test func theWatchdogNeverStopsTheNextStatement() async throws {
        // Many short statements with a tight timeout: an interrupt meant for one must not land
        // on the next one run by the same connection.
        let database = try await SQLiteDatabase.open(.temporary, statementTimeout: .milliseconds(50))
        defer { Task { try? await database.close() } }
        for index in 0..<2_000 {
            let row = try await database.query("SELECT ? AS n", [.integer(Int64(index))]).first
            #expect(row?["n"] == .integer(Int64(index)))
        }
    }
}
