import Foundation
import PonyORM
import Testing

@testable import PonySQLite

/// The committed position read from the WAL index's header, without a transaction.
@Suite struct WALIndexHeaderTests {
    @Test func everyCommitMovesThePositionAcrossWALRestarts() async throws {
        try await SQLiteDatabaseTests.withDatabase { database in
            let header = try #require(WALIndexHeader(databasePath: database.path))
            var seen = [try #require(header.position())]
            // The database answers from the header, not from PRAGMA data_version.
            #expect(database.changeVersion()?.counter == Int64(bitPattern: seen[0]))
            for round in 0..<3 {
                try await database.execute("INSERT INTO todo_task (name) VALUES (?)", [.text("row \(round)")])
                let afterInsert = try #require(header.position())
                _ = try await database.query("SELECT count(*) FROM todo_task", [])
                #expect(header.position() == afterInsert, "a read commits nothing")
                // A checkpoint that empties the WAL file: the next commit starts it again at
                // frame 1, which must still be a position not seen before.
                _ = try await database.execute("PRAGMA wal_checkpoint(TRUNCATE)", [])
                #expect(!seen.contains(afterInsert))
                seen.append(afterInsert)
            }
            // Another process's commit.
            let other = try await SQLiteDatabase.open(.file(database.path))
            try await other.execute("UPDATE todo_task SET name = 'changed'", [])
            let afterOther = try #require(header.position())
            #expect(!seen.contains(afterOther))
            try await other.close()
        }
    }

    @Test func aHeaderBeingWrittenIsNotTrusted() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wal-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path + "-shm") }
        #expect(WALIndexHeader(databasePath: path) == nil, "no -shm file")

        // A header as SQLite writes it: iVersion, isInit, mxFrame 7, aSalt[0] 5; both copies.
        var copy = [UInt8](repeating: 0, count: 48)
        func put(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
            withUnsafeBytes(of: value) { bytes.replaceSubrange(offset..<offset + 4, with: $0) }
        }
        put(3_007_000, at: 0, in: &copy)
        copy[12] = 1
        put(7, at: 16, in: &copy)
        put(5, at: 32, in: &copy)
        func position(of file: [UInt8]) throws -> UInt64? {
            try Data(file).write(to: URL(fileURLWithPath: path + "-shm"))
            guard let header = WALIndexHeader(databasePath: path) else { return nil }
            defer { header.stop() }
            return header.position()
        }
        #expect(try position(of: copy + copy) == 5 << 32 | 7)

        var torn = copy
        put(8, at: 16, in: &torn)
        #expect(try position(of: copy + torn) == nil, "the copies differ while a commit writes them")
        var uninitialised = copy
        uninitialised[12] = 0
        #expect(try position(of: uninitialised + uninitialised) == nil)
        #expect(try position(of: copy) == nil, "a file too short to hold both copies is not mapped")

        try Data(copy + copy).write(to: URL(fileURLWithPath: path + "-shm"))
        let header = try #require(WALIndexHeader(databasePath: path))
        header.stop()
        #expect(header.position() == nil, "stopped")
    }
}
