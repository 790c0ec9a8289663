import Foundation
import PonyORM
import Testing

/// Migrations of several apps: a dependency across apps orders the plan, a relation to
/// another app's model finds its table, and `django_migrations` records each app's rows.
@Suite struct MigrationGraphTests {
    /// `people.owner` and `shop.task`, whose `owner` points to `people.owner`.
    static func apps(shopDependsOn dependency: String = "people.0001_initial") -> [(
        label: String, migrations: [Migration]
    )] {
        var owner = ModelState(Owner.schemaInfo)
        owner.table = "people_owner"
        var task = ModelState(Task.schemaInfo)
        task.table = "shop_task"
        task.fields = task.fields.map { field in
            var field = field
            if field.to == "ponyormtests.owner" { field.to = "people.owner" }
            return field
        }
        return [
            // NB: listed before the app it depends on; the plan puts people first anyway.
            (
                "shop",
                [
                    Migration(
                        name: "0001_initial", dependencies: [dependency], operations: [.createModel(task)],
                        initial: true)
                ]
            ),
            (
                "people",
                [Migration(name: "0001_initial", dependencies: [], operations: [.createModel(owner)], initial: true)]
            ),
        ]
    }

    @Test func thePlanPutsDependenciesFirst() throws {
        let graph = try MigrationGraph(Self.apps())
        #expect(graph.plan.map(\.description) == ["people.0001_initial", "shop.0001_initial"])
        #expect(try MigrationGraph(Self.apps(shopDependsOn: "people.__first__")).plan.first?.app == "people")
        #expect(
            graph.dependencies(of: MigrationNode(app: "shop", name: "0001_initial")).map(\.description) == [
                "people.0001_initial"
            ])
    }

    @Test func missingAppsMigrationsAndCirclesAreErrors() {
        let missingApp = #expect(throws: MigrationError.self) { try MigrationGraph(Array(Self.apps().prefix(1))) }
        #expect(missingApp?.description.contains("depends on the app 'people', which is not installed") == true)
        let missing = #expect(throws: MigrationError.self) {
            try MigrationGraph(Self.apps(shopDependsOn: "people.0002_later"))
        }
        #expect(
            missing?.description == "Migration shop.0001_initial depends on people.0002_later, which does not exist.")
        var circular = Self.apps()
        circular[1].migrations[0].dependencies = ["shop.0001_initial"]
        let circle = #expect(throws: MigrationError.self) { try MigrationGraph(circular) }
        #expect(
            circle?.description.contains("in a circle: shop.0001_initial → people.0001_initial → shop.0001_initial")
                == true)
    }

    @Test(arguments: Backend.available) func migratingAnAppAppliesWhatItDependsOnFirst(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let shop = MigrationExecutor(database: database, apps: Self.apps(), app: "shop")
            // The relation to another app's model finds its table and key.
            let sql = try shop.sql(for: "0001").joined(separator: "\n")
            #expect(sql.contains("REFERENCES \"people_owner\" (\"id\")"))
            let lines = Lines()
            try await shop.migrate(to: "0001_initial", log: { lines.append($0) })
            #expect(lines.text == "  Applying people.0001_initial... OK\n  Applying shop.0001_initial... OK\n")
            #expect(
                try await shop.appliedNodes().sorted().map(\.description) == [
                    "people.0001_initial", "shop.0001_initial",
                ])
            #expect(try await shop.pending().isEmpty)
            try await database.execute("INSERT INTO people_owner (name, token, score) VALUES ('Ann', 't', 0)", [])

            // people cannot go while shop needs it; shop first, then people.
            let people = MigrationExecutor(database: database, apps: Self.apps(), app: "people")
            let refused = await #expect(throws: MigrationError.self) { try await people.migrate(to: "zero") }
            #expect(
                refused?.description.contains(
                    "Cannot unapply people.0001_initial: the applied migration shop.0001_initial depends on it") == true
            )
            try await shop.migrate(to: "zero")
            try await people.migrate(to: "zero")
            #expect(try await shop.appliedNodes().isEmpty)
            #expect(try await test.tables(prefix: "people_").isEmpty)
            #expect(try await test.tables(prefix: "shop_").isEmpty)

            // With no target, every app's pending migrations run, in plan order.
            let all = Lines()
            try await shop.migrate(log: { all.append($0) })
            #expect(all.text.hasPrefix("  Applying people.0001_initial... OK\n"))
            #expect(try await shop.pending().isEmpty)
        }
    }
}

/// Collects log lines from a `@Sendable` closure.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    func append(_ part: String) { lock.withLock { parts.append(part) } }
    var text: String { lock.withLock { parts.joined() } }
}
