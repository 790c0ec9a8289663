import Foundation
import PonyTemplates
import Testing

@Suite struct SyntaxErrorTests {
    @Test func namesTheTemplateLineAndColumnWithACaret() {
        let source = "<ul>\n  {% for item in items %}\n    <li>{{ item|frobnicate }}</li>\n  {% endfor %}\n</ul>"
        let error = #expect(throws: TemplateSyntaxError.self) { try Template(source, name: "list.html") }
        #expect(error?.templateName == "list.html")
        #expect(error?.line == 3)
        #expect(error?.column == 9)
        #expect(
            error?.description == """
                list.html:3:9: error: Invalid filter: 'frobnicate'
                        <li>{{ item|frobnicate }}</li>
                            ^
                """)
    }

    @Test func unclosedTagsPointAtTheOpeningTag() {
        let error = #expect(throws: TemplateSyntaxError.self) { try Template("a\n{% if x %}\nb", name: "t.html") }
        #expect(error?.line == 2)
        #expect(error?.message == "Unclosed tag on line 2: 'if'. Looking for one of: elif, else, endif.")
    }
}

/// Django 6.0's `forloop.length`: the number of items, in nested loops too (the output Django
/// 6.0 gives for this template).
@Test func forloopLengthIsTheNumberOfItems() throws {
    let template = try Template(
        "{% for x in items %}{{ forloop.counter }}/{{ forloop.length }}{% for y in x %}[{{ forloop.length }}"
            + "{{ forloop.parentloop.length }}]{% endfor %} {% endfor %}")
    #expect(try template.render(["items": ["ab", "c", ""].map { $0.map(String.init) }]) == "1/3[23][23] 2/3[13] 3/3 ")
}

@Suite struct ContextTests {
    struct Author: Encodable {
        let name: String
        let born: Int
    }
    struct Book: Encodable {
        let title: String
        let author: Author
        let tags: [String]
        let rating: Double?
    }

    @Test func encodableValuesAreLookedUpWithoutReflection() throws {
        let book = Book(
            title: "<Dune>", author: Author(name: "Frank", born: 1920), tags: ["sf", "classic"], rating: nil)
        let template = try Template(
            "{{ book.title }} by {{ book.author.name }} ({{ book.author.born }}) {{ book.tags|join:', ' }} {{ book.rating|default_if_none:'unrated' }}"
        )
        #expect(try template.render(["book": book]) == "&lt;Dune&gt; by Frank (1920) sf, classic unrated")
    }

    /// A type's conversion is found once and remembered; values of the same type (and
    /// optionals of it, which are not remembered) convert the same way every time.
    @Test func repeatedTypesConvertTheSameWay() throws {
        struct Special: TemplateRepresentable {
            var templateValue: TemplateValue { .string("special") }
        }
        let book = Book(title: "T", author: Author(name: "A", born: 1), tags: [], rating: 2.5)
        let none: Book? = nil
        let some: Book? = book
        let template = try Template(
            "{{ book.rating }} {{ book.author.name }} {{ books.1.title }} {{ none }} {{ some.title }} {{ special }}"
                + " {{ price }}")
        for _ in 0..<3 {
            let context: TemplateContext = [
                "book": book, "books": [book, book], "none": none as Any, "some": some as Any, "special": Special(),
                "price": Decimal(string: "1.5") as Any,
            ]
            #expect(try template.render(context) == "2.5 A T None T special 1.5")
        }
    }

    @Test func swiftCollectionsAndOptionals() throws {
        let missing: String? = nil
        let template = try Template("{{ counts.b }} {{ list.1 }} [{{ missing }}] {{ flag|yesno }}")
        let output = try template.render([
            "counts": ["a": 1, "b": 2], "list": [10, 20], "missing": missing as Any, "flag": true,
        ])
        #expect(output == "2 20 [None] yes")
    }

    struct Money: TemplateObject {
        let cents: Int
        func lookup(_ key: String) -> TemplateValue? { key == "cents" ? .int(cents) : nil }
        var text: String { "$\(cents / 100).\(String(format: "%02d", cents % 100))" }
        var isTruthy: Bool { cents != 0 }
    }

    @Test func customObjects() throws {
        let template = try Template("{{ price }} {{ price.cents }} {% if free %}free{% else %}paid{% endif %}")
        #expect(try template.render(["price": Money(cents: 1250), "free": Money(cents: 0)]) == "$12.50 1250 paid")
    }

    struct Wallet: TemplateObject {
        let coins: [Int]
        func lookup(_ key: String) -> TemplateValue? { nil }
        var text: String { "wallet" }
        var elements: [TemplateValue]? { coins.map { .int($0) } }
    }

    struct Evens: TemplateContainer {
        func lookup(_ key: String) -> TemplateValue? { nil }
        var text: String { "evens" }
        func contains(_ value: TemplateValue) -> Bool { if case .int(let n) = value { n % 2 == 0 } else { false } }
    }

    /// `in` asks an object by its elements, or a container itself (Python's `__contains__`);
    /// an object that is neither contains nothing.
    @Test func inAsksObjects() throws {
        let template = try Template(
            "{% if 5 in wallet %}5{% endif %}{% if 7 in wallet %}7{% endif %}{% if 4 in evens %}4{% endif %}"
                + "{% if 3 not in evens %}!3{% endif %}{% if 1 in price %}1{% endif %}")
        let context: TemplateContext = ["wallet": Wallet(coins: [1, 5]), "evens": Evens(), "price": Money(cents: 1)]
        #expect(try template.render(context) == "54!3")
    }

