import Foundation
import PonyTemplates
import Testing

/// Pony's output against real Django's on the same templates and context.
///
/// The expected outputs in Fixtures/django_corpus.json were rendered by Django 5.2 with
/// Fixtures/generate_django_corpus.py; rerun it after adding cases.
@Suite struct DjangoCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let template: String?
        /// A template to load by name from the corpus's templates instead.
        let render: String?
        let autoescape: Bool
        let output: String?
        let error: String?
        /// Django's current time zone while it rendered (UTC when absent).
        let timeZone: String?
        var testDescription: String { "\(name) (autoescape \(autoescape ? "on" : "off"))" }
    }

    static let corpus: (context: TemplateContext, templates: [String: String], cases: [Case]) = {
        let url = Bundle.module.url(forResource: "django_corpus", withExtension: "json", subdirectory: "Fixtures")!
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        guard case .dictionary(let base) = typed(json["context"]!) else { fatalError("context must be a dict") }
        var context = TemplateContext()
        for entry in base.entries { context.values[entry.key] = entry.value }
        let cases = (json["cases"] as! [[String: Any]]).map {
            Case(
                name: $0["name"] as! String, template: $0["template"] as? String, render: $0["render"] as? String,
                autoescape: $0["autoescape"] as! Bool, output: $0["output"] as? String, error: $0["error"] as? String,
                timeZone: $0["time_zone"] as? String)
        }
        return (context, json["templates"] as! [String: String], cases)
    }()

    /// Rebuilds a value from the generator's `[type, value]` form.
    static func typed(_ json: Any) -> TemplateValue {
        let pair = json as! [Any]
        switch pair[0] as! String {
        case "none": return .null
        case "bool": return .bool(pair[1] as! Bool)
        case "int": return .int((pair[1] as! NSNumber).intValue)
        case "float": return .double((pair[1] as! NSNumber).doubleValue)
        case "decimal": return decimal(pair[1] as! String)
        case "str": return .string(pair[1] as! String)
        case "safe": return .safe(pair[1] as! String)
        case "querydict":
            return .object(TemplateQueryDict((pair[1] as! [[String]]).map { (key: $0[0], value: $0[1]) }))
        case "list": return .array((pair[1] as! [Any]).map(typed))
        case "datetime": return .date(ISO8601DateFormatter().date(from: pair[1] as! String)!)
        case "date":
            let parts = (pair[1] as! String).split(separator: "-").map { Int($0)! }
            return .object(TemplateDay(year: parts[0], month: parts[1], day: parts[2])!)
        case "time":
            let parts = (pair[1] as! String).split(whereSeparator: { $0 == ":" || $0 == "." }).map { Int($0)! }
            return .object(
                TemplateTime(
                    hour: parts[0], minute: parts[1], second: parts[2], microsecond: parts.count > 3 ? parts[3] : 0)!)
        default:
            return .dictionary(TemplateDictionary((pair[1] as! [[Any]]).map { ($0[0] as! String, typed($0[1])) }))
        }
    }

    /// Python's `Decimal(text)`: the value, with the places its text writes (`9.90` keeps two).
    static func decimal(_ text: String) -> TemplateValue {
        let places = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        return .decimal(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!, places: places)
    }

    @Test(arguments: corpus.cases.filter { $0.output != nil && $0.template != nil })
    func rendersLikeDjango(_ example: Case) throws {
        let output: String
        if let zone = example.timeZone {
            let engine = TemplateEngine(
                loaders: [DictionaryLoader(["case.html": example.template!])], autoescape: example.autoescape,
                timeZone: try #require(TimeZone(identifier: zone)))
            output = try engine.render("case.html", Self.corpus.context)
        } else {
            let template = try Template(example.template!, name: example.name)
            output = try template.render(Self.corpus.context, autoescape: example.autoescape)
        }
        #expect(output == example.output, "template: \(example.template!)")
    }

    @Test(arguments: corpus.cases.filter { $0.render != nil })
    func inheritsAndIncludesLikeDjango(_ example: Case) throws {
        let engine = TemplateEngine(loaders: [DictionaryLoader(Self.corpus.templates)], autoescape: example.autoescape)
        let output = try engine.render(example.render!, Self.corpus.context)
        #expect(output == example.output)
    }

    @Test(arguments: corpus.cases.filter { $0.error != nil })
    func rejectsLikeDjango(_ example: Case) {
        let error = #expect(throws: TemplateSyntaxError.self) { try Template(example.template!, name: "t.html") }
        #expect(error?.message == example.error, "template: \(example.template!)")
    }
}
