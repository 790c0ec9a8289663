import Foundation
import PonyORM
import PonySupport
import Testing

/// Columns with defaults the database keeps (Django's `db_default`), the model of
/// Fixtures/generate_db_default.py: `nil` leaves each to the database.
@Model struct Chore {
    @Field(maxLength: 100) var title: String
    @Field(maxLength: 20, dbDefault: .value("open")) var status: String?
    @Field(dbDefault: .value(Int32(3))) var priority: Int32?
    @Field(dbDefault: F.now) var opened: Date?
    @Field(dbDefault: .value(false)) var urgent: Bool?
    @Field(dbDefault: F.pi) var ratio: Double?
}

/// Database defaults: their DDL is Django 5.2's `sqlmigrate` for the same model, a save leaves
/// a field holding `nil` to the database and reads the value back (as Django 5's
/// `DatabaseDefault` does), and migrations add, change and drop them.
@Suite struct DatabaseDefaultTests {
    static func migrations() throws -> [Migration] {
        var model = ModelState(Chore.schemaInfo)
        var migrations = [
            Migration(
                name: "0001_initial", dependencies: [],
                operations: try Autodetector(from: ProjectState(), to: [model], questioner: NonInteractiveQuestioner())
                    .changes(), initial: true)
        ]
        // A field added with a database default: the rows there take it, with no question asked.
        var score = try #require(model.fields.first { $0.name == "priority" })
        score.name = "score"
        score.dbDefault = .value(Int32(10))
        model.fields.append(score)
        try migrations.append(GeneratedFieldTests.migration("0002_score", after: migrations, to: model))
        model.fields[model.fields.count - 1].dbDefault = .value(Int32(20))
        try migrations.append(GeneratedFieldTests.migration("0003_score_default", after: migrations, to: model))
        // The database default replaced by a Swift one: the column forgets it.
        model.fields[model.fields.count - 1].dbDefault = nil
        model.fields[model.fields.count - 1].default = .integer(5)
        try migrations.append(GeneratedFieldTests.migration("0004_score_no_default", after: migrations, to: model))
        return migrations
    }

    @Test(arguments: [Backend.sqlite, .postgresql]) func ddlIsDjangos(backend: Backend) throws {
        // The migrations as their files store them: the defaults go through JSON and back.
        let (pony, django) = try sqlmigrate(
            try Self.migrations(), on: backend, django: "django_sqlmigrate_db_default_\(backend.rawValue).sql")
        #expect(pony == django)
    }

    @Test(arguments: Backend.available) func savesLeaveNilToTheDatabase(backend: Backend) async throws {
        try await withDatabase(backend, [Chore.self]) { _ in
            let before = Date().addingTimeInterval(-5)
            let chore = try await Chore.objects.create(Chore(title: "Dishes"))
            #expect(chore.status == "open" && chore.priority == 3 && chore.urgent == false)
            #expect(chore.ratio == Double.pi)
            let opened = try #require(chore.opened)
            #expect(opened > before && opened < Date().addingTimeInterval(5))
            // Values given are written, the defaults not used.
            let given = try await Chore(title: "Bins", status: "done", priority: 1, urgent: true, ratio: 0.5).save()
            #expect(given.status == "done" && given.priority == 1 && given.urgent == true && given.ratio == 0.5)
            #expect(try await Chore.objects.get(Q("pk", try #require(chore.id))).status == "open")
            #expect(try await Chore.objects.get(Q("pk", try #require(given.id))).status == "done")
            #expect(try await Chore.objects.filter("status", "open").count() == 1)
        }
    }

