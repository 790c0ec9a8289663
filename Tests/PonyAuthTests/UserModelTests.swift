import Foundation
import PonyORM
import PonyPostgres
import PonySQLite
import PonySupport
import Testing

@testable import Pony
@testable import PonyAuth

/// A note that belongs to a user: an app model pointing to another app's model.
@Model
struct Note {
    @Field(maxLength: 100) var text: String
    @Field(onDelete: .cascade) var author: ForeignKey<User>
}

/// Permissions through users and groups, and an app's models pointing to `auth.User`
/// (after Django's `auth_tests/test_auth_backends.py` and the autodetector's swappable
/// dependency).
@Suite struct UserModelTests {
    /// The backends: SQLite always, PostgreSQL when `PONY_TEST_POSTGRES_URL` names a server.
    static let backends = ["sqlite"] + (PostgresDatabase.testServerURL == nil ? [] : ["postgresql"])

    /// Runs `body` on a new database (SQLite in `storage`, or a new PostgreSQL schema dropped
    /// afterwards) with the auth app's tables.
    static func withAuthDatabase(
        on backend: String = "sqlite", storage: SQLiteDatabase.Storage = .memory,
        _ body: @Sendable (any Database) async throws -> Void
    ) async throws {
        let apps: [AppConfig] = [.sessions, .contentTypes, .auth]
        try await PostgresDatabase.withTestDatabase(
            postgreSQL: backend == "postgresql", otherwise: { try await SQLiteDatabase.open(storage) }
        ) { database in
            try await ORM.using(database, models: apps.flatMap(\.models)) {
                try await MigrationExecutor(
                    database: database, apps: apps.map { ($0.label, $0.migrations) }, app: "auth"
                )
                .migrate()
                try await body(database)
            }
        }
    }

    @Test(arguments: backends) func test_has_perm_through_user_and_group(backend: String) async throws {
        try await Self.withAuthDatabase(on: backend) { _ in
            let type = try await ContentType(appLabel: "todo", model: "task").save()
            let change = try await Permission(
                name: "Can change task", contentType: ForeignKey(type), codename: "change_task"
            )
            .save()
            let view = try await Permission(name: "Can view task", contentType: ForeignKey(type), codename: "view_task")
                .save()
            let editors = try await Group(name: "editors").save()
            try await editors.related(\.permissions).add(change)
            let ann = try await User(password: PasswordHashers.unusable(), username: "ann").save()
            #expect(try await !ann.hasPerm("todo.change_task"))
            try await ann.related(\.groups).add(editors)
            try await ann.related(\.userPermissions).add(view)
            #expect(try await ann.permissions() == ["todo.change_task", "todo.view_task"])
            // Another user's permissions, direct or through their groups, are not ann's.
            let delete = try await Permission(
                name: "Can delete task", contentType: ForeignKey(type), codename: "delete_task"
            )
            .save()
            let admins = try await Group(name: "admins").save()
            try await admins.related(\.permissions).add(delete)
            let bob = try await User(password: PasswordHashers.unusable(), username: "bob").save()
            try await bob.related(\.groups).add(admins)
            try await bob.related(\.userPermissions).add(change)
            #expect(try await bob.permissions() == ["todo.change_task", "todo.delete_task"])
            #expect(try await ann.permissions() == ["todo.change_task", "todo.view_task"])
            #expect(try await ann.hasPerm("todo.change_task"))
            #expect(try await !ann.hasPerm("todo.delete_task"))
            var inactive = ann
            inactive.isActive = false
            #expect(try await !inactive.hasPerm("todo.change_task"))
            #expect(try await !User.anonymous.hasPerm("todo.view_task"))
        }
    }

    /// Django's `post_migrate`: content types and the four default permissions per model, made
    /// once; on a database Django migrated, the contrib apps' rows are already Django's.
    @Test func contentTypesAndPermissionsAfterMigrate() async throws {
        try await SessionTests.withDjangoDatabase { _ async throws in
            let contrib: [any Model.Type] =
                AppConfig.contentTypes.models + AppConfig.auth.models + AppConfig.sessions.models
            #expect(try await AuthCommands.createContentTypesAndPermissions(for: contrib) == 0)
            #expect(try await AuthCommands.createContentTypesAndPermissions(for: contrib + [Note.self]) == 5)
            #expect(try await AuthCommands.createContentTypesAndPermissions(for: contrib + [Note.self]) == 0)
            let names = try await Permission.objects.filter(\.codename, .in(["add_note", "view_note"])).fetch().map(
                \.name)
            #expect(Set(names) == ["Can add note", "Can view note"])
            let admin = try await User.objects.get(\.username == "admin")
            #expect(try await admin.hasPerm("ponyauthtests.add_note"))
        }
    }

    /// `makemigrations` for a model with a `ForeignKey<User>` depends on auth's latest
    /// migration, and the column is an `integer` like the key it points to.
    @Test func aForeignKeyToUserDependsOnAuth() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-notes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let app = Pony(file: directory.appendingPathComponent("notes.swift").path)
        app.install(.sessions(), .contentTypes(), .auth())
        app.models(Note.self)
        let settings = try app.settings.resolved(for: .development)
        let file = try #require(
            try app.makeMigrations(settings, questioner: NonInteractiveQuestioner(), log: { _ in }))
        let migration = try JSONValue(parsing: String(contentsOf: file, encoding: .utf8))
        #expect(migration["dependencies"] == ["auth.0012_alter_user_first_name_max_length"])
        let database = try await SQLiteDatabase.open(.memory)
        let executor = try app.executor(database, settings)
        #expect(try executor.graph().plan.last?.description == "ponyauthtests.0001_initial")
        let sql = try executor.sql(for: "0001").joined(separator: "\n")
        #expect(sql.contains(#""author_id" integer NOT NULL REFERENCES "auth_user" ("id")"#))
        try await database.close()
    }
}
