import Foundation
import Testing

@testable import PonyCommands

/// `pony convert` as a user meets it: the to-do API runs as one file and stores a list; the
/// converted project's target, compiled as its own module against the same framework, serves
/// that list from the copied database, under the same tables, without a new migration.
@Suite(.serialized) struct ConvertExampleTests {
    @Test func theConvertedTodoAPIServesTheSingleFilesData() async throws {
        let pony = try CLI.pony
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pony-convert-\(UUID().uuidString)")
        let appFolder = directory.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: appFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = appFolder.appendingPathComponent("todo_api.swift")
        try FileManager.default.copyItem(at: CLI.repository.appendingPathComponent("Examples/todo_api.swift"), to: file)

        // The single file: a user, a token, and a list made through the API.
        let port = CLI.freePort()
        let single = try Background(
            pony, ["run", file.path, "127.0.0.1:\(port)", "--user", "ann", "--pass", "a long pass phrase"])
        defer { single.stop() }
        let ready = await CLI.waitFor("http://127.0.0.1:\(port)/api/lists", timeout: CLI.firstBuildTimeout) { s, _ in
            s == 401
        }
        #expect(ready != nil, "\(single.output.suffix(2000))")
        let minted = try await CLI.run(pony, ["manage", file.path, "createtoken", "ann"])
        let token = try #require(
            minted.output.split(separator: "\n").first { $0.hasPrefix("Generated token ") }?.split(separator: " ")
                .dropFirst(2).first.map(String.init), "\(minted.output)")
        let bearer = ["Authorization": "Bearer \(token)"]
        let made = await CLI.send(
            "http://127.0.0.1:\(port)/api/lists", method: "POST", json: #"{"name": "Home"}"#, headers: bearer)
        #expect(made?.status == 201, "\(made?.body ?? "no answer")")
        single.stop()

        // Convert: the project is written and its target checked against the framework.
        let project = directory.appendingPathComponent("project")
        let converted = try await CLI.run(pony, ["convert", file.path, project.path])
        #expect(converted.status == 0, "\(converted.output)")
        #expect(converted.output.contains("Checked: the target compiles against Pony"), "\(converted.output)")
        let sources = project.appendingPathComponent("Sources/todo_api")
        let names = try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted()
        #expect(names == ["API.swift", "Admin.swift", "App.swift", "Models.swift", "main.swift"])
        // The test target: `makeApp()` through the test client (`swift test` builds Pony in
        // the project, minutes here; checked by hand, see the note).
        let tests = try String(
            contentsOf: project.appendingPathComponent("Tests/todo_apiTests/todo_apiTests.swift"), encoding: .utf8)
        #expect(tests.contains("let app = makeApp()\n") && tests.contains("try await app.withTestDatabase {"))
        for copied in ["db.sqlite3", "migrations/0001_initial.json", "Package.swift", "README.md", ".gitignore"] {
            #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent(copied).path), "\(copied)")
        }
        let manifest = try await CLI.run(try CLI.swift, ["package", "dump-package"], directory: project)
        #expect(manifest.status == 0 && manifest.output.contains(#""name" : "todo_api""#), "\(manifest.output)")
        #expect(manifest.output.contains(#""name" : "todo_apiTests""#), "\(manifest.output)")

        // The converted target, compiled as SwiftPM would (its own module, several files).
        let toolchain = try Toolchain.locate(environment: CLI.environment)
        let framework = try toolchain.framework(
            .debug, for: try AppSource(path: file.path), environment: CLI.environment, progress: ProgressReporter())
        let binary = directory.appendingPathComponent("bin/todo_api")
        try FileManager.default.createDirectory(
            at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        let files = names.map { sources.appendingPathComponent($0) }
        let compiled = try Compiler(toolchain: toolchain, framework: framework)
            .compileTarget(files, moduleName: "todo_api", output: binary)
        if case .failure(let diagnostics) = compiled { Issue.record("\(diagnostics)") }
        let portTwo = CLI.freePort()
        let structured = try Background(binary.path, ["run", "127.0.0.1:\(portTwo)"])
        defer { structured.stop() }
        let lists = await CLI.waitFor("http://127.0.0.1:\(portTwo)/api/lists", timeout: 60) { s, _ in s == 401 }
        #expect(lists != nil, "\(structured.output.suffix(2000))")
        let mine = await CLI.send("http://127.0.0.1:\(portTwo)/api/lists", headers: bearer)
        #expect(mine?.status == 200 && mine?.body.contains(#""name":"Home""#) == true, "\(mine?.body ?? "no answer")")
        #expect(!structured.output.contains("Migrations for"), "\(structured.output)")
        let migrations = try FileManager.default.contentsOfDirectory(
            atPath: project.appendingPathComponent("migrations").path)
        #expect(migrations.filter { $0.hasSuffix(".json") } == ["0001_initial.json"])

        // A second convert into the same folder needs --delete.
        let again = try await CLI.run(pony, ["convert", file.path, project.path, "--no-check"])
        #expect(again.status != 0 && again.output.contains("already exists"), "\(again.output)")
        let replaced = try await CLI.run(pony, ["convert", file.path, project.path, "--no-check", "--delete"])
        #expect(replaced.status == 0, "\(replaced.output)")
        let inside = try await CLI.run(pony, ["convert", file.path, appFolder.path, "--delete"])
        #expect(inside.status != 0 && inside.output.contains("convert into a new folder"), "\(inside.output)")
        #expect(FileManager.default.fileExists(atPath: file.path))
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try "keep".write(to: other.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let foreign = try await CLI.run(pony, ["convert", file.path, other.path, "--delete", "--no-check"])
        #expect(foreign.status != 0 && foreign.output.contains("did not write it"), "\(foreign.output)")
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("notes.txt").path))
    }
}
