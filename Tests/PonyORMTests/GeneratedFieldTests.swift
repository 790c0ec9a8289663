import Foundation
import PonyORM
import PonySupport
import Testing

/// A model with columns the database computes (Django's `GeneratedField`), and a unique
/// constraint whose `NULL`s are equal, the model of Fixtures/generate_generated.py.
@Model(constraints: [.unique(fields: ["name", "note"], name: "one_name_per_note", nullsDistinct: false)])
struct LineItem {
    @Field(maxLength: 100, dbComment: "The item's name") var name: String
    @Field(maxDigits: 10, decimalPlaces: 2) var price: Decimal
    var quantity: Int32
    var note: String?
    @Field(maxDigits: 12, decimalPlaces: 2, generated: F("price") * F("quantity")) var total: Decimal = 0
    @Field(maxLength: 100, generated: .lower(F("name"))) var lowered: String = ""
    @Field(generated: F("quantity") * 2 + 1) var score: Int32 = 0
    @Field(generated: .coalesce(F("note"), .value(.text("none")))) var label: String = ""
    @Field(
        maxLength: 10,
        generated: .case(When("quantity__gt", 10, then: .value(.text("bulk"))), default: .value(.text("single"))))
    var size: String = ""
    @Field(maxLength: 10, generated: .cast(F("quantity"), as: .char(maxLength: 10))) var digits: String = ""
}

/// A generated column computed when read: SQLite only (PostgreSQL 17 stores them all).
@Model struct Measure {
    var width: Double
    var height: Double
    @Field(generated: F("width") * F("height"), dbPersist: false) var area: Double = 0
}

/// A name joined from two, as Django's documentation joins one with `Concat`: PostgreSQL
/// takes it only when every part is IMMUTABLE, as `||` and `COALESCE` are.
@Model struct Signer {
    @Field(maxLength: 50) var first: String
    @Field(maxLength: 50) var last: String?
    @Field(generated: .concat(F("first"), .value(.text(" ")), F("last"))) var fullName: String = ""
}

/// Constraints on generated fields, which `fullClean()` checks with the values the database
/// will compute, as Django's validation does.
@Model(constraints: [
    .unique(fields: ["slug"], name: "one_slug"), .check(Q("doubled__lte", 100), name: "small_doubled"),
])
struct Emblem {
    @Field(maxLength: 20) var name: String
    var size: Int32
    @Field(maxLength: 20, generated: .lower(F("name"))) var slug: String = ""
    @Field(generated: F("size") * 2) var doubled: Int32 = 0
}

/// Generated fields: their DDL is Django 5.2's `sqlmigrate` for the same model, the database
/// computes them, and saves read them back (as Django 6 does) and never write them.
@Suite struct GeneratedFieldTests {
    static func migrations() throws -> [Migration] {
        let model = ModelState(LineItem.schemaInfo)
        let initial = Migration(
            name: "0001_initial", dependencies: [],
            operations: try Autodetector(from: ProjectState(), to: [model], questioner: NonInteractiveQuestioner())
                .changes(), initial: true)
        var grown = model
        var discounted = try #require(model.fields.first { $0.name == "total" })
        discounted.name = "discounted"
        discounted.generated = F("price") - 1
        grown.fields.append(discounted)
        var migrations = [initial]
        try migrations.append(Self.migration("0002_discounted", after: migrations, to: grown))
        // A plain field added with a default: on SQLite the rebuilt table has it after the key.
        var flag = try #require(ModelState(Measure.schemaInfo).fields.first { $0.name == "width" })
        flag.name = "flag"
        flag.type = .boolean
        flag.default = .integer(0)
        flag.dbComment = "Shown in the shop"
        grown.fields.append(flag)
        try migrations.append(Self.migration("0003_flag", after: migrations, to: grown))
        // A comment changed: on PostgreSQL `COMMENT ON COLUMN`, on SQLite a rebuilt table.
        let name = try #require(grown.fields.firstIndex { $0.name == "name" })
        grown.fields[name].dbComment = "Its name"
        try migrations.append(Self.migration("0004_name_comment", after: migrations, to: grown))
        return migrations
    }

