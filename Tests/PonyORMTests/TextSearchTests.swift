import Foundation
import PonyORM
import Testing

@Model
struct SearchPost {
    @Field(maxLength: 100) var title: String
    var body: String?
    var stars: Int32
}

/// PostgreSQL's full-text search against Django 5.2's `django.contrib.postgres.search` on the
/// same rows (Fixtures/generate_text_search.py): the rows each query finds, in order, and the
/// ranks; on SQLite, Django's refusal.
@Suite struct TextSearchTests {
    struct Fixture: Decodable, Sendable {
        let cases: [String: [FidelityTests.JSONValue?]]
        let ranks: [String: [[Double]]]
    }

    static let posts = [
        SearchPost(title: "Red cheese", body: "A red cheese from the hills, with wine.", stars: 5),
        SearchPost(title: "Blue cheese", body: "Blue cheeses are strong; not red at all.", stars: 3),
        SearchPost(title: "Wine notes", body: "Red wine goes with cheese.", stars: 7),
        SearchPost(title: "Bread", body: nil, stars: 1),
        SearchPost(title: "Cheesy jokes", body: "Jokes about cheeses and bread", stars: 2),
    ]

    static let both = F.searchVector("title", "body")
    static let weighted =
        F.searchVector("title", config: "english", weight: .a) + F.searchVector("body", config: "english", weight: .b)

