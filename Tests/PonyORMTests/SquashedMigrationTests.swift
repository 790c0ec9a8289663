import Foundation
import PonyORM
import Synchronization
import Testing

/// A squashed migration (``Migration/replaces``) as Django's loader and executor treat it: it
/// runs in place of the migrations it replaces on a new database, counts as applied where they
/// all ran, and steps aside while only some did.
@Suite struct SquashedMigrationTests {
    static let app = "sq"

    static func migration(_ name: String, _ json: String) throws -> Migration {
        var migration = try JSONDecoder().decode(Migration.self, from: Data(json.utf8))
        migration.name = name
        return migration
    }

    /// Book, its year, a longer title; then a shelf of books, written before the squash.
    static func originals() throws -> [Migration] {
        [
            try migration(
                "0001_initial",
                #"""
                {"initial": true, "dependencies": [], "operations": [{"type": "CreateModel", "name": "Book",
                 "table": "sq_book", "fields": [{"name": "id", "type": "BigAutoField", "primary_key": true},
                 {"name": "title", "type": "CharField", "max_length": 100}]}]}
                """#),
            try migration(
                "0002_book_year",
                #"""
                {"dependencies": ["0001_initial"], "operations": [{"type": "AddField", "model_name": "book",
                 "field": {"name": "year", "type": "IntegerField", "null": true}}]}
                """#),
            try migration(
                "0003_alter_book_title",
                #"""
                {"dependencies": ["0002_book_year"], "operations": [{"type": "AlterField", "model_name": "book",
                 "field": {"name": "title", "type": "CharField", "max_length": 200}}]}
                """#),
            try migration(
                "0004_shelf",
                #"""
                {"dependencies": ["0003_alter_book_title"], "operations": [{"type": "CreateModel", "name": "Shelf",
                 "table": "sq_shelf", "fields": [{"name": "id", "type": "BigAutoField", "primary_key": true},
                 {"name": "book", "type": "ForeignKey", "to": "sq.book", "on_delete": "CASCADE", "db_index": true}]}]}
                """#),
        ]
    }

    /// 0001–0003 squashed, as `squashmigrations 0003` writes it.
    static func squash(_ originals: [Migration]) -> Migration {
        let replaced = Array(originals.prefix(3))
        return Migration(
            name: "0001_squashed_0003_alter_book_title", dependencies: [],
            operations: MigrationOptimizer.optimize(replaced.flatMap(\.operations), app: app), initial: true,
            replaces: replaced.map(\.name))
    }

    /// Every migration with the squash, in file order as `Migration.load` gives them.
    static func withSquash() throws -> [Migration] {
        let originals = try originals()
        return (originals + [squash(originals)]).sorted { $0.name < $1.name }
    }

    static func executor(_ database: any Database, _ migrations: [Migration]) -> MigrationExecutor {
        MigrationExecutor(database: database, app: app, migrations: migrations)
    }

    static func migrate(_ executor: MigrationExecutor, to target: String? = nil) async throws -> String {
        let log = Mutex("")
        try await executor.migrate(to: target) { line in log.withLock { $0 += line } }
        return log.withLock { $0 }
    }

    static func recorded(_ database: any Database) async throws -> Set<String> {
        Set(try await executor(database, []).appliedNodes().filter { $0.app == app }.map(\.name))
    }

    @Test func theSquashIsOneCreateModel() throws {
        let squash = Self.squash(try Self.originals())
        #expect(squash.operations.count == 1)
        #expect(try Migration.state(after: [squash]) == Migration.state(after: Array(Self.originals().prefix(3))))
        // NB: the state after every file is the squash's: the replaced ones do not count twice.
        #expect(try Migration.state(after: Self.withSquash()) == Migration.state(after: Self.originals()))
        #expect(Migration.leaf(of: try Self.withSquash()) == "0004_shelf")
        let alone = [squash]
        #expect(Migration.leaf(of: alone) == squash.name)
        #expect(Migration.nextName(after: alone, operations: [], name: "more") == "0004_more")
    }

    @Test(arguments: Backend.available) func aNewDatabaseRunsTheSquash(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let executor = Self.executor(database, try Self.withSquash())
            #expect(try await executor.pending().map(\.name) == ["0001_squashed_0003_alter_book_title", "0004_shelf"])
            let log = try await Self.migrate(executor)
            #expect(
                log == "  Applying sq.0001_squashed_0003_alter_book_title... OK\n  Applying sq.0004_shelf... OK\n")
            #expect(
                try await Self.recorded(database)
                    == Set(try Self.withSquash().map(\.name)))
            try await database.execute(
                "INSERT INTO sq_book (title, year) VALUES (?, ?)",
                [
                    .text(String(repeating: "x", count: 200)), .integer(1999),
                ])
            #expect(try await executor.pending().isEmpty)
            // A replaced migration is no target: the squash stands for it.
            let refused = await #expect(throws: MigrationError.self) { try await executor.migrate(to: "0002") }
            #expect(refused?.description.contains("squashed into sq.0001_squashed_0003_alter_book_title") == true)
            // Unapplying the squash forgets every migration it replaces.
            #expect(
                try await Self.migrate(executor, to: "zero")
                    == "  Unapplying sq.0004_shelf... OK\n  Unapplying sq.0001_squashed_0003_alter_book_title... OK\n")
            #expect(try await Self.recorded(database).isEmpty)
            // NB: LIKE 'sq_%' also finds SQLite's own sqlite_sequence.
            #expect(try await test.tables(prefix: "sq_").filter { $0.hasPrefix("sq_") }.isEmpty)
        }
    }

    @Test(arguments: Backend.available) func aSquashWhereAllItReplacesRanIsRecorded(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            _ = try await Self.migrate(Self.executor(database, try Self.originals()))
            let executor = Self.executor(database, try Self.withSquash())
            #expect(try await executor.pending().isEmpty)
            #expect(try await executor.applied().contains("0001_squashed_0003_alter_book_title"))
            #expect(try await !Self.recorded(database).contains("0001_squashed_0003_alter_book_title"))
            #expect(try await Self.migrate(executor) == "  No migrations to apply.\n")
            #expect(try await Self.recorded(database).contains("0001_squashed_0003_alter_book_title"))
        }
    }

    @Test(arguments: Backend.available) func aPartlyAppliedSquashStepsAside(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            _ = try await Self.migrate(Self.executor(database, [try Self.originals()[0]]))
            let executor = Self.executor(database, try Self.withSquash())
            #expect(
                try await executor.pending().map(\.name) == ["0002_book_year", "0003_alter_book_title", "0004_shelf"])
            let log = try await Self.migrate(executor)
            #expect(log.contains("Applying sq.0002_book_year... OK") && !log.contains("squashed"))
            #expect(try await Self.recorded(database) == Set(try Self.withSquash().map(\.name)))
            #expect(try await executor.pending().isEmpty)
        }
    }

    /// Once the replaced files are deleted, a migration that still depends on one of them
    /// follows the squash, as in Django.
    @Test(arguments: Backend.available) func theReplacedFilesMayBeGone(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let originals = try Self.originals()
            let executor = Self.executor(test.database, [Self.squash(originals), originals[3]])
            #expect(try await executor.pending().map(\.name) == ["0001_squashed_0003_alter_book_title", "0004_shelf"])
            _ = try await Self.migrate(executor)
            // NB: as Django, applying the squash records the migrations it replaces too.
            #expect(try await executor.applied() == Set(try Self.withSquash().map(\.name)))
            // Partly applied with the files gone cannot run: the error names what is missing.
            let graph = #expect(throws: MigrationError.self) {
                try MigrationGraph(
                    [(Self.app, [Self.squash(originals), originals[3]])],
                    applied: [MigrationNode(app: Self.app, name: "0001_initial")])
            }
            #expect(graph?.description.contains("depends on sq.0003_alter_book_title, which does not exist") == true)
        }
    }
}
