import PonyTemplates
import Testing

/// Inputs from Django's DoS fixes for these filters (CVE-2019-14232/14233, CVE-2023-43665,
/// CVE-2024-27351, CVE-2025-26699 and friends), at 64 KiB. They must finish and give the
/// expected text; `Benchmarks/templates.sh` times them.
@Suite struct HostileInputTests {
    static let size = 65_536

    static let inputs: [(filter: String, value: String)] = [
        ("striptags", String(repeating: "<", count: size)),
        ("striptags", String(repeating: "<a", count: size / 2)),
        ("striptags", String(repeating: "<a", count: 40) + String(repeating: "x", count: size)),
        ("striptags", String(repeating: "&#", count: size / 4) + ";" + String(repeating: "<b>", count: size / 8)),
        ("striptags", String(repeating: "<p>x</p>", count: size / 8)),
        ("striptags", "<script>" + String(repeating: "</scrip", count: size / 7)),
        ("truncatechars_html:100", String(repeating: "<p>", count: size / 3)),
        ("truncatechars_html:100", String(repeating: "x", count: size)),
        ("truncatewords_html:100", String(repeating: "<a b=\"", count: size / 6)),
        ("truncatewords_html:100", String(repeating: "word ", count: size / 5)),
        ("urlize", String(repeating: ".", count: size)),
        ("urlize", "&" + String(repeating: ";", count: size)),
        ("urlize", String(repeating: "(", count: size / 2) + String(repeating: ")", count: size / 2)),
        ("urlize", "http://" + String(repeating: "a", count: size)),
        ("urlize", String(repeating: "a@", count: size / 2)),
        ("urlize", String(repeating: "www.x.com ", count: size / 10)),
        ("urlize", "example" + String(repeating: ".c", count: size / 2)),
        ("wordwrap:10", String(repeating: "x", count: size)),
        ("wordwrap:10", String(repeating: "x ", count: size / 2)),
        ("wordwrap:3", String(repeating: "\t", count: size)),
        ("truncatewords:10", String(repeating: " ", count: size)),
        ("truncatechars:10", String(repeating: "x", count: size)),
    ]

    @Test(arguments: inputs.indices) func finishes(_ index: Int) throws {
        let (filter, value) = Self.inputs[index]
        let template = try Template("{{ value|\(filter) }}")
        do {
            let output = try template.render(["value": value])
            #expect(output.utf8.count <= value.utf8.count * 7 + 200, "\(filter) output grew out of proportion")
        } catch let error as TemplateRenderError {
            #expect(filter == "striptags" && error.description.contains("50 levels"), "\(error)")
        }
    }

    @Test func refusesTagSoupAsDjangoDoes() throws {
        let template = try Template("{{ value|striptags }}")
        #expect(throws: TemplateRenderError.self) {
            try template.render(["value": String(repeating: "<a", count: 1000)])
        }
        #expect(
            try template.render(["value": String(repeating: "<a", count: 20)]) == String(repeating: "&lt;a", count: 20))
    }

    @Test func largeTemplateRenders() throws {
        let source = String(
            repeating: "{% if x %}{{ x|upper }}{% else %}-{% endif %}<p>{{ y|default:'z' }}</p>\n", count: 1000)
        #expect(source.utf8.count >= Self.size)
        let output = try Template(source).render(["x": "a"])
        #expect(output.hasPrefix("A<p>z</p>\nA"))
    }
}