    @Test func parsedOnceRenderedConcurrently() async throws {
        let template = try Template("{% for i in items %}{{ i }}{% endfor %}")
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<20 { group.addTask { try template.render(["items": Array(0..<n)]) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(outputs).count == 20)
    }
}

@Suite struct LoaderTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pony-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "<b>{% block b %}file base{% endblock %}</b>".write(
            to: folder.appendingPathComponent("base.html"), atomically: true, encoding: .utf8)
        try "{{ who }}".write(to: folder.appendingPathComponent("sub/part.html"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func memoryTemplatesComeFirstAndCanExtendFiles() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = TemplateEngine(loaders: [
            DictionaryLoader([
                "page.html": "{% extends 'base.html' %}{% block b %}{% include 'sub/part.html' %}{% endblock %}"
            ]),
            FileSystemLoader(directory: folder.path),
        ])
        #expect(try engine.render("page.html", ["who": "memory"]) == "<b>memory</b>")
        #expect(try engine.render("base.html") == "<b>file base</b>")
    }

    @Test func namesNeverLeaveTheFolder() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loader = FileSystemLoader(directory: folder.appendingPathComponent("sub").path)
        #expect(try loader.source(named: "part.html") == "{{ who }}")
        #expect(try loader.source(named: "../base.html") == nil)
        #expect(try loader.source(named: "/etc/passwd") == nil)
        #expect(throws: TemplateDoesNotExist.self) {
            try TemplateEngine(loaders: [loader]).template(named: "../base.html")
        }
    }

    @Test func selfInheritanceStopsWithAnError() throws {
        let engine = TemplateEngine(loaders: [DictionaryLoader(["loop.html": "{% extends 'loop.html' %}"])])
        #expect(throws: TemplateRenderError.self) { try engine.render("loop.html") }
        let includes = TemplateEngine(loaders: [DictionaryLoader(["me.html": "x{% include 'me.html' %}"])])
        #expect(throws: TemplateRenderError.self) { try includes.render("me.html") }
    }

    @Test func cachedTemplatesAreParsedOnceUnlessCachingIsOff() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sub/part.html")
        let cached = TemplateEngine(loaders: [FileSystemLoader(directory: folder.path)])
        let fresh = TemplateEngine(loaders: [FileSystemLoader(directory: folder.path)], cachesTemplates: false)
        #expect(try cached.render("sub/part.html", ["who": "a"]) == "a")
        #expect(try fresh.render("sub/part.html", ["who": "a"]) == "a")
        try "changed {{ who }}".write(to: file, atomically: true, encoding: .utf8)
        #expect(try cached.render("sub/part.html", ["who": "a"]) == "a")
        #expect(try fresh.render("sub/part.html", ["who": "a"]) == "changed a")
    }
}

@Suite struct NowTests {
    @Test func nowUsesTheCurrentDate() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let year = calendar.component(.year, from: Date())
        #expect(try Template("{% now \"Y\" %}").render() == String(year))
        #expect(try Template("{% now 'Y' as y %}[{{ y }}]").render() == "[\(year)]")
    }
}

@Suite struct CSRFTokenTests {
    @Test func rendersTheHiddenFieldWhenATokenIsPresent() throws {
        let template = try Template("{% csrf_token %}")
        #expect(
            try template.render(["csrf_token": "a\"b<c"])
                == "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"a&quot;b&lt;c\">")
        #expect(try template.render() == "")
        #expect(try template.render(["csrf_token": "NOTPROVIDED"]) == "")
    }
}

@Suite struct RandomTests {
    @Test func loremRandomUsesDjangosWordsAndShapes() throws {
        let words = try Template("{% lorem 30 w random %}").render().split(separator: " ")
        #expect(words.count == 30)
        let known = Set(try Template("{% lorem 300 w %}").render().split(separator: " "))
        #expect(words.allSatisfy { known.contains($0) })
        let paragraphs = try Template("{% lorem 3 p random %}").render().components(separatedBy: "\n\n")
        #expect(paragraphs.count == 3)
        #expect(
            paragraphs.allSatisfy {
                $0.hasPrefix("<p>") && $0.hasSuffix("</p>") && ($0.contains(".") || $0.contains("?"))
            })
        #expect(!paragraphs[0].contains("Lorem ipsum dolor sit amet"))
    }

    @Test func randomPicksAnElement() throws {
        let template = try Template("{{ items|random }}")
        #expect(try template.render(["items": ["only"]]) == "only")
        #expect(["a", "b", "c"].contains(try template.render(["items": ["a", "b", "c"]])))
        #expect(try template.render(["items": [String]()]) == "")
        #expect(try template.render(["items": ["<x>"]]) == "&lt;x&gt;")
    }
}

@Suite struct RelativeTimeTests {
    @Test func timesinceAndTimeuntilDefaultToNow() throws {
        let template = try Template("{{ past|timesince }} / {{ future|timeuntil }} / {{ past|timeuntil }}")
        let output = try template.render([
            "past": Date().addingTimeInterval(-(2 * 86_400 + 3 * 3_600 + 30)),
            "future": Date().addingTimeInterval(5 * 60 + 30),
        ])
        #expect(output == "2\u{a0}days, 3\u{a0}hours / 5\u{a0}minutes / 0\u{a0}minutes")
    }
}
