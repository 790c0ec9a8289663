import Foundation
import PonySupport
import Testing

@testable import PonyTemplates

/// Translation in templates and the choice of a request's language, against Django 5.2's
/// (Fixtures/i18n.json, by Fixtures/generate_i18n.py, with the catalogs in Fixtures/locale).
@Suite struct I18nTests {
    struct Fixture: Decodable {
        struct Choice: Decodable {
            let cookie: String?
            let header: String
            let language: String
            let parsed: [[JSONValue]]?
        }
        let languages: [[String]]
        let templates: [String]
        let context: [String: JSONValue]
        /// By LANGUAGE_CODE, then by active language: each template's output.
        let renders: [String: [String: [String]]]
        let choices: [Choice]
    }

    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static let fixture = Result {
        let url = fixtures.appendingPathComponent("i18n.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func languages(_ fixture: Fixture, defaultLanguage: String) throws -> Languages {
        let translations = try Translations.load(from: [fixtures.appendingPathComponent("locale").path])
        return Languages(
            defaultLanguage: defaultLanguage, offered: fixture.languages.map { ($0[0], $0[1]) },
            translations: translations)
    }

    static func number(_ value: JSONValue) -> Double {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: -1
        }
    }

    static func templateValue(_ value: JSONValue) -> TemplateValue {
        switch value {
        case .string(let text): return .string(text)
        case .int(let number): return .int(Int(number))
        case .double(let number): return .double(number)
        case .array(let values): return .array(values.map(templateValue))
        default: return .null
        }
    }

    @Test func templatesTranslateAsDjangos() throws {
        let fixture = try Self.fixture.get()
        let context = TemplateContext(fixture.context.mapValues(Self.templateValue))
        var compared = 0
        for (defaultLanguage, byLanguage) in fixture.renders {
            let languages = try Self.languages(fixture, defaultLanguage: defaultLanguage)
            let engine = TemplateEngine(loaders: [], languages: languages)
            for (language, outputs) in byLanguage.sorted(by: { $0.key < $1.key }) {
                for (source, expected) in zip(fixture.templates, outputs) {
                    let template = try Template("{% load i18n %}" + source, name: "i18n", library: engine.library)
                    let output = try languages.translation(for: language).activate {
                        try template.render(context, autoescape: true, engine: engine)
                    }
                    #expect(output == expected, "\(defaultLanguage) \(language): \(source)")
                    compared += 1
                }
            }
        }
        #expect(compared == 8 * 30)
    }

    @Test func requestsGetTheLanguageDjangoChooses() throws {
        let fixture = try Self.fixture.get()
        let languages = try Self.languages(fixture, defaultLanguage: "en-us")
        for choice in fixture.choices {
            #expect(
                languages.language(cookie: choice.cookie, acceptLanguage: choice.header) == choice.language,
                "cookie \(choice.cookie ?? "-"), Accept-Language \(choice.header.prefix(40))")
            if let parsed = choice.parsed {
                let ours = Languages.parseAcceptLanguage(choice.header)
                #expect(ours.map(\.code) == parsed.map { $0[0].stringValue ?? "?" }, "\(choice.header.prefix(40))")
                #expect(ours.map(\.quality) == parsed.map { Self.number($0[1]) }, "\(choice.header.prefix(40))")
            }
        }
    }
}

extension I18nTests {
    /// Plural rules of real catalogs pick the form Python's gettext picks (Django's), for
    /// negative, small and large counts.
    @Test func pluralRulesChooseAsPythonsGettext() throws {
        struct File: Decodable {
            struct Plural: Decodable {
                let rule: String
                let forms: [Int]
            }
            let numbers: [Int]
            let plurals: [Plural]
        }
        let url = Self.fixtures.appendingPathComponent("i18n.json")
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        #expect(file.plurals.count == 15)
        for plural in file.plurals {
            let rule = try #require(PluralRule(header: "nplurals=100; plural=\(plural.rule);"), "\(plural.rule)")
            // NB: a form outside 0..<nplurals is no form (Python's gettext then finds no translation).
            let expected = plural.forms.map { (0..<100).contains($0) ? $0 : nil }
            #expect(file.numbers.map { rule.form(for: $0) } == expected, "\(plural.rule)")
        }
    }
}

