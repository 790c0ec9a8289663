import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `pony run Examples/todo.swift`, as the README shows it: the database and the first
/// migration are created, the routes answer, and a model change adds the next migration.
@Suite(.serialized) struct TodoExampleTests {
    static func post(_ url: String, _ json: String) async -> (status: Int, body: String)? {
        await CLI.send(url, method: "POST", json: json)
    }

    /// SQLite; and PostgreSQL, through `DATABASE_URL`, when `PONY_TEST_POSTGRES_URL` names a server.
    static let databases = ["sqlite"] + (postgresURL == nil ? [] : ["postgresql"])
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["PONY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `sql` on the test server with `psql`.
    static func psql(_ sql: String) throws {
        let result = try CLI.runBlocking(
            "/usr/bin/env", ["psql", "-v", "ON_ERROR_STOP=1", "-qc", sql, postgresURL!], environment: CLI.environment,
            directory: CLI.repository)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: databases) func runsMigratesAndServesTheTodoExample(database: String) async throws {
        var environment = CLI.environment
        environment["DATABASE_URL"] = nil
        if database == "postgresql" {
            let schema = "pony_todo_\(UUID().uuidString.prefix(8).lowercased())"
            try Self.psql("CREATE SCHEMA \(schema)")
            let url = Self.postgresURL!
            environment["DATABASE_URL"] = url + (url.contains("?") ? "&" : "?") + "options=-c%20search_path%3D\(schema)"
        }
        defer {
            if let url = environment["DATABASE_URL"], let range = url.range(of: "search_path%3D") {
                try? Self.psql("DROP SCHEMA \(url[range.upperBound...]) CASCADE")
            }
        }
        let pony = try CLI.pony
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-todo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("todo.swift")
        let original = try String(
            contentsOf: CLI.repository.appendingPathComponent("Examples/todo.swift"), encoding: .utf8)
        try original.write(to: file, atomically: true, encoding: .utf8)
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        // On SQLite the file runs itself, as `./todo.swift` does: its shebang finds `pony` on the PATH.
        let server: Background
        if database == "sqlite" {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
            let bin = URL(fileURLWithPath: pony).deletingLastPathComponent().path
            environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            server = try Background(file.path, ["127.0.0.1:\(port)"], environment: environment)
        } else {
            server = try Background(pony, ["run", file.path, "127.0.0.1:\(port)"], environment: environment)
        }
        defer { server.stop() }

        let missing = await CLI.waitFor(url + "/api/owners/1/tasks", timeout: CLI.firstBuildTimeout) { status, _ in
            status == 404
        }
        #expect(missing?.body == #"{"detail":"No Owner matches the given query."}"#, "\(server.output.suffix(3000))")
        let migrations = directory.appendingPathComponent("migrations")
        let sqliteFile = directory.appendingPathComponent("db.sqlite3").path
        #expect(FileManager.default.fileExists(atPath: sqliteFile) == (database == "sqlite"))
        #expect(FileManager.default.fileExists(atPath: migrations.appendingPathComponent("0001_initial.json").path))
        #expect(server.output.contains("Applying todo.0001_initial... OK"))

        let owner = await Self.post(url + "/api/owners", #"{"name": "Ann"}"#)
        #expect(owner?.status == 201)
        #expect(owner?.body.contains(#""name":"Ann""#) == true)
        let created = await Self.post(url + "/api/owners/1/tasks", #"{"name": "Buy milk", "note": "2% fat"}"#)
        #expect(created?.status == 201)
        let empty = await Self.post(url + "/api/owners/1/tasks", #"{"name": ""}"#)
        #expect(empty?.status == 422)
        #expect(empty?.body.contains(#""loc":["body","name"]"#) == true)
        #expect(await Self.post(url + "/api/owners/1/tasks", "{")?.status == 400)
        #expect(await Self.post(url + "/api/owners/9/tasks", #"{"name": "x"}"#)?.status == 404)
        let listed = await CLI.get(url + "/api/owners/1/tasks")
        #expect(listed?.status == 200)
        #expect(listed?.body.contains(#""name":"Buy milk""#) == true)
        #expect(listed?.body.contains(#""note":"2% fat""#) == true)
        #expect(listed?.body.contains(#""owner":1"#) == true)
        // Django's dbshell: sqlite3 or psql (its URL's password in PGPASSWORD, its options kept).
        let shell = try await CLI.run(
            pony,
            ["manage", file.path, "dbshell", "--"]
                + (database == "sqlite" ? ["SELECT name FROM todo_task;"] : ["-tAc", "SELECT name FROM todo_task"]),
            environment: environment)
        #expect(shell.status == 0 && shell.output.contains("Buy milk"), "\(shell.output.suffix(2000))")

        // A new field: the next migration is written and applied, and the rows stay.
        try original.replacingOccurrences(
            of: "    var completed: Bool = false\n",
            with: "    var completed: Bool = false\n    var priority: Int = 0\n"
        ).write(to: file, atomically: false, encoding: .utf8)
        let next = migrations.appendingPathComponent("0002_task_priority.json")
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: next.path) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(FileManager.default.fileExists(atPath: next.path), "\(server.output.suffix(3000))")
        // NB: the old server answers until the new one has migrated, so wait for the migration.
        let applied = "Applying todo.0002_task_priority... OK"
        while !server.output.contains(applied) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(server.output.contains(applied), "\(server.output.suffix(3000))")
        let after = await CLI.waitFor(url + "/api/owners/1/tasks", timeout: 60) { status, body in
            status == 200 && body.contains("Buy milk")
        }
        #expect(after != nil)
    }
}
