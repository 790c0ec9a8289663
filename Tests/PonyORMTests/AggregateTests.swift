import Foundation
import PonyORM
import PonySQLite
import Testing

@Suite struct AggregateTests {
    @Test(arguments: Backend.available) func annotationsFilterOrderAndCount(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            let ann = try await Owner.objects.create(Owner(name: "Ann", score: 3))
            let bob = try await Owner.objects.create(Owner(name: "Bob", score: 5))
            _ = try await Owner.objects.create(Owner(name: "Cy"))
            for (name, owner) in [("a", ann), ("b", ann), ("c", bob)] {
                try await Task.objects.create(Task(name: name, completed: name == "a", owner: ForeignKey(owner)))
            }
            let counted = Owner.objects.annotate(["tasks": .count("task")])
            let rows = try await counted.orderBy("-tasks", "name").fetchAnnotated()
            #expect(rows.map(\.name) == ["Ann", "Bob", "Cy"])
            let counts = try rows.map { try $0.annotation("tasks", as: Int.self) }
            #expect(counts == [2, 1, 0])
            let busy = try await counted.filter("tasks__gt", 0).count()
            #expect(busy == 2)
            let open = try await Owner.objects.filter("task__completed", false).annotate(.count("task"))
                .orderBy("name").valuesList("name", "task__count")
            #expect(open == [[.text("Ann"), .integer(1)], [.text("Bob"), .integer(1)]])
            let total = try await Owner.objects.filter("name__in", ["Ann", "Bob"]).aggregate(["score": .sum("score")])
            #expect(total == ["score": .integer(8)])
            let firstTwo = try await Owner.objects.orderBy("name")[0..<2].aggregate(.max("score"))
            #expect(firstTwo == ["score__max": .integer(5)])
        }
    }

    /// Django selects the ORDER BY fields of a DISTINCT query too, so it runs on PostgreSQL;
    /// cleared, the values alone are distinct.
    @Test(arguments: Backend.available) func distinctValuesOfAnOrderedModel(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            for name in ["b", "a", "b"] {
                try await Task.objects.create(Task(name: name, owner: ForeignKey(ann)))
            }
            // Ordered by the model's `id`: one row per task, as in Django.
            #expect(try await Task.objects.distinct().valuesList("name") == [[.text("b")], [.text("a")], [.text("b")]])
            #expect(
                try await Task.objects.orderBy("-name").distinct().valuesList("name") == [[.text("b")], [.text("a")]])
            let names = try await Task.objects.orderBy().distinct().valuesList("name")
            #expect(Set(names) == [[.text("a")], [.text("b")]])
            #expect(try await Task.objects.distinct().values("name").count == 3)
            // Instances ordered across a relation.
            let bob = try await Owner.objects.create(Owner(name: "Bob"))
            try await Task.objects.create(Task(name: "c", owner: ForeignKey(bob)))
            let tasks = try await Task.objects.filter("owner__name__in", ["Ann", "Bob"]).orderBy("-owner__name", "name")
                .distinct().fetch()
            #expect(tasks.map(\.name) == ["c", "a", "b", "b"])
            let sliced = Task.objects.orderBy("-owner__name", "name").distinct()[0..<2]
            #expect(try await sliced.aggregate(.count("name")) == ["name__count": .integer(2)])
            #expect(try await sliced.count() == 2)
        }
    }

    @Test(arguments: Backend.available) func badAnnotationsAreErrorsNotSQL(backend: Backend) async throws {
        try await withDatabase(backend) { database in
            _ = try await Owner.objects.create(Owner(name: "Ann"))
            let hostile = "x\" FROM ponyormtests_owner; --"
            let rows = try await Owner.objects.annotate([hostile: .count("task")]).values("name", hostile)
            #expect(rows == [["name": .text("Ann"), hostile: .integer(0)]])
            await #expect(throws: FieldError.self) {
                try await Owner.objects.annotate(["name": .count("task")]).fetchAnnotated()
            }
            await #expect(throws: FieldError.self) {
                try await Owner.objects.annotate(["n": .count("n")]).fetchAnnotated()
            }
            let unknown = await #expect(throws: FieldError.self) {
                try await Owner.objects.aggregate(.sum("nope"))
            }
            #expect(unknown?.description.contains("Choices are:") == true)
            let tables = try await database.tables(prefix: "ponyormtests_")
            #expect(tables.contains("ponyormtests_owner"))
        }
    }
}