    /// Each case as Django's generator names it.
    static func cases() -> [String: QuerySet<SearchPost>] {
        let posts = SearchPost.objects.orderBy("id")
        return [
            "body__search=cheese": posts.filter("body__search", "cheese"),
            "title__search=Cheese": posts.filter("title__search", "Cheese"),
            "body__search=cheese excluded": posts.exclude("body__search", "cheese"),
            "vector(title, body)=cheese": posts.annotate(["search": both]).filter("search", "cheese"),
            "weighted english=cheeses": posts.annotate(["search": weighted])
                .filter("search", SearchQuery("cheeses", config: "english")),
            "websearch": posts.filter("body__search", SearchQuery(#""red cheese" -blue"#, type: .websearch)),
            "phrase": posts.filter("body__search", SearchQuery("red wine", type: .phrase)),
            "raw": posts.filter("body__search", SearchQuery("cheese & !blue", type: .raw)),
            "and not": posts.filter("body__search", SearchQuery("cheese") & ~SearchQuery("blue")),
            "or": posts.filter("title__search", SearchQuery("bread") | SearchQuery("wine")),
            "stars as text": posts.annotate(["search": .searchVector("stars")])
                .filter("search", SearchQuery("7", type: .raw, config: "simple")),
        ]
    }

    static func ranks() -> [String: QuerySet<SearchPost>] {
        let posts = SearchPost.objects
        return [
            "rank": posts.annotate(["rank": .searchRank(both, SearchQuery("cheese"))]).filter("rank__gt", 0)
                .orderBy("-rank", "id"),
            "rank weighted": posts.annotate([
                "rank": .searchRank(weighted, SearchQuery("cheese", config: "english"), weights: [0.1, 0.2, 0.4, 1.0])
            ]).orderBy("-rank", "id"),
            "rank cover density": posts.annotate([
                "rank": .searchRank(
                    both, SearchQuery("red") & SearchQuery("cheese"), normalization: 2, coverDensity: true)
            ]).orderBy("-rank", "id"),
            "rank of annotation": posts.annotate(["search": weighted])
                .annotate(["rank": .searchRank(F("search"), SearchQuery("wine", config: "english"))])
                .filter("search", "wine").orderBy("-rank", "id"),
        ]
    }

    @Test(.enabled(if: Backend.postgresURL != nil)) func searchesFindAndRankWhatDjangoDoes() async throws {
        let url = Bundle.module.url(forResource: "django_text_search", withExtension: "json", subdirectory: "Fixtures")
        let django = try JSONDecoder().decode(Fixture.self, from: try Data(contentsOf: #require(url)))
        #expect(django.cases.count == 15 && django.ranks.count == 4)
        try await withDatabase(.postgresql, [SearchPost.self]) { _ in
            _ = try await SearchPost.objects.bulkCreate(Self.posts)
            for (name, query) in Self.cases() {
                let ids = try await query.valuesList("id").map { $0.first }
                #expect(ids == django.cases[name]?.map { $0?.databaseValue ?? .null }, "\(name)")
            }
            // The typed lookup is the same query.
            for typed in [
                SearchPost.objects.orderBy("id").filter(\.title, .search("Cheese")),
                SearchPost.objects.orderBy("id").filter(\.title, .search(SearchQuery("Cheese"))),
            ] {
                let ids = try await typed.valuesList("id").map { $0.first }
                #expect(ids == django.cases["title__search=Cheese"]?.map { $0?.databaseValue ?? .null })
            }
            let vectors = try await SearchPost.objects.orderBy("id")
                .annotate(["search": .searchVector("title", config: "english")]).valuesList("search")
            #expect(vectors.map { $0.first } == django.cases["vector text"]?.map { $0?.databaseValue ?? .null })
            let headlines: [String: F] = [
                "headline": .searchHeadline(F("body"), SearchQuery("cheese")),
                "headline options": .searchHeadline(
                    F("body"), SearchQuery("red") | SearchQuery("wine"), config: "english",
                    options: SearchHeadlineOptions(
                        startSel: "<mark>", stopSel: "</mark>", maxWords: 4, minWords: 2, shortWord: 2, maxFragments: 2,
                        fragmentDelimiter: " … it's ")),
                "headline all": .searchHeadline(
                    F("title"), SearchQuery("cheese"),
                    options: SearchHeadlineOptions(startSel: "[", stopSel: "]", highlightAll: true)),
            ]
            for (name, headline) in headlines {
                let texts = try await SearchPost.objects.orderBy("id").annotate(["headline": headline])
                    .valuesList("headline")
                #expect(texts.map { $0.first } == django.cases[name]?.map { $0?.databaseValue ?? .null }, "\(name)")
            }
            for (name, query) in Self.ranks() {
                let rows = try await query.valuesList("id", "rank")
                let theirs = django.ranks[name] ?? []
                #expect(rows.count == theirs.count, "\(name)")
                for (row, their) in zip(rows, theirs) {
                    guard case .integer(let id) = row[0], case .double(let rank) = row[1] else {
                        Issue.record("\(name): \(row)")
                        continue
                    }
                    #expect(Double(id) == their[0] && abs(rank - their[1]) < 1e-6, "\(name): \(row) against \(their)")
                }
            }
            // A rank is a float of the row, as any annotation is.
            let first = try #require(try await Self.ranks()["rank"]?.values("id", "rank").first)
            #expect(first["id"] == .integer(1))
        }
    }

    @Test func sqliteRefusesAsDjangoDoes() async throws {
        try await withDatabase(.sqlite, [SearchPost.self]) { _ async throws in
            for (name, query) in Self.cases().merging(Self.ranks(), uniquingKeysWith: { $1 }) {
                await #expect(throws: FieldError.self, "\(name)") { try await query.count() }
            }
            // Other lookups are unchanged: a JSON-free text field has no key called search.
            await #expect(throws: FieldError.self) { try await SearchPost.objects.filter("stars__search", "1").count() }
        }
    }

    @Test(.enabled(if: Backend.postgresURL != nil)) func badArgumentsAreErrorsNotSQL() async throws {
        try await withDatabase(.postgresql, [SearchPost.self]) { _ async throws in
            let posts = SearchPost.objects.all()
            let refused: [QuerySet<SearchPost>] = [
                posts.annotate(["rank": .searchRank(Self.both, SearchQuery("x"), weights: [1, 2])]),
                posts.annotate(["rank": .searchRank(Self.both, SearchQuery("x"), weights: [.nan, 0, 0, 0])]),
                posts.annotate(["rank": .searchRank(Self.both, SearchQuery("x"), normalization: 64)]),
                posts.annotate(["search": .searchVector([])]),
                posts.filter("body__search", 3),
                posts.annotate(["search": Self.both]).filter("search", 3),
                posts.filter("title", SearchQuery("x")),
                posts.annotate(["n": F("stars") + 1]).filter("n", SearchQuery("x")),
            ]
            for query in refused { await #expect(throws: FieldError.self) { try await query.count() } }
            // Hostile text is a bound value: quotes, operators and a NUL-free mess find nothing.
            for text in ["'; DROP TABLE x; --", "!!&|()", "\\", String(repeating: "a", count: 3000)] {
                for type in [SearchQuery.SearchType.plain, .phrase, .websearch] {
                    #expect(try await posts.filter("body__search", SearchQuery(text, type: type)).count() == 0)
                }
            }
        }
    }
}
