import Foundation
import PonyORM
import Testing

/// A model whose `latest()` and `earliest()` order by its `getLatestBy`.
@Model(getLatestBy: ["-rank", "day"])
struct Entry {
    @Field(maxLength: 50) var title: String
    var day: Date?
    var rank: Int
}

/// `latest()` and `earliest()` choose the rows Django 5.2's choose for the same rows and
/// `Meta.get_latest_by` (checked with Django 5.2.19 on SQLite and PostgreSQL, where the
/// `NULL` day sorts first in a descending order).
@Suite struct LatestTests {
    @Test(arguments: Backend.available) func latestAndEarliestAreDjangos(backend: Backend) async throws {
        try await withDatabase(backend, [Entry.self]) { _ in
            let days = [
                Date(timeIntervalSince1970: 1_767_571_200), nil, Date(timeIntervalSince1970: 1_772_323_200),
                Date(timeIntervalSince1970: 1_769_904_000),
            ]
            for (index, (title, rank)) in [("a", 2), ("b", 1), ("c", 1), ("d", 3)].enumerated() {
                _ = try await Entry(title: title, day: days[index], rank: rank).save()
            }
            let postgreSQL = backend == .postgresql
            #expect(try await Entry.objects.latest().title == (postgreSQL ? "b" : "c"))
            #expect(try await Entry.objects.earliest().title == "d")
            #expect(try await Entry.objects.latest("day").title == (postgreSQL ? "b" : "c"))
            #expect(try await Entry.objects.earliest("day").title == (postgreSQL ? "a" : "b"))
            #expect(try await Entry.objects.latest("-day").title == (postgreSQL ? "a" : "b"))
            #expect(try await Entry.objects.filter("rank", 1).latest("day").title == (postgreSQL ? "b" : "c"))
            #expect(try await Entry.objects.exclude("day__isnull", true).latest("day").title == "c")
            await #expect(throws: DoesNotExist.self) { try await Entry.objects.filter("rank", 9).latest("day") }
            let sliced = await #expect(throws: FieldError.self) { try await Entry.objects.all()[0..<2].latest() }
            #expect(sliced?.description == "Cannot change a query once a slice has been taken.")
            let none = await #expect(throws: FieldError.self) { try await Owner.objects.none().latest() }
            #expect(none?.description.hasPrefix("earliest() and latest() require either fields") == true)
        }
    }
}
