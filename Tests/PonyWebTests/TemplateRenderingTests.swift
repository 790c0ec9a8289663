import Foundation
import Pony
import PonyTesting
import Testing

@Suite struct TemplateRenderingTests {
    static func makeApp(file: String = #filePath) -> Pony {
        let app = Pony(file: file)
        app.templates["base.html"] =
            "<title>{% block title %}Site{% endblock %}</title><main>{% block content %}{% endblock %}</main>"
        app.templates["tasks.html"] = """
            {% extends "base.html" %}{% block title %}Tasks - {{ block.super }}{% endblock %}\
            {% block content %}{% for task in tasks %}<a href="{% url 'task' task.id %}">{{ task.name }}</a>\
            {% empty %}none{% endfor %} at {{ request.path }}{% if request.GET.q %} for {{ request.GET.q }}{% endif %}\
            {% endblock %}
            """
        app.templates["broken.html"] = "{% if x %}never closed"
        app.get("tasks/", name: "tasks") { request in
            let tasks = [Task(id: 1, name: "<b>Write</b>"), Task(id: 2, name: "Test")]
            return try render(request, "tasks.html", ["tasks": tasks])
        }
        app.get("tasks/<int:id>/", name: "task") { request in "task \(try request.parameter("id", as: Int.self))" }
        app.get("empty/") { request in try render(request, "tasks.html", ["tasks": [Task]()], status: .accepted) }
        app.get("broken/") { request in try render(request, "broken.html") }
        app.get("missing/") { request in try render(request, "nope.html") }
        app.get("file/") { request in try render(request, "from_file.html", ["who": "<you>"]) }
        return app
    }

    struct Task: Encodable {
        let id: Int
        let name: String
    }

    @Test func rendersWithInheritanceEscapingAndURLs() async throws {
        let page = await (try TestClient(Self.makeApp())).get("/tasks/?q=urgent%3C")
        #expect(page.status == .ok)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(
            page.text == "<title>Tasks - Site</title><main><a href=\"/tasks/1/\">&lt;b&gt;Write&lt;/b&gt;</a>"
                + "<a href=\"/tasks/2/\">Test</a> at /tasks/ for urgent&lt;</main>")
        let empty = await (try TestClient(Self.makeApp())).get("/empty/")
        #expect(empty.status == .accepted)
        #expect(empty.text.contains("none at /empty/"))
    }

    /// `useThousandSeparator` (Django's `USE_THOUSAND_SEPARATOR`) groups what the site's
    /// templates print, in the language's formats; `PONY_USE_THOUSAND_SEPARATOR` turns it on
    /// or off at start-up.
    @Test func theThousandSeparatorSettingGroupsPrintedNumbers() async throws {
        let app = Pony()
        app.settings.languageCode = "de"
        app.templates["n.html"] = "{% load l10n %}{{ n }}|{{ f|floatformat:2 }}|{{ n|unlocalize }}"
        app.get("n/") { request in try render(request, "n.html", ["n": 1_234_567, "f": 9876.5]) }
        #expect(await (try TestClient(app)).get("/n/").text == "1234567|9876,50|1234567")
        app.settings.useThousandSeparator = true
        #expect(await (try TestClient(app)).get("/n/").text == "1.234.567|9.876,50|1234567")
        let off = try TestClient(app, environment: ["PONY_USE_THOUSAND_SEPARATOR": "0"])
        #expect(await off.get("/n/").text == "1234567|9876,50|1234567")
    }

    @Test func templateErrorsAreShownWithTheirLocationInDebugOnly() async throws {
        let debug = await (try TestClient(Self.makeApp(), recordsServerErrors: false)).get("/broken/")
        #expect(debug.status == .internalServerError)
        #expect(debug.text.contains("Template error in <span>broken.html:1</span>"))
        #expect(debug.text.contains("Unclosed tag on line 1: &#x27;if&#x27;"))
        let production = await (try TestClient(Self.makeApp(), mode: .production, recordsServerErrors: false)).get(
            "/broken/")
        #expect(production.status == .internalServerError)
        #expect(!production.text.contains("broken.html"))
        let missing = await (try TestClient(Self.makeApp(), recordsServerErrors: false)).get("/missing/")
        #expect(missing.status == .internalServerError)
        #expect(missing.text.contains("TemplateDoesNotExist: nope.html"))
    }

    @Test func filesBesideTheAppAreReloadedInDebug() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-render-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("templates/from_file.html")
        try "{% extends 'base.html' %}{% block content %}hi {{ who }}{% endblock %}".write(
            to: file, atomically: true, encoding: .utf8)
        let app = Self.makeApp(file: folder.appendingPathComponent("site.swift").path)
        let debug = try TestClient(app)
        let production = try TestClient(app, mode: .production)
        #expect(await debug.get("/file/").text == "<title>Site</title><main>hi &lt;you&gt;</main>")
        #expect(await production.get("/file/").text == "<title>Site</title><main>hi &lt;you&gt;</main>")
        try "edited {{ who }}".write(to: file, atomically: true, encoding: .utf8)
        #expect(await debug.get("/file/").text == "edited &lt;you&gt;")
        #expect(await production.get("/file/").text == "<title>Site</title><main>hi &lt;you&gt;</main>")
    }
}

