import Foundation
import PonyORM
import PonySQLite
import Testing

@testable import Pony
@testable import PonyCache

/// The database cache's table: made by `createcachetable`, and at start-up after the
/// migrations, even for an app without models.
@Suite struct CacheTableTests {
    static func tables(in directory: URL) async throws -> [String] {
        let database = try await SQLiteDatabase.open(.file(directory.appendingPathComponent("db.sqlite3").path))
        defer { Task { try? await database.close() } }
        return try await database.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", [])
            .compactMap { if case .text(let name)? = $0["name"] { name } else { nil } }
    }

    @Test func createcachetableAndMigrateMakeTheTable() async throws {
        for command in [["createcachetable"], ["migrate"]] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pony-cache-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let app = Pony(file: directory.appendingPathComponent("shop.swift").path)
            app.caches["shared"] = Cache(.database(table: "shop_cache"))
            #expect(app.cacheTables == ["shop_cache"])
            #expect(await app.main(command) == 0)
            #expect(try await Self.tables(in: directory).contains("shop_cache"), "\(command)")
            #expect(await app.main(command) == 0)  // a second time: the table is there already
            #expect(await app.main(["createcachetable", "--dry-run"]) == 0)
            #expect(await app.main(["createcachetable", "--nonsense"]) == 2)
        }
    }
}
