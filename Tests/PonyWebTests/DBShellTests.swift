import Foundation
import PonyAuth
import PonyWeb
import Testing

@testable import Pony

/// Django's `dbshell`: the client and its arguments for each database, and `sqlite3` run on
/// the app's file.
@Suite struct DBShellTests {
    @Test func theClientForEachDatabase() throws {
        var settings = Settings(baseDirectory: "/srv/app")
        func client(_ database: String?, _ extra: [String] = []) throws -> (String, [String], String?) {
            settings.database = database
            let client = try Pony.databaseClient(for: try settings.resolved(for: .development), arguments: extra)
            return (client.program, client.arguments, client.environment["PGPASSWORD"])
        }
        #expect(try client(nil) == ("sqlite3", ["/srv/app/db.sqlite3"], nil))
        #expect(
            try client("sqlite:///data/site.sqlite3", ["-bail"]) == (
                "sqlite3", ["/srv/app/data/site.sqlite3", "-bail"], nil
            ))
        #expect(try client("sqlite:////var/db/site.sqlite3") == ("sqlite3", ["/var/db/site.sqlite3"], nil))
        #expect(try client("sqlite://:memory:") == ("sqlite3", [":memory:"], nil))
        // The password goes in the environment, not on a command line; Pony's own parameters go.
        let postgres = try client(
            "postgres://app:s%40cret@db.internal:5433/shop?sslmode=require&pool_size=20&options=-c%20search_path%3Dx",
            ["-c", "SELECT 1"])
        #expect(postgres.0 == "psql" && postgres.2 == "s@cret")
        #expect(
            postgres.1 == [
                "postgres://app@db.internal:5433/shop?sslmode=require&options=-c%20search_path%3Dx", "-c", "SELECT 1",
            ])
    }

    @Test func runsSqlite3OnTheAppsDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-dbshell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = Pony(file: folder.appendingPathComponent("app.swift").path)
        let output = folder.appendingPathComponent("out.txt").path
        let status = await app.main([
            "dbshell", "--", "-cmd", ".output \(output)", "CREATE TABLE t (n); SELECT 40 + 2;",
        ])
        #expect(status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "42\n")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("db.sqlite3").path))
        // The client's failure is the command's; options before -- are refused.
        #expect(await app.main(["dbshell", "--", "-bail", "SELEC nonsense;"]) != 0)
        #expect(await app.main(["dbshell", "--interactive"]) != 0)
        let missing = #expect(throws: CommandError.self) {
            try Pony.runInForeground("no-such-client-program", [], environment: ["PATH": "/usr/bin:/bin"])
        }
        #expect(missing?.description.contains("You appear not to have the 'no-such-client-program' program") == true)
    }
}