@Suite struct TemplateResponseTests {
    @Test func rendersWhenReturnedAfterChanges() async throws {
        let app = Pony()
        app.templates["page.html"] = "{{ title }}: {{ request.path }}"
        @Sendable func titled(
            _ view: @escaping @Sendable (Request) throws -> TemplateResponse
        ) -> @Sendable (Request) throws -> TemplateResponse {
            { request in
                var response = try view(request)
                response.context["title"] = "<Pony>"
                response.status = .created
                return response
            }
        }
        app.get("page/", titled { request in TemplateResponse(request, "page.html", headers: ["X-Test": "1"]) })
        let page = await (try TestClient(app)).get("/page/")
        #expect(page.status == .created)
        #expect(page.text == "&lt;Pony&gt;: /page/")
        #expect(page.headers["X-Test"] == "1")
    }
}

@Suite struct CustomTemplateTagTests {
    @Test func appFiltersAndSimpleTags() async throws {
        let app = Pony()
        app.filter("shout") { value, _ in .string(value.text.uppercased() + "!") }
        app.filter("times", argument: .required) { value, times in
            .string(String(repeating: value.text, count: Int(times?.text ?? "") ?? 1))
        }
        app.filter("bold", isSafe: true) { value, _ in .safe("<b>\(escapeHTML(value.text))</b>") }
        app.simpleTag("greet") { arguments in
            .string(
                "Hello, \(arguments.positional.map(\.text).joined(separator: " & "))\(arguments["end"]?.text ?? "")")
        }
        app.templates["page.html"] =
            "{{ name|shout }} {{ 'ab'|times:3 }} {{ name|bold }} {% greet name 'Bob' end='!' %} {% greet '<x>' as g %}[{{ g }}]"
        app.get("") { request in try render(request, "page.html", ["name": "<Ann>"]) }
        let page = await (try TestClient(app)).get("/")
        #expect(page.text == "&lt;ANN&gt;! ababab <b>&lt;Ann&gt;</b> Hello, &lt;Ann&gt; &amp; Bob! [Hello, &lt;x&gt;]")
    }

    /// A tag with a grammar of its own: its words as written, checked when the template is
    /// parsed (a refusal is the template's syntax error).
    @Test func simpleTagsSeeAndCheckTheirWords() async throws {
        let app = Pony()
        app.simpleTag(
            "pair", check: { words, target in words.count == 3 && words[1] == "with" ? nil : "pair A with B" }
        ) {
            arguments in .string(arguments.words.joined(separator: " ") + " = " + arguments.positional[0].text)
        }
        app.templates["good.html"] = "{% pair 'x' with y %}|{% pair name with y as p %}[{{ p }}]"
        app.templates["bad.html"] = "{% pair 'x' and y %}"
        app.get("good/") { request in try render(request, "good.html", ["name": "Ann"]) }
        app.get("bad/") { request in try render(request, "bad.html") }
        let client = try TestClient(app, recordsServerErrors: false)
        #expect(await client.get("/good/").text == "&#x27;x&#x27; with y = x|[name with y = Ann]")
        let bad = await client.get("/bad/")
        #expect(bad.status == .internalServerError)
        #expect(bad.text.contains("pair A with B"))
    }

    @Test func blockAndInclusionTags() async throws {
        let app = Pony()
        app.blockTag("card") { content, arguments in
            .safe("<div title=\"\(escapeHTML(arguments["title"]?.text ?? ""))\">\(content)</div>")
        }
        app.blockTag("shout", endName: "quiet") { content, _ in .string(content.uppercased()) }
        app.inclusionTag("badges", template: "badges.html") { arguments in
            ["names": arguments.first ?? .null, "user": arguments.variable("user")?.text ?? "?"]
        }
        app.templates["badges.html"] = "{% for n in names %}<i>{{ n }}</i>{% endfor %} for {{ user }}{{ secret }}"
        app.templates["page.html"] = """
            {% card title="<T>" %}{{ user }} {% shout %}a&b{% quiet %}{% endcard %}|{% badges team %}
            """
        app.get("") { request in
            try render(request, "page.html", ["user": "<Ann>", "team": ["x", "<y>"], "secret": "hidden"])
        }
        let page = await (try TestClient(app)).get("/")
        #expect(
            page.text
                == "<div title=\"&lt;T&gt;\">&lt;Ann&gt; A&amp;B</div>|<i>x</i><i>&lt;y&gt;</i> for &lt;Ann&gt;")
    }

    @Test func querystringReadsTheRequest() async throws {
        let app = Pony()
        app.templates["page.html"] =
            "{% querystring page=2 %}|{% querystring q=None %}|{{ request.GET.tag }}|{% for k in request.GET %}{{ k }}{% endfor %}"
        app.get("") { request in try render(request, "page.html") }
        let page = await (try TestClient(app)).get("/?q=caf%C3%A9&tag=a&tag=b&page=1")
        #expect(page.text == "?q=caf%C3%A9&amp;tag=a&amp;tag=b&amp;page=2|?tag=a&amp;tag=b&amp;page=1|b|qtagpage")
    }

    @Test func unknownCustomFilterIsASyntaxErrorNamingIt() async throws {
        let app = Pony()
        app.templates["page.html"] = "{{ name|nope }}"
        app.get("") { request in try render(request, "page.html") }
        let page = await (try TestClient(app, recordsServerErrors: false)).get("/")
        #expect(page.status == .internalServerError)
        #expect(page.text.contains("Invalid filter: &#x27;nope&#x27;"))
    }
}