extension I18nTests {
    /// `makemessages` finds in templates the messages Django's (through GNU xgettext) finds.
    @Test func templatesYieldTheMessagesDjangoExtracts() throws {
        struct File: Decodable {
            let templates: [String]
            let extracted: [[String]]
        }
        let url = Self.fixtures.appendingPathComponent("i18n.json")
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        var found: Set<[String]> = []
        for (number, source) in file.templates.enumerated() {
            for message in try ExtractedMessage.inTemplate("{% load i18n %}" + source + "\n", file: "t\(number).html") {
                found.insert([message.context ?? "", message.id, message.plural ?? ""])
                #expect(message.line == 1)
            }
        }
        #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == file.extracted)
        // Every prefix of every template is read without a trap (errors are allowed).
        for source in file.templates {
            for end in source.indices { _ = try? ExtractedMessage.inTemplate(String(source[..<end]), file: "t.html") }
        }
        #expect(file.extracted.count == 18)
    }

    /// A block tag inside `blocktranslate` is Django's error, with its line; a comment's
    /// messages are not extracted.
    @Test func extractionRefusesWhatDjangoRefuses() {
        let source =
            "{% comment %}{% translate \"hidden\" %}{% endcomment %}\n{% blocktranslate %}a {% if x %}b{% endblocktranslate %}"
        #expect(throws: CatalogError.self) { try ExtractedMessage.inTemplate(source, file: "x.html") }
        do {
            _ = try ExtractedMessage.inTemplate(source, file: "x.html")
        } catch {
            #expect(error.line == 2 && error.file == "x.html")
        }
        #expect(
            (try? ExtractedMessage.inTemplate("{% comment %}{% trans \"hidden\" %}{% endcomment %}", file: "x"))?
                .isEmpty == true)
    }
}

extension I18nTests {
    /// Dates name months, days and times of day in the current language, with Django's own
    /// catalog entries for them (Fixtures/dates_locale and dates_i18n.json, by
    /// Fixtures/generate_dates_i18n.py): Polish's genitive months (`E`) included.
    @Test func datesNameThingsInTheCurrentLanguage() throws {
        struct File: Decodable {
            struct Case: Decodable {
                let language: String
                let timestamp: Double
                let format: String
                let output: String
            }
            let cases: [Case]
        }
        let url = Self.fixtures.appendingPathComponent("dates_i18n.json")
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        let translations = try Translations.load(from: [Self.fixtures.appendingPathComponent("dates_locale").path])
        #expect(cases.count == 4 * 12 * 7)
        for item in cases {
            let translation = translations.translation(for: item.language, defaultLanguage: "en-us")
            let output = translation.activate {
                DateFormat.format(Date(timeIntervalSince1970: item.timestamp), item.format, in: DateFormat.utc)
            }
            #expect(output == item.output, "\(item.language) \(item.format) \(item.timestamp)")
        }
    }
}

extension I18nTests {
    /// A language's translated name comes from the catalog under Django's English name
    /// ("Polish"), and a site that names no languages names them as Django's `LANGUAGES` does.
    @Test func languageNamesAreTranslatedAndKnown() throws {
        let catalog = try Catalog(
            po: """
                msgid ""
                msgstr "Content-Type: text/plain; charset=UTF-8\\n"

                msgid "Polish"
                msgstr "Polnisch"
                """)
        let languages = Languages(
            defaultLanguage: "en-us", offered: nil, translations: Translations(catalogs: ["de": catalog]))
        #expect(languages.offered.map(\.name) == ["English", "German"])
        let template = try Template(
            #"{% get_language_info for "pl" as l %}{{ l.name_translated }}|{{ "pl"|language_name_translated }}"#)
        #expect(try languages.translation(for: "de").activate { try template.render([:]) } == "Polnisch|Polnisch")
        #expect(try template.render([:]) == "Polish|Polish")
        #expect(throws: TemplateRenderError.self) { try Template(#"{{ "xx-yy"|language_name }}"#).render([:]) }
        #expect(throws: TemplateSyntaxError.self) { try Template("{% get_language_info for x %}") }
    }
}
