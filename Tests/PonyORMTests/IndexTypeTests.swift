import Foundation
import PonyORM
import Testing

@Model(
    indexes: [
        Index(.searchVector("title", "body", config: "english"), name: "post_search", type: .gin),
        Index(.lower(F("title")), name: "post_lower_title"),
        Index(.searchVector("title"), name: "post_title_vec", type: .gin),
        Index(fields: ["title"], name: "post_title_brin", type: .brin),
        Index(
            fields: ["title", "-body"], name: "post_title_like", opclasses: ["varchar_pattern_ops", "text_pattern_ops"]),
    ])
struct IndexedPost {
    @Field(maxLength: 100) var title: String
    var body: String?
}

/// A searchable model as PostgreSQL can index it: a vector with a configuration (without one,
/// `to_tsvector` is not IMMUTABLE, and PostgreSQL refuses the index, as it refuses Django's).
@Model(indexes: [
    Index(.searchVector("title", "body", config: "english"), name: "searchable_post", type: .gin),
    Index(fields: ["title"], name: "searchable_title_like", opclasses: ["varchar_pattern_ops"]),
])
struct SearchablePost {
    @Field(maxLength: 100) var title: String
    var body: String?
}

/// `Meta.indexes` on expressions and of PostgreSQL's kinds (django.contrib.postgres's
/// `GinIndex`, `BrinIndex`, …), against Django 5.2's `sqlmigrate` for the same model
/// (Fixtures/generate_indexes.py).
@Suite struct IndexTypeTests {
    static func migration() throws -> Migration {
        let operations = try Autodetector(
            from: ProjectState(), to: [ModelState(IndexedPost.schemaInfo)], questioner: NonInteractiveQuestioner()
        ).changes()
        return Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
    }

    @Test(arguments: [Backend.sqlite, .postgresql]) func indexesAreDjangos(backend: Backend) throws {
        // The migration as its file stores it: the expressions go through JSON and back.
        let decoded = try JSONDecoder().decode(Migration.self, from: try JSONEncoder().encode(try Self.migration()))
        #expect(decoded.operations == (try Self.migration()).operations)
        let stored = Migration(name: "0001_initial", dependencies: [], operations: decoded.operations, initial: true)
        let executor = MigrationExecutor(
            database: NoDatabase(dialect: backend == .sqlite ? .sqlite : .postgresql), app: "ponyormtests",
            migrations: [stored])
        let pony = try executor.sql(for: "0001_initial")
        var django = try FidelityTests.fixture("django_sqlmigrate_indexes_\(backend.rawValue).sql")
            .split(separator: "\n").filter { !$0.hasPrefix("--") && $0 != "BEGIN;" && $0 != "COMMIT;" }.map(String.init)
        // NB: SQLite has no to_tsvector; Django's index on one would fail there, Pony makes none.
        if backend == .sqlite { django.removeAll { $0.contains("to_tsvector") } }
        #expect(pony == django)
    }

    /// PostgreSQL uses the index of a search vector for the same search.
    @Test(.enabled(if: Backend.postgresURL != nil)) func aSearchUsesTheIndex() async throws {
        try await withDatabase(.postgresql, [SearchablePost.self]) { test in
            _ = try await SearchablePost.objects.bulkCreate(
                (0..<200).map { SearchablePost(title: "post \($0)", body: $0 == 7 ? "red cheese" : "bread") })
            try await ORM.atomic {
                try await test.database.execute("SET LOCAL enable_seqscan = off", [])
                let search = SearchablePost.objects
                    .annotate(["search": .searchVector("title", "body", config: "english")])
                    .filter("search", SearchQuery("cheese", config: "english"))
                #expect(try await search.count() == 1)
                let plan = try await search.explain()
                #expect(plan.contains("searchable_post"), "\(plan)")
                // The operator class makes the index serve LIKE 'post 7%'.
                let prefixed = SearchablePost.objects.filter("title__startswith", "post 7")
                #expect(try await prefixed.count() == 11)
                let prefixPlan = try await prefixed.explain()
                #expect(prefixPlan.contains("searchable_title_like"), "\(prefixPlan)")
            }
        }
    }

    /// Operator classes are written into the SQL as they are: only names, on a named index,
    /// one per field, as Django's `Index` requires.
    @Test func badOperatorClassesAreErrors() throws {
        for index in [
            Index(fields: ["title"], opclasses: ["varchar_pattern_ops"]),
            Index(fields: ["title", "body"], name: "two", opclasses: ["varchar_pattern_ops"]),
            Index(fields: ["title"], name: "odd", opclasses: ["x); DROP TABLE y; --"]),
        ] {
            var state = ModelState(IndexedPost.schemaInfo)
            state.indexes = [index]
            let migration = Migration(
                name: "0001_initial", dependencies: [], operations: [.createModel(state)], initial: true)
            let executor = MigrationExecutor(
                database: NoDatabase(dialect: .postgresql), app: "ponyormtests", migrations: [migration])
            #expect(throws: FieldError.self) { try executor.sql(for: "0001_initial") }
        }
    }
}
