import Foundation
import PonyORM
import PonySupport
import Testing

/// django.contrib.postgres's aggregates — `StringAgg`, `ArrayAgg`, `JSONBAgg`, `BoolAnd`,
/// `BoolOr` — compared with what Django 5.2 computes on PostgreSQL for the fidelity data
/// (Fixtures/generate_django_fixtures.py writes django_postgres_aggregates.json). SQLite gives
/// the same values (through `STRING_AGG`, `JSON_GROUP_ARRAY`, `MIN` and `MAX`), except for a
/// `distinct` stringAgg, which SQLite has only for one argument.
@Suite struct PostgresAggregateTests {
    struct Fixture: Decodable, Sendable {
        let titlesByAuthor: [[FidelityTests.JSONValue]]
        let longestFirst: [[FidelityTests.JSONValue]]
        let genres: String
        let slugsByGenre: [[FidelityTests.JSONValue]]
        let arrayTitles: [[PonySupport.JSONValue]]
        let arrayGenres: PonySupport.JSONValue
        let arrayPages: [[PonySupport.JSONValue]]
        let jsonbTags: [[PonySupport.JSONValue]]
        let flags: [[FidelityTests.JSONValue]]
        let defaults: [String: PonySupport.JSONValue]
        let longPages: [[FidelityTests.JSONValue]]

        enum CodingKeys: String, CodingKey {
            case titlesByAuthor = "titles by author", longestFirst = "titles by author, longest first"
            case genres, slugsByGenre = "slugs by genre", arrayTitles = "array titles by author"
            case arrayGenres = "array genres", arrayPages = "array pages of long books"
            case jsonbTags = "jsonb tags by author", flags = "flags by genre"
            case defaults = "defaults on no rows", longPages = "long pages by author"
        }
    }

    /// Rows of an id and a JSON array (as text), with the arrays parsed.
    static func parsed(_ rows: [[DatabaseValue]]) throws -> [[PonySupport.JSONValue]] {
        try rows.map { row in
            guard case .integer(let id) = row[0] else { throw DatabaseError("no id in \(row)") }
            guard case .text(let json) = row[1] else { return [.int(id), .null] }
            return [.int(id), try JSONDecoder().decode(PonySupport.JSONValue.self, from: Data(json.utf8))]
        }
    }

    static func django() throws -> Fixture {
        let url = try #require(
            Bundle.module.url(
                forResource: "django_postgres_aggregates", withExtension: "json", subdirectory: "Fixtures"))
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

    @Test(arguments: Backend.available) func listsAndFlagsAreDjangos(backend: Backend) async throws {
        let django = try Self.django()
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            let titles = try await Author.objects
                .annotate(["titles": .arrayAgg("book__title", orderBy: ["-book__pages"])])
                .orderBy("id").valuesList("id", "titles")
            #expect(try Self.parsed(titles) == django.arrayTitles)
            let genres = try await Book.objects.aggregate([
                "genres": .arrayAgg("genre", distinct: true, orderBy: ["genre"])
            ])
            guard case .text(let text)? = genres["genres"] else {
                Issue.record("\(genres)")
                return
            }
            #expect(try JSONDecoder().decode(PonySupport.JSONValue.self, from: Data(text.utf8)) == django.arrayGenres)
            // No row passes the filter: NULL, as in Django (not SQLite's "[]").
            let pages = try await Author.objects
                .annotate([
                    "pages": .arrayAgg("book__pages", orderBy: ["book__pages"], filter: Q("book__pages__gt", 100))
                ])
                .orderBy("id").valuesList("id", "pages")
            #expect(try Self.parsed(pages) == django.arrayPages)
            // A JSON field's values stay JSON in the array.
            let tags = try await Author.objects.annotate(["tags": .jsonbAgg("book__tags", orderBy: ["book__id"])])
                .orderBy("id").valuesList("id", "tags")
            #expect(try Self.parsed(tags) == django.jsonbTags)
            let flags = try await Book.objects
                .annotate(["all": .boolAnd("author__active"), "any": .boolOr("author__active")])
                .orderBy("genre").valuesList("genre", "all", "any")
            #expect(flags == Self.rows(django.flags))
        }
    }

    /// Django's `default=`: the value where no row counts, on every kind of aggregate but a count.
    @Test(arguments: Backend.available) func defaultsAreDjangos(backend: Backend) async throws {
        let django = try Self.django()
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            let none = try await Book.objects.filter("pages__gt", 10000).aggregate([
                "total": .sum("pages").default(0), "average": .avg("pages").default(1.5),
                "newest": .max("published").default(Date(timeIntervalSince1970: 1_704_067_200)),
                "names": .stringAgg("title", delimiter: ",").default("none"),
                "anyone": .boolOr("author__active").default(false), "slug_list": .arrayAgg("slug").default("[]"),
            ])
            #expect(none["total"] == .integer(0) && none["average"] == .double(1.5))
            #expect(
                none["newest"] == .text("2024-01-01 00:00:00") && django.defaults["newest"] == "2024-01-01 00:00:00")
            #expect(none["names"] == .text("none") && django.defaults["names"] == "none")
            #expect(none["anyone"] == .integer(0) && django.defaults["anyone"] == false)
            #expect(none["slug_list"] == .text("[]") && django.defaults["slug_list"] == [])
            #expect(django.defaults["total"] == 0 && django.defaults["average"] == 1.5)
            let long = try await Author.objects
                .annotate(["long": .sum("book__pages", filter: Q("book__pages__gt", 300)).default(0)])
                .orderBy("id").valuesList("id", "long")
            #expect(long == Self.rows(django.longPages))
            // Rows that count keep their value; a default over annotations works too.
            #expect(try await Book.objects.aggregate(["total": .sum("pages").default(0)])["total"] == .integer(1314))
            let over = try await Author.objects.annotate(["n": .count("book")]).filter("n__gt", 5)
                .aggregate(["most": .max("n").default(-1)])
            #expect(over["most"] == .integer(-1))
            await #expect(throws: FieldError.self) { try await Book.objects.aggregate(["n": .count("id").default(0)]) }
        }
    }

    /// As in Django, a StringAgg needs a name (two arguments make it "complex"), and an
    /// ordering names fields.
    @Test func mistakesAreFieldErrors() async throws {
        try await FidelityTests.withDjangoData(on: .sqlite) { () async throws in
            #expect(Aggregate.stringAgg("title", delimiter: ",").defaultName == "")
            #expect(Aggregate.arrayAgg("title").defaultName == "" && Aggregate.boolOr("title").defaultName == "")
            #expect(Aggregate.count("title").defaultName == "title__count")
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
