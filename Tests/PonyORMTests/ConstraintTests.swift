import Foundation
import PonyORM
import Testing

@Model(constraints: [
    .check(Q("low__lte", F("high")) & ~Q("label", ""), name: "gauge_ordered"),
    .check(Q("ratio__range", 0.0...1.5), name: "gauge_ratio"),
    .unique(fields: ["label"], name: "gauge_one_live_label", condition: Q("live", true)),
])
struct Gauge {
    @Field(maxLength: 40) var label: String
    var low: Int
    var high: Int
    var ratio = 0.5
    var live = true
}

/// Check constraints and unique constraints with a condition, in the database: migrations
/// create, keep (through SQLite's table rebuilds), store, remove and restore them; the
/// database refuses rows that break them; `fullClean` reports them first. (Their SQL and
/// messages are compared with Django's in `FidelityTests`.)
@Suite struct ConstraintTests {
    @Test(arguments: Backend.available) func theDatabaseHoldsThemThroughMigrations(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let model = ModelState(Gauge.schemaInfo)
            var migrations = [
                Migration(
                    name: "0001_initial", dependencies: [],
                    operations: try Autodetector(
                        from: ProjectState(), to: [model], questioner: NonInteractiveQuestioner()
                    ).changes(), initial: true)
            ]
            // A field added later: on SQLite the table is rebuilt, and must keep its constraints.
            var grown = model
            var note = try #require(model.fields.first { $0.name == "label" })
            note.name = "note"
            note.type = .text
            note.maxLength = nil
            note.null = true
            grown.fields.append(note)
            let added = try Autodetector(
                from: try Migration.state(after: migrations), to: [grown], questioner: NonInteractiveQuestioner()
            ).changes()
            migrations.append(
                Migration(name: "0002_note", dependencies: ["0001_initial"], operations: added, initial: false))
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()

            // Stored and read back, the migrations describe the same models: nothing to do.
            let stored = try JSONDecoder().decode(
                [Migration].self, from: try JSONEncoder().encode(migrations))
            #expect(stored.flatMap(\.operations) == migrations.flatMap(\.operations))
            let pending = try Autodetector(
                from: try Migration.state(after: stored), to: [grown], questioner: NonInteractiveQuestioner()
            ).changes()
            #expect(pending.isEmpty)

            func row(_ label: String, _ low: Int, _ high: Int, _ ratio: Double, _ live: Bool) -> [DatabaseValue] {
                [.text(label), .integer(Int64(low)), .integer(Int64(high)), .double(ratio), .integer(live ? 1 : 0)]
            }
            let insert =
                "INSERT INTO ponyormtests_gauge (label, low, high, ratio, live) VALUES "
                + (database.dialect == .sqlite ? "(?, ?, ?, ?, ?)" : "($1, $2, $3, $4, $5)")
            func refuses(_ values: [DatabaseValue]) async -> Bool {
                do {
                    try await database.execute(insert, values)
                    return false
                } catch {
                    return true
                }
            }
            try await database.execute(insert, row("a", 1, 2, 0.5, true))
            #expect(await refuses(row("b", 3, 2, 0.5, true)))  // low > high
            #expect(await refuses(row("", 1, 2, 0.5, true)))  // empty label
            #expect(await refuses(row("c", 1, 2, 1.6, true)))  // ratio out of range
            #expect(await refuses(row("a", 1, 2, 0.5, true)))  // a second live "a"
            try await database.execute(insert, row("a", 1, 2, 0.5, false))  // not live: allowed

            // Without the constraints, the same rows go in; unapplied, the constraints return.
            var loose = grown
            loose.constraints = []
            let removed = try Autodetector(
                from: try Migration.state(after: migrations), to: [loose], questioner: NonInteractiveQuestioner()
            ).changes()
            #expect(
                removed.map(\.description) == [
                    "Remove constraint gauge_ordered from model gauge",
                    "Remove constraint gauge_ratio from model gauge",
                    "Remove constraint gauge_one_live_label from model gauge",
                ])
            migrations.append(
                Migration(name: "0003_loose", dependencies: ["0002_note"], operations: removed, initial: false))
            let executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            try await executor.migrate()
            try await database.execute(insert, row("b", 3, 2, 9, true))
            #expect(await !refuses(row("a", 1, 2, 0.5, true)))
            try await database.execute("DELETE FROM ponyormtests_gauge WHERE id > 2", [])
            try await executor.migrate(to: "0002_note")
            #expect(await refuses(row("b", 3, 2, 0.5, true)))
            #expect(await refuses(row("a", 1, 2, 0.5, true)))
        }
    }

    /// `fullClean` asks the database whether the instance's values meet each condition, as
    /// Django's `Q.check` does: false fails, `NULL` passes; values are bound, never written
    /// into the SQL, so quotes and `%` are only text.
    @Test(arguments: Backend.available) func fullCleanReportsBrokenConstraints(backend: Backend) async throws {
        try await withDatabase(backend, [Gauge.self]) { _ in
            try await Gauge(label: "a", low: 1, high: 2).save()
            func messages(_ gauge: Gauge) async throws -> [String] {
                do {
                    try await gauge.fullClean()
                    return []
                } catch let error as ValidationError {
                    return error.errors[ValidationError.nonField] ?? []
                }
            }
            #expect(try await messages(Gauge(label: "b", low: 1, high: 2)).isEmpty)
            #expect(
                try await messages(Gauge(label: "b", low: 3, high: 2)) == ["Constraint “gauge_ordered” is violated."])
            #expect(
                try await messages(Gauge(label: "b", low: 1, high: 2, ratio: -0.1))
                    == ["Constraint “gauge_ratio” is violated."])
            #expect(
                try await messages(Gauge(label: "a", low: 1, high: 2))
                    == ["Constraint “gauge_one_live_label” is violated."])
            #expect(try await messages(Gauge(label: "a", low: 1, high: 2, live: false)).isEmpty)
            for hostile in ["'); DROP TABLE ponyormtests_gauge; --", "%_\\", "\"quoted\"", "ünï'cödé"] {
                #expect(try await messages(Gauge(label: hostile, low: 1, high: 2)).isEmpty)
                #expect(
                    try await messages(Gauge(label: hostile, low: Int.max, high: Int.min))
                        == ["Constraint “gauge_ordered” is violated."])
            }
            // An excluded field skips the constraints that name it.
            try await Gauge(label: "c", low: 3, high: 2).fullClean(exclude: ["low"])
            // The row saved first still counts as itself, not as another live "a".
            let first = try await Gauge.objects.get("label", "a")
            try await first.fullClean()
            #expect(try await Gauge.objects.count() == 1)
        }
    }
}
