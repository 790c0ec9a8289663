import Foundation
import PonyTemplates
import Testing

/// Template partials render as Django 6.0's, and their mistakes give its messages:
/// Fixtures/partials.json, by Fixtures/generate_partials.py.
@Suite struct PartialTests {
    struct Fixture: Decodable {
        struct Render: Decodable {
            let name: String
            let output: String
        }
        struct Failure: Decodable {
            let `case`: String
            let source: String
            let message: String?
            let when: String?
            let name: String?
        }
        struct Missing: Decodable {
            let name: String
            let missing: Bool
        }
        let version: String
        let templates: [String: String]
        let context: [String: JSONContextValue]
        let renders: [Render]
        let errors: [Failure]
        let missing: [Missing]
    }

    /// A context value of the fixture: a string or a list of strings.
    enum JSONContextValue: Decodable {
        case string(String)
        case list([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .list(try container.decode([String].self))
            }
        }

        var value: TemplateValue {
            switch self {
            case .string(let text): .string(text)
            case .list(let items): .array(items.map(TemplateValue.string))
            }
        }
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/partials", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func rendersAsDjango() throws {
        let fixture = try Self.fixture()
        let engine = TemplateEngine(loaders: [DictionaryLoader(fixture.templates)])
        let context = TemplateContext(fixture.context.mapValues(\.value))
        #expect(fixture.renders.count == 12)
        for render in fixture.renders {
            #expect(try engine.render(render.name, context) == render.output, "\(render.name)")
        }
        #expect(try engine.render("page.html#", context) == engine.render("page.html", context))
    }

    @Test func mistakesAreDjangosErrors() throws {
        let fixture = try Self.fixture()
        #expect(fixture.version == "6.0.0" && fixture.errors.count == 10)
        for failure in fixture.errors {
            let message = try #require(failure.message)
            if failure.when == "render" {
                let template = try Template(failure.source)
                #expect(throws: (any Error).self) { try template.render() }
                do {
                    _ = try template.render()
                } catch {
                    #expect("\(error)" == message, "\(failure.case)")
                }
            } else {
                let name = failure.name ?? "<unknown source>"
                let error = #expect(throws: TemplateSyntaxError.self) { try Template(failure.source, name: name) }
                // NB: Django's engine puts the template's name before a loaded template's message.
                let expected = failure.name.map { message.replacingOccurrences(of: "Template: \($0), ", with: "") }
                #expect(error?.message == expected ?? message, "\(failure.case)")
            }
        }
        let engine = TemplateEngine(loaders: [DictionaryLoader(fixture.templates)])
        for missing in fixture.missing where missing.missing {
            #expect(throws: TemplateDoesNotExist.self, "\(missing.name)") { try engine.template(named: missing.name) }
        }
    }

    /// A partial that renders itself stops with an error, where Python would exhaust its stack.
    @Test func aPartialRenderingItselfStops() throws {
        let template = try Template("{% partialdef loop %}x{% partial loop %}{% endpartialdef %}{% partial loop %}")
        let error = #expect(throws: (any Error).self) { try template.render() }
        #expect("\(error.map { "\($0)" } ?? "")".contains("nested more than 64 levels deep"))
    }
}
