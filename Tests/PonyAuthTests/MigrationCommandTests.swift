import Foundation
import PonyORM
import PonySQLite
import Testing

@testable import Pony
@testable import PonyAuth

/// `squashmigrations`, `optimizemigration`, `showmigrations` and `migrate --plan/--fake`
/// through `app.main`, on migration files in a new folder.
@Suite struct MigrationCommandTests {
    /// Book; its year; a longer title; a note with a key to the book.
    static let files = [
        "0001_initial": #"""
        {"initial": true, "dependencies": [], "operations": [{"type": "CreateModel", "name": "Book",
         "table": "shop_book", "fields": [{"name": "id", "type": "BigAutoField", "primary_key": true},
         {"name": "title", "type": "CharField", "max_length": 100}]}]}
        """#,
        "0002_book_year": #"""
        {"dependencies": ["0001_initial"], "operations": [{"type": "AddField", "model_name": "book",
         "field": {"name": "year", "type": "IntegerField", "null": true}}]}
        """#,
        "0003_alter_book_title": #"""
        {"dependencies": ["0002_book_year"], "operations": [{"type": "AlterField", "model_name": "book",
         "field": {"name": "title", "type": "CharField", "max_length": 200}},
         {"type": "RunSQL", "sql": ["UPDATE shop_book SET title = title"], "reverse_sql": []}]}
        """#,
        "0004_note": #"""
        {"dependencies": ["0003_alter_book_title"], "operations": [{"type": "CreateModel", "name": "Note",
         "table": "shop_note", "fields": [{"name": "id", "type": "BigAutoField", "primary_key": true}]},
         {"type": "AddField", "model_name": "note", "field": {"name": "book", "type": "ForeignKey",
          "to": "shop.book", "on_delete": "CASCADE", "db_index": true}},
         {"type": "AlterField", "model_name": "note", "field": {"name": "book", "type": "ForeignKey",
          "to": "shop.book", "on_delete": "CASCADE", "db_index": true, "null": true}}]}
        """#,
    ]

    static func withApp(_ body: (Pony, URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pony-squash-\(UUID().uuidString)")
        let migrations = directory.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: migrations, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, json) in files {
            try Data(json.utf8).write(to: migrations.appendingPathComponent("\(name).json"))
        }
        try await body(Pony(file: directory.appendingPathComponent("shop.swift").path), migrations)
    }

    static func settings(_ app: Pony) throws -> ResolvedSettings {
        try app.settings.resolved(for: .development)
    }

    @Test func squashingWritesOneMigrationThatReplacesThem() async throws {
        try await Self.withApp { app, migrations in
            var log = ""
            let file = try #require(
                try app.squashMigrations(
                    Self.settings(app), from: nil, to: "0003", name: nil, optimize: true, confirm: nil,
                    log: { log += $0 }))
            #expect(file.lastPathComponent == "0001_squashed_0003_alter_book_title.json")
            #expect(
                log == """
                    Will squash the following migrations:
                     - 0001_initial
                     - 0002_book_year
                     - 0003_alter_book_title
                    Optimizing...
                      Optimized from 4 operations to 2 operations.
                    Created new squashed migration migrations/0001_squashed_0003_alter_book_title.json
                      You should commit this migration but leave the old ones in place;
                      the new migration will be used for new installs. Once you are sure
                      all instances of the codebase have applied the migrations you squashed,
                      you can delete them.

                    """)
            let squashed = try #require(
                try Migration.load(from: migrations).first { $0.name == "0001_squashed_0003_alter_book_title" })
            #expect(squashed.replaces == ["0001_initial", "0002_book_year", "0003_alter_book_title"])
            #expect(squashed.initial && squashed.dependencies.isEmpty)
            // The raw SQL stays where it was: nothing crosses it.
            #expect(squashed.operations.map(\.description) == ["Create model Book", "Raw SQL operation"])
            guard case .createModel(let book) = squashed.operations[0] else { return }
            #expect(book.fields.map(\.name) == ["id", "title", "year"])
            #expect(book.fields[1].maxLength == 200)

            // A new database runs the squash, then 0004, which still names 0003.
            #expect(await app.main(["migrate"]) == 0)
            let database = try await SQLiteDatabase.open(
                .file(migrations.deletingLastPathComponent().appendingPathComponent("db.sqlite3").path))
            let executor = MigrationExecutor(
                database: database, app: "shop", migrations: try Migration.load(from: migrations))
            let recorded = try await executor.appliedNodes()
            #expect(recorded.count == 5)
            #expect(
                Pony.migrationList(try executor.graph(applied: recorded), recorded: recorded)
                    == "shop\n [X] 0001_squashed_0003_alter_book_title (3 squashed migrations)\n [X] 0004_note\n")
            // Applied before the squash was recorded in its own name: `[-]` until migrate runs.
            let unrecorded = recorded.filter { $0.name != "0001_squashed_0003_alter_book_title" }
            #expect(
                Pony.migrationList(try executor.graph(applied: unrecorded), recorded: unrecorded).contains(
                    " [-] 0001_squashed_0003_alter_book_title (3 squashed migrations) Run 'migrate' to finish recording.\n"
                ))
            try await database.close()
        }
    }

    @Test func startNamesAndRefusals() async throws {
        try await Self.withApp { app, migrations in
            let settings = try Self.settings(app)
            var log = ""
            let file = try #require(
                try app.squashMigrations(
                    settings, from: "0002", to: "0004", name: nil, optimize: false, confirm: nil, log: { log += $0 }))
            #expect(file.lastPathComponent == "0002_book_year_squashed_0004_note.json")
            #expect(log.contains("(Skipping optimization.)\n"))
            let squashed = try #require(try Migration.load(from: migrations).first { !$0.replaces.isEmpty })
            // The first keeps its dependency on 0001; not the first of the app, so not initial.
            #expect(squashed.dependencies == ["0001_initial"] && !squashed.initial)
            #expect(squashed.operations.count == 6)

            func refusal(_ start: String?, _ end: String, name: String? = nil) -> String {
                do {
                    _ = try app.squashMigrations(
                        settings, from: start, to: end, name: name, optimize: true, confirm: nil, log: { _ in })
                    return ""
                } catch { return "\(error)" }
            }
            // Squashed ones count on a new database: 0004 follows the squash of 0002–0004.
            #expect(
                refusal(nil, "0004")
                    == "The migration shop.0004_note is squashed into 0002_book_year_squashed_0004_note; name that instead."
            )
            #expect(refusal(nil, "0002_book_year_squashed").contains("You cannot squash squashed migrations!"))
            #expect(
                refusal("0002_book_year_squashed", "0001").contains(
                    "Maybe it comes after the migration 'shop.0001_initial'?"))
            #expect(refusal(nil, "0009") == "Cannot find a migration matching '0009' from app 'shop'.")
            #expect(
                refusal("0001", "0001", name: "initial")
                    == "Migration 0001_initial already exists. Use a different name.")
            #expect(await app.main(["squashmigrations"]) == 2)
            #expect(await app.main(["squashmigrations", "1", "2", "3"]) == 2)
        }
    }

    @Test func askingAndNaming() async throws {
        try await Self.withApp { app, migrations in
            let settings = try Self.settings(app)
            // No: nothing is written.
            #expect(
                try app.squashMigrations(
                    settings, from: "0001", to: "0002", name: "start", optimize: true, confirm: { "n" }, log: { _ in })
                    == nil)
            #expect(try Migration.load(from: migrations).count == 4)
            let named = try app.squashMigrations(
                settings, from: "0001", to: "0002", name: "start", optimize: true, confirm: { "yes" }, log: { _ in })
            #expect(named?.lastPathComponent == "0001_start.json")
        }
    }

    @Test func planAndFake() async throws {
        try await Self.withApp { app, migrations in
            #expect(await app.main(["migrate", "--plan"]) == 0)
            #expect(await app.main(["migrate", "0002", "--fake"]) == 0)
            #expect(await app.main(["migrate", "--fake-initial"]) == 1)
            #expect(await app.main(["migrate", "--plan", "--bogus"]) == 2)
            let database = try await SQLiteDatabase.open(
                .file(migrations.deletingLastPathComponent().appendingPathComponent("db.sqlite3").path))
            // 0001 and 0002 were recorded only; 0003 then failed on the missing table, and changed nothing.
            let recorded = try await MigrationExecutor(
                database: database, app: "shop", migrations: try Migration.load(from: migrations)
            ).applied()
            #expect(recorded == ["0001_initial", "0002_book_year"])
            try await database.close()
            #expect(
                Pony.planText([(MigrationNode(app: "shop", name: "0003_x"), ["Alter field title on book"])])
                    == "Planned operations:\nshop.0003_x\n    Alter field title on book\n")
            #expect(Pony.planText([]) == "Planned operations:\n  No planned migration operations.\n")
        }
    }

    @Test func optimizeMigrationRewritesOneFile() async throws {
        try await Self.withApp { app, migrations in
            #expect(await app.main(["optimizemigration", "0001"]) == 0)
            #expect(await app.main(["optimizemigration", "0004", "--check"]) == 1)
            let before = try Data(contentsOf: migrations.appendingPathComponent("0004_note.json"))
            #expect(try Migration.load(from: migrations).count == 4)
            #expect(await app.main(["optimizemigration", "0004"]) == 0)
            let note = try #require(try Migration.load(from: migrations).first { $0.name == "0004_note" })
            #expect(note.operations.map(\.description) == ["Create model Note"])
            #expect(try Data(contentsOf: migrations.appendingPathComponent("0004_note.json")) != before)
            #expect(await app.main(["optimizemigration", "0004", "--check"]) == 0)
            #expect(await app.main(["optimizemigration", "0009"]) == 1)
            #expect(await app.main(["optimizemigration"]) == 2)
        }
    }
}
