import Foundation
import Pony
import PonySQLite
import PonyTesting
import Synchronization
import Testing

/// A database that counts the queries it answers (Django's `assertNumQueries`).
final class CountingDatabase: Database {
    let base: any Database
    private let count = Mutex(0)

    init(_ base: any Database) { self.base = base }

    var dialect: SQLDialect { base.dialect }
    var isInTransaction: Bool { base.isInTransaction }
    var queries: Int { count.withLock { $0 } }

    func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        count.withLock { $0 += 1 }
        return try await base.query(sql, binds)
    }
    func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        try await base.execute(sql, binds)
    }
    func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await base.transaction(body)
    }
    func close() async throws { try await base.close() }
}

/// Templates follow a model's relations as Django's do, without `selectRelated` or
/// `prefetchRelated`: `render(request, …)` loads what a pass reached, one query per relation.
@Suite struct TemplateRelationTests {
    static let page = """
        {% for n in notes %}{{ n.title }} by {{ n.writer.name }} ({{ n.writer }}, key {{ n.writer_id }}), \
        reviewed by {{ n.reviewer.name|default:"nobody" }}; {{ n.writer.name }} wrote:\
        {% for o in n.writer.notes.all %} {{ o.title }}{% endfor %}
        {% endfor %}
        """

    static func makeApp() -> Pony {
        let app = Pony()
        app.templates["notes.html"] = page
        app.get("notes/") { request in
            try render(request, "notes.html", ["notes": try await Note.objects.orderBy(\.id).fetch()])
        }
        app.get("notes/as-text/") { request in
            try renderToString(request, "notes.html", ["notes": try await Note.objects.orderBy(\.id).fetch()])
        }
        app.get("notes/changed/") { request in
            var response = try render(request, "notes.html", ["notes": try await Note.objects.fetch()])
            response.body = .text("replaced")
            response.headers["X-Kept"] = "yes"
            return response
        }
        return app
    }

    /// Runs `body` with the writers of ``ViewResultTests`` and a third note by Bob, counting
    /// the queries made through `counter`.
    static func withNotes(_ body: @Sendable (CountingDatabase) async throws -> Void) async throws {
        try await ViewResultTests.withWriters {
            _ = try await Note(title: "third", writer: ForeignKey(id: 2), reviewer: ForeignKey(id: 1)).save()
            let counter = CountingDatabase(try #require(ORM.database))
            try await ORM.using(counter, models: [Writer.self, Note.self]) { try await body(counter) }
        }
    }

    @Test func relationsLoadBetweenPassesWithOneQueryPerRelation() async throws {
        try await Self.withNotes { counter in
            let client = try TestClient(Self.makeApp())
            let response = await client.get("/notes/")
            #expect(response.status == .ok)
            #expect(
                response.text == """
                    first by Ann (writer Ann, key 1), reviewed by Bob; Ann wrote: first &lt;second&gt;
                    &lt;second&gt; by Ann (writer Ann, key 1), reviewed by nobody; Ann wrote: first &lt;second&gt;
                    third by Bob (writer Bob, key 2), reviewed by Ann; Bob wrote: third

                    """)
            // The notes, then their writers and reviewers (one query each), then the writers'
            // notes: four, however many rows (Django: 1 + 3 writers + 2 reviewers + 3 sets).
            #expect(counter.queries == 4)
        }
    }

    @Test func withoutPassesATemplateShowsWhatWasLoaded() async throws {
        try await Self.withNotes { counter in
            let client = try TestClient(Self.makeApp())
            let text = await client.get("/notes/as-text/").text
            #expect(text.hasPrefix("first by  (1, key 1), reviewed by nobody;  wrote:\n"))
            #expect(counter.queries == 1)
            // A body the view set replaces the page, and nothing more is loaded for it.
            let changed = await client.get("/notes/changed/")
            #expect(changed.text == "replaced")
            #expect(changed.headers["X-Kept"] == "yes")
            #expect(counter.queries == 2)
        }
    }

    @Test func selectRelatedNeedsNoMorePasses() async throws {
        try await Self.withNotes { counter in
            let app = Self.makeApp()
            app.get("notes/joined/") { request in
                let notes = try await Note.objects.selectRelated(\.writer).orderBy(\.id).fetch()
                return try render(request, "notes.html", ["notes": notes])
            }
            let client = try TestClient(app)
            let joined = await client.get("/notes/joined/").text
            #expect(joined == (await client.get("/notes/").text))
            // Joined: the notes with their writers, then reviewers and the writers' notes.
            #expect(counter.queries == 3 + 4)
        }
    }
}
