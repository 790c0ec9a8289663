import Foundation
import PonyTesting
import PonyWeb
import Testing

@testable import PonyTesting

/// Django's HTML comparison (`django.test.html`) and the assertions on it, against Django
/// 5.2.19: the parsed form of each document, the counts, and the messages of
/// `Fixtures/generate_django_assertions.py`.
@Suite struct HTMLAssertionTests {
    struct Fixture: Decodable {
        let failures: [String: String]
        let parsed: [String: String]
        let counts: [Count]

        struct Count: Decodable {
            let needle: String
            let haystack: String
            let count: Int

            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                needle = try container.decode(String.self)
                haystack = try container.decode(String.self)
                count = try container.decode(Int.self)
            }
        }
    }

    static let fixture: Fixture? = {
        guard let url = Bundle.module.url(forResource: "Fixtures/django_assertions", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    @Test func documentsParseAsDjangosDo() throws {
        let fixture = try #require(Self.fixture)
        #expect(fixture.parsed.count == 21)
        for (html, expected) in fixture.parsed {
            #expect(try parseHTML(html).description == expected, "\(html)")
        }
    }

    @Test func countsAreDjangos() throws {
        let fixture = try #require(Self.fixture)
        #expect(fixture.counts.count == 8)
        for item in fixture.counts {
            #expect(try parseHTML(item.haystack).count(parseHTML(item.needle)) == item.count, "\(item.needle)")
        }
    }

    /// Runs `body`, which must fail with the fixture's message for `name` (or, with `diff`,
    /// with it and then a diff of the two documents).
    func expectFailure(_ name: String, diff: Bool = false, _ body: () async -> Void) async throws {
        let expected = try #require(Self.fixture?.failures[name])
        await withKnownIssue {
            await body()
        } matching: { issue in
            guard let message = issue.comments.first?.rawValue else { return false }
            return diff ? message.hasPrefix(expected + "\n") : message == expected
        }
    }

    @Test func htmlAssertionsFailAsDjangosDo() async throws {
        try await expectFailure("html_equal", diff: true) {
            assertHTMLEqual("<p class='a b'>Hello   <b>world</b></p>", "<p class='b a'>Hello <b>World</b></p>")
        }
        let eight = "<ul>" + String(repeating: "<li>item</li>", count: 8) + "</ul>"
        let seven = "<ul>" + String(repeating: "<li>item</li>", count: 7) + "</ul>"
        try await expectFailure("html_equal_long", diff: true) { assertHTMLEqual(eight, seven) }
        let checked = #"<input type="checkbox" checked name="x">"#
        let spelledOut = #"<input name="x" type="checkbox" checked="checked">"#
        try await expectFailure("html_not_equal") { assertHTMLNotEqual(checked, spelledOut) }
        try await expectFailure("html_invalid_first") { assertHTMLEqual("<div>\n  <p>x</span></div>", "<div></div>") }
        try await expectFailure("html_invalid_second") { assertInHTML("<p>x</p>", "</p>") }
        try await expectFailure("in_html_missing") { assertInHTML("<b>x</b>", "<p><b>y</b></p>") }
        try await expectFailure("in_html_count") {
            assertInHTML("<li>a</li>", "<ul><li>a</li><li>a</li></ul>", count: 3)
        }
        try await expectFailure("not_in_html") {
            assertNotInHTML("<li class='x y'>a</li>", "<ul><li class='y  x'>a</li></ul>")
        }
        // Django's passing cases.
        assertHTMLEqual(checked, spelledOut)
        assertHTMLNotEqual("<p>a</p>", "<p>b</p>")
        assertInHTML("<b>y</b>", "<div><p><b>y</b></p></div>")
        assertInHTML("<b>y</b><i>z</i>", "<p><b>y</b><i>z</i><u>w</u></p>", count: 1)
        assertNotInHTML("<b>x</b>", "<p><b>y</b></p>")
    }

    @Test func containsComparesHTMLWhenAsked() async throws {
        let client = try TestClient(AssertionTests.makeApp())
        let page = await client.get("/page/")
        try await expectFailure("contains_html") { assertContains(page, "<p>c</p>", html: true) }
        let cafe = await client.get("/cafe/")
        try await expectFailure("contains_html_invalid") { assertContains(cafe, "</div>", html: true) }
        assertContains(page, "<p>a</p><p>b</p>", count: 1, html: true)
        // As HTML, whitespace inside an element does not matter; as text, it does.
        assertContains(page, "<p>\n  a\n</p>", html: true)
        assertNotContains(page, "<p>\n  a\n</p>")
        assertNotContains(page, "<p>c</p>", html: true)
    }

    @Test func hostileDocumentsParseWithoutTrapping() {
        let inputs = [
            "", "<", "</", "<!", "<!--", "<?", "&", "&#", "&#x;", "&#99999999999;", "<a b='", "<a b=\"x", "<a ==='x'>",
            "<a b=\u{0}>", String(repeating: "<div>", count: 10_000), String(repeating: "</p>", count: 3),
            "<p \u{0C}\u{0C}/>", "<x\u{0}y>", "<a b=''''>", "<a b='&amp'>", "<br></br>",
        ]
        for input in inputs {
            let parsed = try? parseHTML(input)
            _ = parsed?.description
            _ = parsed.map { $0.count($0) }
        }
        #expect(throws: (any Error).self) { try parseHTML(String(repeating: "<div>", count: 600)) }
        #expect((try? parseHTML(String(repeating: "<div>", count: 500))) != nil)
    }
}