    static func migration(_ name: String, after migrations: [Migration], to model: ModelState) throws -> Migration {
        let operations = try Autodetector(
            from: try Migration.state(after: migrations), to: [model], questioner: NonInteractiveQuestioner()
        ).changes()
        return Migration(
            name: name, dependencies: [migrations[migrations.count - 1].name], operations: operations, initial: false)
    }

    @Test(arguments: [Backend.sqlite, .postgresql]) func ddlIsDjangos(backend: Backend) throws {
        // The migrations as their files store them: the expressions go through JSON and back.
        let (pony, djangos) = try sqlmigrate(
            try Self.migrations(), on: backend, django: "django_sqlmigrate_generated_\(backend.rawValue).sql")
        var django = djangos
        // NB: for a new comment Django first alters the column's type to itself, which PostgreSQL
        // refuses for a column a generated column uses (`lowered` uses `name`); Pony writes the
        // comment alone.
        django.removeAll { $0 == "ALTER TABLE \"ponyormtests_lineitem\" ALTER COLUMN \"name\" TYPE varchar(100);" }
        #expect(pony == django)
    }

    @Test(arguments: Backend.available) func savesReadTheComputedValuesBack(backend: Backend) async throws {
        try await withDatabase(backend, [LineItem.self]) { _ in
            var item = try await LineItem.objects.create(LineItem(name: "Tea Pot", price: 12.5, quantity: 3))
            #expect(item.total == 37.5)
            #expect(item.lowered == "tea pot")
            #expect(item.score == 7)
            #expect(item.label == "none")
            #expect(item.size == "single" && item.digits == "3")
            item.quantity = 4
            item.note = "gift"
            try await item.save()
            #expect(item.total == 50)
            #expect(item.score == 9)
            #expect(item.label == "gift")
            item.quantity = 12
            try await item.save()
            #expect(item.size == "bulk" && item.digits == "12")
            item.quantity = 4
            // A generated value set by hand is not written: the database's stands.
            item.total = 1
            try await item.save()
            #expect(item.total == 50)
            let fetched = try await LineItem.objects.get(pk: try #require(item.id))
            #expect(fetched.total == 50 && fetched.lowered == "tea pot")

            let many = try await LineItem.objects.bulkCreate([
                LineItem(name: "Cup", price: 2, quantity: 6), LineItem(name: "Saucer", price: 1.25, quantity: 4),
            ])
            #expect(many.map(\.total) == [12, 5])
            #expect(many.map(\.lowered) == ["cup", "saucer"])
            #expect(many.allSatisfy { $0.id != nil })

            // Queries read them as any column.
            #expect(
                try await LineItem.objects.filter("total__gt", 10).orderBy("total").fetch().map(\.name) == [
                    "Cup", "Tea Pot",
                ])
            #expect(try await LineItem.objects.filter(\.lowered, .startswith("sau")).count() == 1)
            try await LineItem.objects.filter("name", "Cup").update(["quantity": F("quantity") + 1])
            #expect(try await LineItem.objects.filter("name", "Cup").get().total == 14)
            try await item.fullClean()
        }
    }

    /// `dumpdata` writes the computed values; `loaddata` ignores them, as Django's does, and
    /// the database computes its own, for a new row and for one updated.
    @Test(arguments: Backend.available) func fixturesLoadWithoutThem(backend: Backend) async throws {
        try await withDatabase(backend, [LineItem.self]) { test in
            let item = try await LineItem.objects.create(LineItem(name: "Vase", price: 10, quantity: 2))
            let dumped = try await Fixtures.dump([LineItem.self], from: test.database)
            let first = try #require(dumped.first)
            guard case .object(let object) = first, case .object(var fields)? = object["fields"]
            else {
                Issue.record("dumpdata wrote \(dumped)")
                return
            }
            #expect(fields["total"] == .string("20.00"))
            fields["total"] = .string("999.00")
            fields["quantity"] = .int(5)
            var changed = object
            changed["fields"] = .object(fields)
            var added = changed
            added["pk"] = .int(50)
            fields["name"] = .string("Vase 2")
            added["fields"] = .object(fields)
            try await Fixtures.load(
                .array([.object(changed), .object(added)]), models: [LineItem.self], into: test.database)
            let rows = try await LineItem.objects.orderBy("id").fetch()
            #expect(rows.map(\.id) == [item.id, Int64(50)])
            #expect(rows.map(\.total) == [Decimal(50), Decimal(50)])
        }
    }

