import Pony
import PonyTesting
import Testing

/// A query passed to a template unevaluated, as Django views pass querysets: the render runs
/// it where the template first needs it, once per distinct query.
@Suite struct TemplateQuerySetTests {
    static let page = """
        {{ notes|length }} notes ({{ notes.count }}), first {{ notes.first.title }}, last {{ notes.last.title }}\
        {% if notes.exists %}, some{% endif %}:{% for n in notes %} {{ n.title }} by {{ n.writer.name }}{% endfor %}\
        {% for n in notes.all %}.{% endfor %} [{{ notes.1.title }}] {% if none %}rows{% else %}none{% endif %}
        {{ none }} {{ bobs }}
        """

    static func makeApp() -> Pony {
        let app = Pony()
        app.templates["notes.html"] = page
        app.get("notes/") { request in
            try render(
                request, "notes.html",
                [
                    "notes": Note.objects.orderBy(\.id), "none": Note.objects.filter("title", "nope"),
                    "bobs": Note.objects.filter("writer", 2),
                ])
        }
        app.get("writers/") { request in
            try render(
                request, "writers.html",
                ["writers": Writer.objects.annotate(["shout": .upper(F("name"))]).orderBy("-shout")])
        }
        app.templates["writers.html"] =
            "{% for w in writers %}{{ w.name }} as {{ w.shout }} ({{ w }}, {{ w.notes.all|length }}); {% endfor %}"
        app.get("misspelt/") { request in
            try render(request, "notes.html", ["notes": Note.objects.orderBy("nope")])
        }
        return app
    }

    @Test func queriesRunWhereTheTemplateNeedsThem() async throws {
        try await TemplateRelationTests.withNotes { counter in
            let client = try TestClient(Self.makeApp())
            let response = await client.get("/notes/")
            #expect(response.status == .ok)
            #expect(
                response.text == """
                    3 notes (3), first first, last third, some: first by Ann &lt;second&gt; by Ann third by Bob... \
                    [&lt;second&gt;] none
                    &lt;QuerySet []&gt; &lt;QuerySet [&lt;Note: Note object (3)&gt;]&gt;
                    """)
            // The first pass asks for the notes (`notes` and `notes.all` are one query), their
            // count, first, last and exists, and the other two queries: seven; the second
            // pass the writers of the rows it reached: one.
            #expect(counter.queries == 8)
        }
    }

    @Test func annotationsReadAsTheRowsAttributes() async throws {
        try await TemplateRelationTests.withNotes { counter in
            let client = try TestClient(Self.makeApp())
            #expect(
                await client.get("/writers/").text
                    == "Bob as BOB (writer Bob, 1); Ann as ANN (writer Ann, 2); ")
            // The writers with their annotation, then their notes for `w.notes.all`.
            #expect(counter.queries == 2)
        }
    }

    @Test func aMisspeltFieldFailsTheRender() async throws {
        try await TemplateRelationTests.withNotes { _ in
            let client = try TestClient(Self.makeApp(), recordsServerErrors: false)
            #expect(await client.get("/misspelt/").status == .internalServerError)
        }
    }
}
