import Foundation
import Pony
import PonyORM
import PonyTesting
import PonyWeb
import Testing

/// `response.templates`, `response.context` and `assertNumQueries` on pages that read the
/// database, as a Django developer tests a view.
@Suite struct RenderedPageTests {
    static func makeApp() -> Pony {
        let app = Pony()
        app.models(Shelf.self, Book.self)
        app.templates["books.html"] = #"{% for book in books %}{% include "book.html" %}{% endfor %}"#
        app.templates["book.html"] = "<p>{{ book.title }} ({{ book.shelf.name }})</p>"
        app.get("books/") { request in
            try render(request, "books.html", ["books": Book.objects.orderBy("title"), "title": "Books"])
        }
        app.get("count/") { _ in
            let shelves = try await Shelf.objects.count()
            let books = try await Book.objects.count()
            return "\(shelves) \(books)"
        }
        return app
    }

    @Test func aPageRenderedInPassesIsLoggedOnce() async throws {
        let app = Self.makeApp()
        try await app.withTestDatabase(environment: ["DATABASE_URL": "sqlite://:memory:"]) {
            let shelf = try await Shelf(name: "Poetry").save()
            _ = try await Book(title: "Odes", shelf: ForeignKey(shelf)).save()
            _ = try await Book(title: "Elegies", shelf: ForeignKey(shelf)).save()
            let client = try TestClient(app)
            // The first pass reaches the query, the second the shelves, the third prints.
            let page = try await assertNumQueries(2) { await client.get("/books/") }
            #expect(page.text == "<p>Elegies (Poetry)</p><p>Odes (Poetry)</p>")
            #expect(page.templates == ["books.html", "book.html", "book.html"])
            assertTemplateUsed(page, "book.html", count: 2)
            #expect(page.context["title"]?.text == "Books")
            #expect(page.context.value("book", as: Book.self)?.title == "Elegies")
            #expect(page.context.keys.isSuperset(of: ["books", "title", "request", "book"]))
        }
    }

    @Test func assertNumQueriesListsTheStatements() async throws {
        let app = Self.makeApp()
        try await app.withTestDatabase(environment: ["DATABASE_URL": "sqlite://:memory:"]) {
            let client = try TestClient(app)
            let page = try await assertNumQueries(2) { await client.get("/count/") }
            #expect(page.text == "0 0")
            try await withKnownIssue {
                _ = try await assertNumQueries(1) { await client.get("/count/") }
            } matching: { issue in
                let lines = issue.comments.first?.rawValue.split(separator: "\n").map(String.init) ?? []
                // Django's first lines (`num_queries` in the fixture); the SQL is the backend's.
                return lines.count == 4 && lines[0] == "2 queries executed, 1 expected"
                    && lines[1] == "Captured queries were:" && lines[2].hasPrefix("1. SELECT COUNT(*)")
                    && lines[3].hasPrefix("2. SELECT COUNT(*)")
            }
        }
    }
}