    @Test(arguments: Backend.available) func textJoinedFromFields(backend: Backend) async throws {
        try await withDatabase(backend, [Signer.self]) { _ in
            var signer = try await Signer(first: "Ada", last: "Lovelace").save()
            #expect(signer.fullName == "Ada Lovelace")
            signer.last = nil
            try await signer.save()
            #expect(signer.fullName == "Ada ")
            #expect(try await Signer.objects.filter("fullName__startswith", "Ada").count() == 1)
        }
    }

    /// `nullsDistinct: false` makes two `nil` notes equal: PostgreSQL refuses the second row,
    /// and `fullClean()` reports it with Django's message on both backends (SQLite has no such
    /// constraint, as Django makes none there).
    @Test(arguments: Backend.available) func nullsNotDistinct(backend: Backend) async throws {
        try await withDatabase(backend, [LineItem.self]) { _ in
            _ = try await LineItem(name: "Jug", price: 1, quantity: 1).save()
            let second = LineItem(name: "Jug", price: 2, quantity: 1)
            await #expect(
                performing: { try await second.fullClean() },
                throws: {
                    ($0 as? ValidationError)?.errors["__all__"] == ["Line item with this Name and Note already exists."]
                })
            var noted = second
            noted.note = "blue"
            try await noted.fullClean()
            if backend == .postgresql {
                await #expect(throws: (any Error).self) { try await second.save() }
            } else {
                #expect(try await second.save().id != nil)
            }
        }
    }

    @Test(arguments: Backend.available) func fullCleanComputesThemForConstraints(backend: Backend) async throws {
        try await withDatabase(backend, [Emblem.self]) { _ in
            _ = try await Emblem(name: "Red", size: 1).save()
            func messages(_ label: Emblem) async throws -> [String] {
                do {
                    try await label.fullClean()
                    return []
                } catch let error as ValidationError {
                    return error.errors["__all__"] ?? []
                }
            }
            #expect(try await messages(Emblem(name: "RED", size: 1)) == ["Emblem with this Slug already exists."])
            #expect(try await messages(Emblem(name: "Blue", size: 60)) == ["Constraint “small_doubled” is violated."])
            #expect(try await messages(Emblem(name: "Blue", size: 50)).isEmpty)
            // Saved and changed, the row is checked with its new values, not the ones it read back.
            var red = try await Emblem.objects.filter("name", "Red").get()
            red.size = 70
            #expect(try await messages(red) == ["Constraint “small_doubled” is violated."])
        }
    }

    /// Writing a generated field is refused before any SQL: the database would refuse it too.
    @Test(arguments: Backend.available) func writingOneIsRefused(backend: Backend) async throws {
        try await withDatabase(backend, [LineItem.self]) { _ in
            var item = try await LineItem.objects.create(LineItem(name: "Jug", price: 3, quantity: 1))
            let message =
                "Cannot update LineItem.total: it is a generated field, which the database computes from its"
                + " expression; update the fields it is computed from."
            let refused: @Sendable (any Error) -> Bool = { ($0 as? FieldError)?.description == message }
            await #expect(performing: { try await LineItem.objects.all().update(["total": 5]) }, throws: refused)
            await #expect(performing: { try await item.save(updateFields: ["total"]) }, throws: refused)
            let saved = item
            await #expect(
                performing: { try await LineItem.objects.bulkUpdate([saved], fields: ["total"]) }, throws: refused)
            #expect(try await LineItem.objects.get(pk: try #require(item.id)).total == 3)
        }
    }

    /// A generated field added to a table with rows computes their values; on SQLite the
    /// table is rebuilt (SQLite cannot add a stored generated column) and keeps its rows.
    /// A changed expression is a field removed and added again.
    @Test(arguments: Backend.available) func migrationsAddAndChangeThem(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            var migrations = try Self.migrations()
            let executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: [migrations[0]])
            try await executor.migrate()
            try await ORM.using(database, models: [LineItem.self]) {
                _ = try await LineItem.objects.create(LineItem(name: "Bowl", price: 4.5, quantity: 2))
            }
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            if backend == .postgresql {
                // The comments the migrations wrote, the changed one included.
                let comments = try await database.query(
                    "SELECT attname, col_description(attrelid, attnum) FROM pg_attribute WHERE attrelid ="
                        + " 'ponyormtests_lineitem'::regclass AND attname IN ('name', 'flag') ORDER BY attname", [])
                #expect(
                    comments.map(\.values) == [
                        [.text("flag"), .text("Shown in the shop")], [.text("name"), .text("Its name")],
                    ])
            }
            let discounted = "SELECT discounted, total FROM ponyormtests_lineitem"
            let first = try #require(try await database.query(discounted, []).first)
            #expect(try Decimal(databaseValue: first.values[0]) == 3.5)
            #expect(try Decimal(databaseValue: first.values[1]) == 9)

            var state = try Migration.state(after: migrations)
            var model = try #require(state.models.values.first)
            let index = try #require(model.fields.firstIndex { $0.name == "discounted" })
            model.fields[index].generated = F("price") - 2
            let changed = try Autodetector(from: state, to: [model], questioner: NonInteractiveQuestioner()).changes()
            #expect(
                changed.map(\.description) == [
                    "Remove field discounted from lineitem", "Add field discounted to lineitem",
                ])
            migrations.append(
                Migration(name: "0005_change", dependencies: ["0004_name_comment"], operations: changed, initial: false)
            )
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            let row = try #require(try await database.query(discounted, []).first)
            #expect(try Decimal(databaseValue: row.values[0]) == 2.5)
            state = try Migration.state(after: migrations)
            #expect(
                try Autodetector(from: state, to: [model], questioner: NonInteractiveQuestioner()).changes().isEmpty)
        }
    }

    /// Renaming a field that generated fields name renames it in them, as the database does
    /// when it renames the column: the migration is the rename alone, and the rows keep
    /// their computed values.
    @Test(arguments: Backend.available) func renamingAFieldTheyName(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            var migrations = try Self.migrations()
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            try await database.execute(
                "INSERT INTO ponyormtests_lineitem (name, price, quantity, flag) VALUES ('Mug', 2.5, 4, false)", [])
            let state = try Migration.state(after: migrations)
            var model = try #require(state.models.values.first)
            model.fields = model.fields.map { field in
                var field = field
                if field.name == "price" { field.name = "cost" }
                field.generated = field.generated.map { expression in
                    expression == F("price") * F("quantity")
                        ? F("cost") * F("quantity")
                        : expression == F("price") - 1 ? F("cost") - 1 : expression
                }
                return field
            }
            let renamed = try Autodetector(from: state, to: [model], questioner: FixedQuestioner(value: .null))
                .changes()
            #expect(renamed.map(\.description) == ["Rename field price on lineitem to cost"])
            migrations.append(
                Migration(name: "0005_cost", dependencies: ["0004_name_comment"], operations: renamed, initial: false))
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            try await database.execute("UPDATE ponyormtests_lineitem SET cost = 3", [])
            let row = try #require(
                try await database.query("SELECT total, discounted FROM ponyormtests_lineitem", []).first)
            #expect(try row.values.map { try Decimal(databaseValue: $0) } == [12, 2])
            let after = try Migration.state(after: migrations)
            #expect(
                try Autodetector(from: after, to: [model], questioner: NonInteractiveQuestioner()).changes().isEmpty)
        }
    }

    /// `dbPersist: false` is a `VIRTUAL` column on SQLite; PostgreSQL has none, and the
    /// migration says so with Django's check id.
    @Test(arguments: Backend.available) func virtualColumns(backend: Backend) async throws {
        guard backend == .sqlite else {
            await #expect {
                try await withDatabase(backend, [Measure.self]) { _ in }
            } throws: { error in
                "\(error)".contains("(fields.E221) PostgreSQL does not support non-persisted generated fields.")
            }
            return
        }
        try await withDatabase(backend, [Measure.self]) { test in
            let measure = try await Measure(width: 2, height: 3.5).save()
            #expect(measure.area == 7)
            let rows = try await test.database.query(
                "SELECT sql FROM sqlite_master WHERE name = 'ponyormtests_measure'", [])
            let sql = try String(databaseValue: try #require(rows.first).values[0])
            #expect(sql.hasSuffix(", \"area\" real GENERATED ALWAYS AS ((\"width\" * \"height\")) VIRTUAL)"), "\(sql)")
        }
    }
}
