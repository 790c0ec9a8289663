import Foundation
import PonyORM
import PonySQLite
import Testing

@testable import Pony
@testable import PonyAuth

/// The command layer: Pony's commands, the installed apps' and the app's own, in one table
/// (`./app NAME`, `pony manage app.swift NAME`), and nanodjango's first-run superuser.
@Suite struct CommandTests {
    /// An app in a new folder (its database is `db.sqlite3` there) with users and a command.
    private static func withApp(_ body: (Pony, URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let app = Pony(file: directory.appendingPathComponent("shop.swift").path)
        app.install(.sessions(), .contentTypes(), .auth())
        app.command("countusers", usage: "[--plus N]", summary: "Print how many users there are.") { context in
            let count = try await User.objects.count() + (context.option("--plus").flatMap { Int($0) } ?? 0)
            context.write("\(count) users\n")
            return count == 0 ? 3 : 0
        }
        try await body(app, directory)
    }

    @Test func helpListsEveryAppsCommandsUnderItsLabel() async throws {
        try await Self.withApp { app, _ in
            let help = app.helpText()
            let groups = app.commandGroups.map(\.group)
            #expect(groups == ["pony", "sessions", "contenttypes", "auth", "shop"])
            #expect(help.contains("[auth]\n  createsuperuser [--username NAME] [--email ADDRESS] [--noinput]\n"))
            #expect(help.contains("[sessions]\n  clearsessions\n      Delete expired sessions.\n"))
            #expect(help.contains("[shop]\n  countusers [--plus N]\n      Print how many users there are.\n"))
            #expect(help.contains("  run [HOST:PORT] [--user NAME --pass PASSWORD]\n"))
            #expect(await app.main(["help"]) == 0)
        }
    }

    /// An app's command runs on a migrated database (the auth tables exist although nothing
    /// ran `migrate`), and its status is the exit status.
    @Test func anAppsCommandRunsOnTheMigratedDatabase() async throws {
        try await Self.withApp { app, directory in
            #expect(await app.main(["countusers"]) == 3)
            #expect(await app.main(["countusers", "--plus", "2"]) == 0)
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("db.sqlite3").path))
        }
    }

    /// `remove_stale_contenttypes --noinput` deletes the content types of models the app does
    /// not have (and, with `--include-stale-apps`, of apps it does not have).
    @Test func staleContentTypesAreRemoved() async throws {
        try await Self.withApp { app, directory in
            #expect(await app.main(["countusers"]) == 3)
            let database = try await SQLiteDatabase.open(.file(directory.appendingPathComponent("db.sqlite3").path))
            for (app, model) in [("shop", "gone"), ("oldapp", "thing")] {
                _ = try await database.execute(
                    "INSERT INTO django_content_type (app_label, model) VALUES (?, ?)", [.text(app), .text(model)])
            }
            func labels() async throws -> [String] {
                try await database.query("SELECT app_label || '.' || model AS label FROM django_content_type", [])
                    .compactMap { $0["label"].flatMap { if case .text(let text) = $0 { text } else { nil } } }
            }
            #expect(await app.main(["remove_stale_contenttypes", "--noinput"]) == 0)
            var left = try await labels()
            #expect(left.contains("oldapp.thing") && !left.contains("shop.gone"))
            #expect(await app.main(["remove_stale_contenttypes", "--noinput", "--include-stale-apps", "-v", "2"]) == 0)
            left = try await labels()
            #expect(!left.contains("oldapp.thing") && left.contains("auth.user"))
            #expect(await app.main(["remove_stale_contenttypes", "--noinput", "--verbosity", "loud"]) == 1)
            #expect(await app.main(["remove_stale_contenttypes", "--noinput", "--all"]) == 1)
            try await database.close()
        }
    }

    @Test func unknownCommandsAndArgumentsAreUsageErrors() async throws {
        try await Self.withApp { app, _ in
            #expect(await app.main(["frobnicate"]) == 2)
            #expect(await app.main(["migrate", "0001", "0002"]) == 2)
            #expect(await app.main(["makemigrations", "--bogus"]) == 2)
            #expect(await app.main(["sqlmigrate"]) == 2)
            #expect(await app.main(["run", "not a host:port"]) == 2)
            #expect(await app.main(["run", "--user", "ann"]) == 2)
        }
    }

    /// nanodjango's `run --user NAME --pass PASSWORD`: the superuser is made once, with the
    /// password given; a later run leaves it (and its changed password) alone.
    @Test func runMakesTheFirstSuperuser() async throws {
        try await Self.withApp { app, _ in
            let settings = try app.settings.resolved(for: .development)
            let options = CommandContext(
                arguments: ["--user", "boss", "--pass", "first-pass-1"], settings: settings, isInteractive: false)
            try await app.withDatabase(settings) { database in
                try await app.executor(database, settings).migrate()
                try await app.makeSuperuser(try FirstSuperuser(options), firstRun: true, settings)
                var boss = try await User.objects.get("username", "boss")
                #expect(boss.isSuperuser && boss.isStaff && boss.isActive)
                #expect(try await boss.checkPassword("first-pass-1"))
                await boss.setPassword("changed-pass-2")
                try await boss.save()
                try await app.makeSuperuser(try FirstSuperuser(options), firstRun: false, settings)
                #expect(try await User.objects.count() == 1)
                var again = try await User.objects.get("username", "boss")
                #expect(try await again.checkPassword("changed-pass-2"))
                // Without a terminal there is nobody to ask.
                let quiet = CommandContext(arguments: [], settings: settings, isInteractive: false)
                try await app.makeSuperuser(try FirstSuperuser(quiet), firstRun: true, settings)
                #expect(try await User.objects.count() == 1)
            }
            let half = CommandContext(arguments: ["--pass", "x"], settings: settings, isInteractive: false)
            #expect(throws: UsageError.self) { try FirstSuperuser(half) }
        }
    }

    /// The database and the migrations folder set in code (nanodjango's `DATABASES`,
    /// `SQLITE_MEMORY`, `MIGRATIONS_DIR`); `DATABASE_URL` still overrides the database, and a
    /// URL naming no backend is `database.E001`.
    @Test func databaseAndMigrationsFolderInCode() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("shop.swift").path
        let onDisk = Pony(database: "sqlite:///shop.sqlite3", migrationsDirectory: "db/migrations", file: file)
        onDisk.models(Note.self)
        #expect(await onDisk.main(["makemigrations"]) == 0)
        #expect(await onDisk.main(["migrate"]) == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("shop.sqlite3").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("db.sqlite3").path))
        let written = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("db/migrations").path)
        #expect(written == ["0001_initial.json"])

        let inMemory = Pony(database: "sqlite://:memory:", file: file)
        inMemory.install(.sessions(), .contentTypes(), .auth())
        inMemory.command("count", summary: "Users.") { _ in Int32(try await User.objects.count()) }
        #expect(await inMemory.main(["count"]) == 0)

        var settings = Settings(baseDirectory: directory.path)
        settings.database = "sqlite:///code.sqlite3"
        let overridden = try settings.applyingEnvironment(["DATABASE_URL": "sqlite://:memory:"]).resolved(
            for: .development)
        #expect(overridden.database == "sqlite://:memory:")
        settings.database = "mysql://root@localhost/shop"
        let error = #expect(throws: ConfigurationError.self) { try settings.resolved(for: .development) }
        #expect(error?.id == "database.E001")
        #expect(await Pony(database: "mysql://x", file: file).main(["migrate"]) == 1)
    }

    /// `inspectdb` reads a legacy database and leaves it as it was: nothing is migrated.
    @Test func inspectDBReadsWithoutMigrating() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite3").path
        var database = try await SQLiteDatabase.open(.file(path))
        try await database.execute("CREATE TABLE shelf (id integer PRIMARY KEY, label varchar(20) NOT NULL)", [])
        try await database.close()
        let app = Pony(file: directory.appendingPathComponent("legacy.swift").path)
        app.install(.sessions(), .contentTypes(), .auth())
        #expect(await app.main(["inspectdb"]) == 0)
        #expect(await app.main(["inspectdb", "shelf", "--include-views"]) == 0)
        #expect(await app.main(["inspectdb", "--all"]) == 2)
        database = try await SQLiteDatabase.open(.file(path))
        let tables = try await database.query("SELECT name FROM sqlite_master WHERE type = 'table'", [])
        #expect(tables.compactMap { $0["name"] } == [.text("shelf")])
        try await database.close()
    }

    /// `--user` without the auth app cannot make anyone: a clear error, not a silent start.
    @Test func firstSuperuserNeedsTheAuthApp() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-cmd-\(UUID().uuidString)")
        let app = Pony(file: directory.appendingPathComponent("bare.swift").path)
        let settings = try app.settings.resolved(for: .development)
        let options = CommandContext(
            arguments: ["--user", "boss", "--pass", "first-pass-1"], settings: settings, isInteractive: false)
        let error = await #expect(throws: CommandError.self) {
            try await app.makeSuperuser(try FirstSuperuser(options), firstRun: true, settings)
        }
        #expect(error?.description.contains("app.install(.sessions(), .contentTypes(), .auth())") == true)
    }
}
