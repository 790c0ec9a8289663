import Foundation
import PonyORM
import Testing

/// A table someone else made (a legacy database, what `inspectdb` found).
@Model(table: "legacy_shelf", managed: false)
struct LegacyShelf {
    @Field(maxLength: 40) var label: String
    var capacity: Int32?
}

/// `@Model(managed: false)`, Django's `Meta.managed = False`: migrations record the model and
/// run no SQL for it; its fields are not followed; `flush` leaves its table alone.
@Suite struct UnmanagedModelTests {
    static func initial() throws -> [MigrationOperation] {
        try Autodetector(
            from: ProjectState(), to: [ModelState(LegacyShelf.schemaInfo), ModelState(Owner.schemaInfo)],
            questioner: NonInteractiveQuestioner()
        ).changes()
    }

    @Test(arguments: Backend.available) func migrationsRecordItAndLeaveTheTableAlone(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let operations = try Self.initial()
            #expect(operations.map(\.description) == ["Create model LegacyShelf", "Create model Owner"])
            guard case .createModel(let shelf) = operations[0] else { return }
            #expect(shelf.managed == false)
            var migrations = [Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)]
            var executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            #expect(try executor.sql(for: "0001").allSatisfy { !$0.contains("legacy_shelf") })
            try await executor.migrate()
            #expect(try await test.tables(prefix: "legacy").isEmpty)
            #expect(try await test.tables(prefix: "ponyormtests_owner") == ["ponyormtests_owner"])

            // The legacy database has the table; the ORM reads and writes it as any other.
            try await database.execute(
                "CREATE TABLE legacy_shelf (id integer PRIMARY KEY, label varchar(40) NOT NULL, capacity integer)", [])
            try await ORM.using(database, models: [LegacyShelf.self, Owner.self]) {
                try await LegacyShelf(label: "top", capacity: 3).save()
                #expect(try await LegacyShelf.objects.filter("capacity__gte", 2).count() == 1)
                // NB: flush empties the app's tables, not this one.
                #expect(
                    try await DatabaseFlush.tables(of: [LegacyShelf.self, Owner.self], in: database) == [
                        "ponyormtests_owner"
                    ])
            }

            // Its fields are not followed while it is unmanaged.
            let state = try Migration.state(after: migrations)
            var changed = ModelState(LegacyShelf.schemaInfo)
            changed.fields.removeAll { $0.name == "capacity" }
            let owner = ModelState(Owner.schemaInfo)
            #expect(
                try Autodetector(from: state, to: [changed, owner], questioner: NonInteractiveQuestioner()).changes()
                    .isEmpty)

            // Managed again: the record changes, the table stays as it is.
            changed.managed = nil
            let flip = try Autodetector(from: state, to: [changed, owner], questioner: NonInteractiveQuestioner())
                .changes()
            #expect(flip == [.alterModelOptions(name: "LegacyShelf", managed: true)])
            #expect(flip.map(\.description) == ["Change Meta options on LegacyShelf"])
            migrations.append(
                Migration(
                    name: Migration.nextName(after: migrations, operations: flip), dependencies: ["0001_initial"],
                    operations: flip, initial: false))
            #expect(migrations[1].name == "0002_alter_legacyshelf_options")
            executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            #expect(try executor.sql(for: "0002").isEmpty)
            try await executor.migrate()
            // Now its fields are followed: the column removed is a migration with SQL.
            let after = try Migration.state(after: migrations)
            #expect(
                try Autodetector(from: after, to: [changed, owner], questioner: NonInteractiveQuestioner()).changes()
                    == [.removeField(model: "legacyshelf", name: "capacity")])

            // Unapplying runs no SQL for it either: the table stays.
            try await executor.migrate(to: "zero")
            #expect(try await test.tables(prefix: "legacy") == ["legacy_shelf"])
        }
    }

    @Test func theRecordRoundTripsThroughJSON() throws {
        let migration = Migration(
            name: "0001_initial", dependencies: [],
            operations: try Self.initial() + [.alterModelOptions(name: "LegacyShelf", managed: true)], initial: true)
        let text = String(decoding: try migration.fileContents(), as: UTF8.self)
        #expect(text.contains(#""managed" : false"#) && text.contains(#""type" : "AlterModelOptions""#))
        var decoded = try JSONDecoder().decode(Migration.self, from: try migration.fileContents())
        decoded.name = migration.name
        #expect(decoded == migration)
    }
}
