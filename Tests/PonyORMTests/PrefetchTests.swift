import Foundation
import PonyORM
import Testing

/// `Prefetch` querysets and the queries `prefetchRelated` runs (what Django loads is checked
/// against Django itself in `FidelityPrefetchTests`).
@Suite struct PrefetchTests {
    /// Ann with tasks a1, a2 (done) and a3; Bob with b1; the team Red with both as members.
    static func withOwners(_ backend: Backend, _ body: @Sendable (Owner, Owner) async throws -> Void) async throws {
        try await withDatabase(backend) { _ in
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            let bob = try await Owner.objects.create(Owner(name: "Bob"))
            for (name, owner, done) in [("a1", ann, false), ("b1", bob, false), ("a2", ann, true), ("a3", ann, false)] {
                try await Task.objects.create(
                    Task(name: name, createdAt: Date(), completed: done, owner: ForeignKey(owner)))
            }
            try await Sticker.objects.create(Sticker(text: "gold", owner: ForeignKey(bob)))
            let red = try await Team.objects.create(Team(name: "Red"))
            try await red.related(\.members).add(ann, bob)
            try await body(ann, bob)
        }
    }

    /// Each relation loads with one query however many paths go through it; a queryset
    /// changes the rows without adding a query, except on a many-to-many field, where the
    /// pairs come first.
    @Test(arguments: Backend.available) func eachRelationLoadsOnce(backend: Backend) async throws {
        try await Self.withOwners(backend) { _, _ in
            let (owners, queries) = try await ORM.capturingQueries {
                try await Owner.objects.orderBy("name")
                    .prefetchRelated("tasks__owner", "tasks__owner__stickers", "tasks").fetch()
            }
            #expect(queries.count == 4, "\(queries)")
            let stickers = owners.map { ($0.tasks.cached ?? []).map { $0.owner.cached?.stickers.cached?.count ?? -1 } }
            #expect(stickers == [[0, 0, 0], [1]])

            let open = Task.objects.filter("completed", false).orderBy("-name")
            let (filtered, counted) = try await ORM.capturingQueries {
                try await Owner.objects.orderBy("name").prefetchRelated(Prefetch("tasks", queryset: open)).fetch()
            }
            #expect(counted.count == 2)
            #expect(filtered.map { $0.tasks.cached?.map(\.name) ?? [] } == [["a3", "a1"], ["b1"]])

            let (teams, teamQueries) = try await ORM.capturingQueries {
                try await Team.objects.prefetchRelated(
                    Prefetch("members", queryset: Owner.objects.orderBy("-name")), "members__tasks"
                ).fetch()
            }
            #expect(teamQueries.count == 4)
            #expect(teams.first?.members.cached?.map(\.name) == ["Bob", "Ann"])
            #expect(teams.first?.members.cached?.map { $0.tasks.cached?.count ?? -1 } == [1, 3])
        }
    }

    /// Django's errors: a queryset for a path already loaded, a queryset of another model,
    /// and a combined query; and a slice out of range leaves each set empty, never traps.
    @Test(arguments: Backend.available) func mistakesAreExplained(backend: Backend) async throws {
        try await Self.withOwners(backend) { _, _ in
            let seen = await #expect(throws: FieldError.self) {
                try await Owner.objects.prefetchRelated("tasks__owner", Prefetch("tasks", queryset: Task.objects))
                    .fetch()
            }
            #expect(seen?.description.hasPrefix("'tasks' lookup was already seen with a different queryset.") == true)
            let mismatched = await #expect(throws: FieldError.self) {
                try await Owner.objects.prefetchRelated(Prefetch("tasks", queryset: Owner.objects)).fetch()
            }
            #expect(
                mismatched?.description
                    == "Prefetch(\"tasks\") of Owner loads Task rows, but its queryset selects Owner rows: pass a"
                    + " Task.objects query.")
            let combined = Task.objects.filter("name", "a1").union(Task.objects.filter("name", "b1"))
            let union = await #expect(throws: FieldError.self) {
                try await Owner.objects.prefetchRelated(Prefetch("tasks", queryset: combined)).fetch()
            }
            #expect(union?.description.contains("after union()") == true)
            for range in [Int.max - 1..<Int.max, 0..<0, -5..<(-1)] {
                let owners = try await Owner.objects
                    .prefetchRelated(Prefetch("tasks", queryset: Task.objects.orderBy("name")[range])).fetch()
                #expect(owners.allSatisfy { $0.tasks.cached?.isEmpty == true })
            }
        }
    }

    /// Django's `to_attr`: a second set on the same foreign key, filled by its own queryset,
    /// beside the first.
    @Test func aSecondSetTakesTheFilteredRows() async throws {
        try await Self.withOwners(.sqlite) { ann, _ in
            let open = Task.objects.filter("completed", false).orderBy("name")
            let owners = try await Owner.objects.orderBy("name").prefetchRelated(
                "tasks", Prefetch("openTasks", queryset: open)
            ).fetch()
            #expect(owners.map { $0.tasks.cached?.count } == [3, 1])
            #expect(owners.map { $0.openTasks.cached?.map(\.name) ?? [] } == [["a1", "a3"], ["b1"]])
            #expect(try await ann.related(\.openTasks).count() == 3)
        }
    }
}
