import Foundation
import PonyORM
import Testing

/// `selectForUpdate`'s options, `contains` and `explain`, as Django's `select_for_update`,
/// `contains()` and `explain()`.
@Suite struct LockAndExplainTests {
    /// `SKIP LOCKED` passes over a row another transaction holds and `NOWAIT` fails at once on
    /// it (PostgreSQL; a statement that waited would fail with the lock timeout instead).
    @Test func skipLockedAndNoWaitMeetAHeldRow() async throws {
        guard Backend.available.contains(.postgresql) else { return }
        try await withDatabase(.postgresql) { test in
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            _ = try await Owner.objects.create(Owner(name: "Bob"))
            let (locked, lockedSignal) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            let holder = _Concurrency.Task {
                try await atomic {
                    _ = try await Owner.objects.filter("id", ann.id!).selectForUpdate().get()
                    lockedSignal.yield()
                    for await _ in release { break }
                }
            }
            for await _ in locked { break }
            let free = try await atomic {
                try await test.database.execute("SET LOCAL lock_timeout = '5s'", [])
                return try await Owner.objects.orderBy("name").selectForUpdate(skipLocked: true).fetch()
            }
            #expect(free.map(\.name) == ["Bob"])
            let refused = await #expect(throws: DatabaseError.self) {
                try await atomic {
                    try await test.database.execute("SET LOCAL lock_timeout = '5s'", [])
                    return try await Owner.objects.filter("id", ann.id!).selectForUpdate(noWait: true).fetch()
                }
            }
            #expect(refused?.description.contains("could not obtain lock") == true, "\(String(describing: refused))")
            releaseSignal.yield()
            try await holder.value
        }
    }

    /// The SQL of each option, in Django's order; SQLite writes none of it.
    @Test(arguments: Backend.available) func lockClausesAndTheirErrors(backend: Backend) async throws {
        try await withDatabase(backend) { test in
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            try await Task.objects.create(Task(name: "a1", createdAt: Date(), owner: ForeignKey(ann)))
            let (_, queries) = try await ORM.capturingQueries {
                try await atomic {
                    _ = try await Task.objects.selectRelated("owner")
                        .selectForUpdate(skipLocked: true, of: ["self", "owner"], noKey: true).fetch()
                    _ = try await Owner.objects.selectForUpdate(noWait: true).fetch()
                }
            }
            let sql = queries.map(\.sql)
            if test.database.dialect == .postgresql {
                #expect(
                    sql[0].hasSuffix(
                        #" FOR NO KEY UPDATE OF "ponyormtests_task", "ponyormtests_owner" SKIP LOCKED"#), "\(sql)")
                #expect(sql[1].hasSuffix(" FOR UPDATE NOWAIT"))
            } else {
                #expect(!sql.contains { $0.contains("FOR ") })
            }
            let both = await #expect(throws: FieldError.self) {
                try await atomic { try await Owner.objects.selectForUpdate(noWait: true, skipLocked: true).fetch() }
            }
            #expect(both?.description == "The nowait option cannot be used with skip_locked.")
            let unknown = await #expect(throws: FieldError.self) {
                try await atomic { try await Task.objects.selectRelated("owner").selectForUpdate(of: ["nope"]).fetch() }
            }
            #expect(
                unknown?.description
                    == "Invalid field name(s) given in select_for_update(of=(...)): nope. Only relational fields"
                    + " followed in the query are allowed. Choices are: self, owner.")
        }
    }

    @Test(arguments: Backend.available) func containsAsksForTheRow(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            let bob = try await Owner.objects.create(Owner(name: "Bob"))
            let (found, queries) = try await ORM.capturingQueries {
                try await Owner.objects.filter("name__startswith", "A").contains(ann)
            }
            #expect(found && queries.count == 1)
            #expect(try await Owner.objects.filter("name__startswith", "A").contains(bob) == false)
            #expect(try await Owner.objects.none().contains(ann) == false)
            let unsaved = await #expect(throws: FieldError.self) { try await Owner.objects.contains(Owner(name: "Cy")) }
            #expect(unsaved?.description == "QuerySet.contains() cannot be used on unsaved objects.")
            await #expect(throws: FieldError.self) {
                try await Owner.objects.filter("name", "Ann").union(Owner.objects.filter("name", "Bob")).contains(ann)
            }
        }
    }

    @Test(arguments: Backend.available) func explainShowsThePlan(backend: Backend) async throws {
        try await withDatabase(backend) { test in
            _ = try await Owner.objects.create(Owner(name: "Ann"))
            let plan = try await Owner.objects.filter("name", "Ann").explain()
            if test.database.dialect == .postgresql {
                #expect(plan.contains("Scan on ponyormtests_owner"), "\(plan)")
                let json = try await Owner.objects.explain(format: "json", options: ["analyze": true])
                #expect(json.hasPrefix("[") && json.contains("\"Actual Total Time\""), "\(json)")
                let unknown = await #expect(throws: FieldError.self) {
                    try await Owner.objects.explain(options: ["nonsense": true])
                }
                #expect(unknown?.description == "Unknown options: NONSENSE.")
                let format = await #expect(throws: FieldError.self) { try await Owner.objects.explain(format: "html") }
                #expect(
                    format?.description == "HTML is not a recognized format. Allowed formats: JSON, TEXT, XML, YAML")
            } else {
                #expect(plan.contains("ponyormtests_owner"), "\(plan)")
                let format = await #expect(throws: FieldError.self) { try await Owner.objects.explain(format: "json") }
                #expect(format?.description == "JSON is not a recognized format. SQLite does not support any formats.")
                await #expect(throws: FieldError.self) { try await Owner.objects.explain(options: ["analyze": true]) }
            }
        }
    }
}
