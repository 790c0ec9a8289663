import Foundation
import PonyORM
import Testing

/// `.stringAgg`: django.contrib.postgres's `StringAgg`, compared with what Django 5.2 computes
/// on PostgreSQL for the fidelity data (Fixtures/generate_django_fixtures.py writes
/// django_string_agg.json); SQLite (3.44 and later) gives the same texts, except for
/// `distinct`, which SQLite has only for one argument.
@Suite struct StringAggTests {
    struct Fixture: Decodable, Sendable {
        let titlesByAuthor: [[FidelityTests.JSONValue]]
        let longestFirst: [[FidelityTests.JSONValue]]
        let genres: String
        let slugsByGenre: [[FidelityTests.JSONValue]]

        enum CodingKeys: String, CodingKey {
            case titlesByAuthor = "titles by author", longestFirst = "titles by author, longest first"
            case genres, slugsByGenre = "slugs by genre"
        }
    }

    static func django() throws -> Fixture {
        let url = try #require(
            Bundle.module.url(forResource: "django_string_agg", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: try Data(contentsOf: url))
    }

    static func rows(_ rows: [[FidelityTests.JSONValue]]) -> [[DatabaseValue]] { rows.map { $0.map(\.databaseValue) } }

    @Test(arguments: Backend.available) func joinsTheTextsDjangoJoins(backend: Backend) async throws {
        let django = try Self.django()
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            let titles = try await Author.objects
                .annotate(["titles": .stringAgg("book__title", delimiter: ", ", orderBy: ["book__title"])])
                .orderBy("id").valuesList("id", "titles")
            #expect(titles == Self.rows(django.titlesByAuthor))
            let longest = try await Author.objects
                .annotate([
                    "titles": .stringAgg(
                        "book__title", delimiter: " / ", orderBy: ["-book__pages", "book__id"],
                        filter: Q("book__pages__gt", 90))
                ])
                .orderBy("id").valuesList("id", "titles")
            #expect(longest == Self.rows(django.longestFirst))
            let slugs = try await Book.objects
                .annotate(["slugs": .stringAgg("slug", delimiter: ",", orderBy: ["-slug"])])
                .orderBy("genre").valuesList("genre", "slugs")
            #expect(slugs == Self.rows(django.slugsByGenre))
            // A text annotation compares as text.
            let birds = try await Author.objects
                .annotate(["titles": .stringAgg("book__title", delimiter: ", ", orderBy: ["book__title"])])
                .filter("titles__contains", "birds").valuesList("id")
            #expect(birds == [[.integer(1)]])

            let distinct = Aggregate.stringAgg("genre", delimiter: "|", distinct: true, orderBy: ["genre"])
            if backend == .sqlite {
                await #expect(throws: FieldError.self) { try await Book.objects.aggregate(["genres": distinct]) }
            } else {
                let genres = try await Book.objects.aggregate(["genres": distinct])
                #expect(genres["genres"] == .text(django.genres))
            }
        }
    }

    /// As in Django, a StringAgg needs a name (two arguments make it "complex"), and an
    /// ordering names fields.
    @Test func mistakesAreFieldErrors() async throws {
        try await FidelityTests.withDjangoData(on: .sqlite) { () async throws in
            #expect(Aggregate.stringAgg("title", delimiter: ",").defaultName == "")
            await #expect(throws: FieldError.self) {
                try await Book.objects.aggregate(.stringAgg("title", delimiter: ","))
            }
            await #expect(throws: FieldError.self) {
                try await Book.objects.aggregate(["t": .stringAgg("title", delimiter: ",", orderBy: ["nope"])])
            }
            // Hostile delimiters are bound values.
            let odd = try await Book.objects.filter("id__lte", 2)
                .aggregate(["t": .stringAgg("slug", delimiter: "'); DROP TABLE x; --", orderBy: ["id"])])
            #expect(odd["t"] == .text("the-birds'); DROP TABLE x; --birds-of-prey"))
        }
    }
}