    @Test(arguments: Backend.available) func nilOnASavedRowSetsTheDefault(backend: Backend) async throws {
        try await withDatabase(backend, [Chore.self]) { _ in
            var chore = try await Chore(title: "Floor", status: "done", priority: 9).save()
            chore.status = nil
            chore.title = "Floors"
            try await chore.save()
            #expect(chore.status == "open" && chore.priority == 9)
            chore.priority = nil
            try await chore.save(updateFields: ["priority"])
            #expect(chore.priority == 3)
            chore.urgent = nil
            chore.opened = nil
            try await chore.save()
            #expect(chore.urgent == false && chore.opened != nil)
            let stored = try await Chore.objects.get(Q("pk", try #require(chore.id)))
            #expect(stored.title == "Floors" && stored.status == "open" && stored.priority == 3)
        }
    }

    @Test(arguments: Backend.available) func bulkCreateLeavesNilToTheDatabase(backend: Backend) async throws {
        try await withDatabase(backend, [Chore.self]) { _ in
            // Rows leaving different fields to the database go in separate statements, in order.
            let chores = try await Chore.objects.bulkCreate([
                Chore(title: "a"), Chore(title: "b", status: "done"), Chore(title: "c", status: "done"),
                Chore(title: "d"), Chore(title: "e", priority: 7),
            ])
            #expect(chores.map(\.status) == ["open", "done", "done", "open", "open"])
            #expect(chores.map(\.priority) == [3, 3, 3, 3, 7])
            #expect(chores.allSatisfy { $0.opened != nil && $0.urgent == false })
            let stored = try await Chore.objects.orderBy("id").fetch()
            #expect(stored.map(\.id) == chores.map(\.id))
            #expect(stored.map(\.title) == ["a", "b", "c", "d", "e"])
            #expect(stored.map(\.status) == chores.map(\.status))
        }
    }

    @Test(arguments: Backend.available) func fixturesLeaveMissingFieldsToTheDatabase(backend: Backend) async throws {
        try await withDatabase(backend, [Chore.self]) { test in
            let label = Chore.schemaInfo.label
            _ = try await Chore(title: "kept", status: "done", priority: 8, urgent: true).save()
            // A row there gets the default for what the object leaves out, as Django's raw save
            // of a `DatabaseDefault` sets it; a new row too; a value sent is kept.
            let fixture = try JSONValue(
                parsing: #"[{"model": "\#(label)", "pk": 1, "fields": {"title": "reset"}},"#
                    + #" {"model": "\#(label)", "pk": 2, "fields": {"title": "new", "priority": 4}}]"#)
            try await Fixtures.load(fixture, models: [Chore.self], into: test.database)
            let rows = try await Chore.objects.orderBy("id").fetch()
            #expect(rows.map(\.title) == ["reset", "new"])
            #expect(rows.map(\.status) == ["open", "open"] && rows.map(\.priority) == [3, 4])
            #expect(rows.map(\.urgent) == [false, false])
        }
    }

    @Test(arguments: Backend.available) func validationAcceptsNil(backend: Backend) async throws {
        try await withDatabase(backend, [Chore.self]) { _ in
            // As Django skips a `DatabaseDefault`, `nil` is the database's to fill.
            try await Chore(title: "Windows").fullClean()
            #expect(!Chore.schemaInfo.fields.contains { $0.isNullable })
        }
    }

    /// The rows there when a field with a database default is added take it; a changed
    /// default is the one later rows take, on the database itself (an `INSERT` that leaves the
    /// column out).
    @Test(arguments: Backend.available) func migrationsAddChangeAndDropThem(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let migrations = try Self.migrations()
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: [migrations[0]]).migrate()
            _ = try await database.execute("INSERT INTO ponyormtests_chore (title) VALUES ('old')", [])
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: Array(migrations[0...2]))
                .migrate()
            _ = try await database.execute("INSERT INTO ponyormtests_chore (title) VALUES ('new')", [])
            let rows = try await database.query("SELECT title, score, status FROM ponyormtests_chore ORDER BY id", [])
            #expect(
                rows.map(\.values) == [
                    [.text("old"), .integer(10), .text("open")], [.text("new"), .integer(20), .text("open")],
                ])
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            await #expect(throws: (any Error).self) {
                _ = try await database.execute("INSERT INTO ponyormtests_chore (title) VALUES ('none')", [])
            }
            #expect(
                try await database.query("SELECT count(*) FROM ponyormtests_chore", []).first?.values == [.integer(2)])
        }
    }

    /// A field that becomes `NOT NULL` with a database default: the rows holding `NULL` take it.
    @Test(arguments: Backend.available) func nullsTakeTheDefaultWhenTheFieldBecomesRequired(backend: Backend)
        async throws
    {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            var model = ModelState(Chore.schemaInfo)
            var note = try #require(model.fields.first { $0.name == "title" })
            note.name = "note"
            note.null = true
            model.fields.append(note)
            var migrations = [
                Migration(
                    name: "0001_initial", dependencies: [],
                    operations: try Autodetector(
                        from: ProjectState(), to: [model], questioner: NonInteractiveQuestioner()
                    ).changes(), initial: true)
            ]
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            _ = try await database.execute("INSERT INTO ponyormtests_chore (title, note) VALUES ('a', NULL)", [])
            _ = try await database.execute("INSERT INTO ponyormtests_chore (title, note) VALUES ('b', 'kept')", [])
            model.fields[model.fields.count - 1].null = nil
            model.fields[model.fields.count - 1].dbDefault = .concat(.value("to"), .value("do"))
            try migrations.append(GeneratedFieldTests.migration("0002_note", after: migrations, to: model))
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            let rows = try await database.query("SELECT note FROM ponyormtests_chore ORDER BY id", [])
            #expect(rows.map(\.values) == [[.text("todo")], [.text("kept")]])
        }
    }

    @Test func aDefaultNamingAFieldIsRefused() throws {
        var model = ModelState(Chore.schemaInfo)
        let index = try #require(model.fields.firstIndex { $0.name == "status" })
        model.fields[index].dbDefault = .lower(F("title"))
        let migration = Migration(
            name: "0001_initial", dependencies: [],
            operations: try Autodetector(from: ProjectState(), to: [model], questioner: NonInteractiveQuestioner())
                .changes(), initial: true)
        let executor = MigrationExecutor(
            database: NoDatabase(dialect: .sqlite), app: "ponyormtests", migrations: [migration])
        #expect {
            _ = try executor.sql(for: migration.name)
        } throws: { error in
            "\(error)".contains("Chore.status: (fields.E012)") && "\(error)".contains("cannot name a field")
        }
    }
}
