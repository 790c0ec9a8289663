import Foundation
import PonyORM
import Testing

/// Key-path queries give the same rows as the string lookups they stand for, across relations
/// too, on both backends.
@Suite struct TypedQueryTests {
    /// Ann (two tasks, one done), Bob (one task), Cleo (none).
    static func withOwners(_ backend: Backend, _ body: @Sendable () async throws -> Void) async throws {
        try await withDatabase(backend) { _ in
            let ann = try await Owner.objects.create(Owner(name: "Ann", score: 5))
            let bob = try await Owner.objects.create(Owner(name: "bob", score: 2))
            _ = try await Owner.objects.create(Owner(name: "Cleo", score: 9))
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            for (name, owner, done, offset) in [
                ("milk", ann, true, 0.0), ("eggs", ann, false, 60), ("tea", bob, false, 120),
            ] {
                var task = Task(name: name, owner: owner)
                task.completed = done
                try await task.save()
                try await Task.objects.filter(\.name, .exact(name)).update(\.createdAt, to: start + offset)
            }
            try await body()
        }
    }

    @Test(arguments: Backend.available) func filtersAcrossAForeignKey(backend: Backend) async throws {
        try await Self.withOwners(backend) {
            let typed = try await Task.objects.filter(\.owner.name, .iexact("ANN")).orderBy(\.name).fetch()
            let string = try await Task.objects.filter("owner__name__iexact", "ANN").orderBy("name").fetch()
            #expect(typed.map(\.name) == ["eggs", "milk"])
            #expect(typed.map(\.id) == string.map(\.id))
            let scored = try await Task.objects.filter(\.owner.score, .gte(3)).exclude(\.completed, .exact(true))
                .fetch()
            #expect(scored.map(\.name) == ["eggs"])
            #expect(try await Task.objects.exclude(\.owner.name, .startswith("A")).fetch().map(\.name) == ["tea"])
        }
    }

    /// A `String?` field takes the text lookups too; `NULL` matches none of them.
    @Test(arguments: Backend.available) func textLookupsOnAnOptionalField(backend: Backend) async throws {
        try await Self.withOwners(backend) {
            try await Task.objects.filter(\.name, .exact("milk")).update(["note": "Semi-skimmed MILK"])
            try await Task.objects.filter(\.name, .exact("tea")).update(["note": "green"])
            #expect(try await Task.objects.filter(\.note, .icontains("milk")).fetch().map(\.name) == ["milk"])
            #expect(try await Task.objects.filter(\.note, .istartswith("GREEN")).fetch().map(\.name) == ["tea"])
            #expect(try await Task.objects.exclude(\.note, .contains("e")).fetch().map(\.name) == ["eggs"])
            #expect(try await Task.objects.filter(\.note, .isNull(true)).fetch().map(\.name) == ["eggs"])
        }
    }

    @Test(arguments: Backend.available) func ordersPrefetchesAndSelectsByKeyPath(backend: Backend) async throws {
        try await Self.withOwners(backend) {
            let newest = try await Task.objects.orderBy(\.createdAt, .descending).fetch()
            #expect(newest.map(\.name) == ["tea", "eggs", "milk"])
            let byOwner = try await Task.objects.orderBy(\.owner.name, .descending).thenBy(\.name).fetch()
            #expect(byOwner.map(\.name) == ["tea", "eggs", "milk"])
            let owners = try await Owner.objects.prefetchRelated(\.tasks).orderBy(\.name).fetch()
            // NB: "bob" after "Cleo": both backends compare bytes here (PostgreSQL with the C collation).
            #expect(owners.map { $0.tasks.cached?.map(\.name).sorted() ?? [] } == [["eggs", "milk"], [], ["tea"]])
            let tasks = try await Task.objects.selectRelated(\.owner).orderBy(\.name).fetch()
            #expect(tasks.map { $0.owner.cached?.name } == ["Ann", "Ann", "bob"])
            // A field reached through a loaded key reads its value.
            #expect(tasks.map { $0.owner.name.loaded } == ["Ann", "Ann", "bob"])
            #expect(try await Task.objects.orderBy(\.name).fetch().first?.owner.name.loaded == nil)
        }
    }

    @Test(arguments: Backend.available) func typedAggregatesHaveSwiftTypes(backend: Backend) async throws {
        try await Self.withOwners(backend) {
            let latest: Date? = try await Task.objects.aggregate(.max(\.createdAt))
            #expect(latest == Date(timeIntervalSince1970: 1_700_000_120))
            let earliest = try await Task.objects.filter(\.owner.name, .exact("Ann")).aggregate(.min(\.createdAt))
            #expect(earliest == Date(timeIntervalSince1970: 1_700_000_000))
            let count: Int = try await Task.objects.filter(\.completed == false).aggregate(.count())
            #expect(count == 2)
            #expect(try await Owner.objects.aggregate(.sum(\.score)) == 16)
            #expect(try await Owner.objects.aggregate(.avg(\.score)) == 16.0 / 3)
            // Over no rows: nil, as Django's aggregates give None.
            #expect(try await Owner.objects.filter(\.score, .gt(100)).aggregate(.max(\.name)) == nil)
            #expect(try await Owner.objects.filter(\.score, .gt(100)).aggregate(.count()) == 0)
        }
    }

    @Test(arguments: Backend.available) func updatesWithKeyPathExpressions(backend: Backend) async throws {
        try await Self.withOwners(backend) {
            let changed = try await Owner.objects.filter(\.name, .istartswith("a")).update(\.score, to: \.score + 10)
            #expect(changed == 1)
            try await Owner.objects.update(\.score, to: \.score * 2)
            try await Owner.objects.filter(\.name, .exact("Cleo")).update(\.score, to: \.score + \.score)
            let scores = try await Owner.objects.orderBy(\.name).fetch().map(\.score)
            #expect(scores == [30, 36, 4])  // Ann, Cleo, bob
        }
    }
}
