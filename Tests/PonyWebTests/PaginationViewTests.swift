import Foundation
import Pony
import PonyTesting
import Testing

/// A list view paginated as in Django's documentation: `get_page` with the `?page=` anyone can
/// edit, the page in a template (with the relations of its rows), and `page()` whose invalid
/// numbers are 404s, as Django's `ListView` answers them.
@Suite struct PaginationViewTests {
    static let template = """
        {% for n in page_obj %}{{ n.title }} by {{ n.writer.name }}; {% endfor %}
        {{ page_obj.start_index }}-{{ page_obj.end_index }} of {{ page_obj.paginator.count }}. \
        {% if page_obj.has_previous %}<a href="?page={{ page_obj.previous_page_number }}">previous</a> {% endif %}\
        Page {{ page_obj.number }} of {{ page_obj.paginator.num_pages }}.\
        {% if page_obj.has_next %} <a href="?page={{ page_obj.next_page_number }}">next</a>{% endif %}
        {% for n in range %}{% if n == page_obj.paginator.ELLIPSIS %}{{ n }}{% else %}[{{ n }}]{% endif %} {% endfor %}
        """

    static func makeApp() -> Pony {
        let app = Pony()
        app.templates["notes.html"] = template
        app.get("notes/") { request in
            let paginator = try await Paginator(Note.objects.all(), perPage: 2)
            let page = try await paginator.getPage(request.query["page"])
            let range = try paginator.elidedPageRange(page.number, onEachSide: 1, onEnds: 1)
            return try render(request, "notes.html", ["page_obj": page, "range": range])
        }
        app.get("strict/") { request in
            let paginator = try await Paginator(Note.objects.orderBy(\.id), perPage: 2)
            return try await paginator.page(request.query["page"] ?? "1").map(\.title)
        }
        return app
    }

    /// Ann's two notes and eight more of Bob's: five pages of two.
    static func withTenNotes(_ body: @Sendable () async throws -> Void) async throws {
        try await ViewResultTests.withWriters {
            let bob = try await Writer.objects.get(pk: 2)
            for number in 3...10 { _ = try await Note.objects.create(Note(title: "n\(number)", writer: bob)) }
            try await body()
        }
    }

    @Test func getPageShowsANearbyPageForAnyParameter() async throws {
        try await Self.withTenNotes {
            let client = try TestClient(Self.makeApp())
            let first = await client.get("/notes/")
            #expect(first.status == .ok)
            #expect(
                first.text == """
                    first by Ann; &lt;second&gt; by Ann; 
                    1-2 of 10. Page 1 of 5. <a href="?page=2">next</a>
                    [1] [2] … [5] 
                    """)
            let middle = await client.get("/notes/?page=3")
            #expect(
                middle.text == """
                    n5 by Bob; n6 by Bob; 
                    5-6 of 10. <a href="?page=2">previous</a> Page 3 of 5. <a href="?page=4">next</a>
                    [1] [2] [3] [4] [5] 
                    """)
            // Text that is no number is page 1; a number past the end (or below 1) the last page.
            for (query, number) in [
                ("abc", 1), ("", 1), ("%00", 1), ("2.0", 1), (String(repeating: "9", count: 5000), 1), ("+2", 2),
                ("%20%203%20", 3), ("%D9%A4", 4), ("99", 5), ("99999999999999999999999", 5), ("0", 5), ("-7", 5),
            ] {
                let response = await client.get("/notes/?page=" + query)
                #expect(response.status == .ok, "\(query)")
                #expect(response.text.contains("Page \(number) of 5."), "\(query)")
            }
        }
    }

    @Test func pageAnswersAnInvalidNumberWith404() async throws {
        try await Self.withTenNotes {
            let client = try TestClient(Self.makeApp())
            #expect(await client.get("/strict/?page=5").text == #"["n9","n10"]"#)
            #expect(await client.get("/strict/").text == #"["first","<second>"]"#)
            for (query, message) in [
                ("6", "That page contains no results"), ("0", "That page number is less than 1"),
                ("last", "That page number is not an integer"), ("%FF", "That page number is not an integer"),
            ] {
                let response = await client.get("/strict/?page=" + query)
                #expect(response.status == .notFound, "\(query)")
                #expect(response.text.contains(message), "\(query)")
            }
            let production = try TestClient(Self.makeApp(), mode: .production)
            let hidden = await production.get("/strict/?page=6")
            #expect(hidden.status == .notFound)
            #expect(!hidden.text.contains("no results"))
        }
    }
}
