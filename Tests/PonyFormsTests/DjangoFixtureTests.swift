import Foundation
import PonyForms
import PonySupport
import PonyTemplates
import PonyWeb
import Testing

/// Every case of Fixtures/django_forms.json (rendered and validated by Django 5.2.19 with
/// generate_django_forms.py): Pony's output must be the same bytes, and its errors the same
/// messages.
@Suite struct DjangoFixtureTests {
    struct Case: Decodable {
        let div: String
        let p: String
        let table: String
        let ul: String
        let is_valid: Bool?
        let errors: [String: [String]]?
        let errors_html: String?
        let non_field_errors: String?
        let cleaned: [String: String]?
        let fields: [String: FieldCase]
    }

    struct FieldCase: Decodable {
        let widget: String
        let label_tag: String
        let errors: String
        let id_for_label: String
        let html_name: String
        let label: String
    }

    struct TemplateCase: Decodable {
        let source: String
        let html: String
    }

    struct Fixture: Decodable {
        let django: String
        let cases: [String: Case]
        let templates: [String: TemplateCase]
        let png: String?
    }

    static let fixture: Fixture? = {
        guard let url = Bundle.module.url(forResource: "Fixtures/django_forms", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    static var names: [String] { (fixture?.cases.keys.sorted()) ?? [] }
    static var templateNames: [String] { (fixture?.templates.keys.sorted()) ?? [] }

    /// A form in Pony's templates prints as in Django's: `{{ form }}`, its layouts, fields,
    /// labels, values, error lists (printed and iterated) and `form.errors`.
    @Test(arguments: templateNames) func rendersInTemplatesAsDjango(name: String) throws {
        let expected = try #require(Self.fixture?.templates[name])
        let form = try #require(fixtureForm(String(name.prefix { $0 != "/" })))
        let html = try Template(expected.source).render(["form": form])
        #expect(html == expected.html)
    }

    @Test func fixtureIsDjango52() throws {
        let fixture = try #require(Self.fixture)
        #expect(fixture.django.hasPrefix("5.2"))
        #expect(fixture.cases.count == Self.names.count && Self.names.count >= 27)
    }

    /// A cleaned value as the generator's `python()` writes it.
    static func python(_ value: (any Sendable)?) -> String {
        switch value {
        case nil: return "None"
        case let flag as Bool: return flag ? "True" : "False"
        case let number as Double: return pythonRepr(number)
        case let uuid as UUID: return uuid.uuidString.lowercased()
        case let json as JSONValue: return json.pythonJSON(compact: false, asciiOnly: true)
        case let list as [String]: return "[" + list.joined(separator: ", ") + "]"
        case let change as FileChange:
            switch change {
            case .upload(let file): return file.name
            case .keep(let name): return name
            case .clear: return "False"
            }
        case let date as Date:
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(secondsFromGMT: 0)
            return formatter.string(from: date).replacingOccurrences(of: "Z", with: "+00:00")
        case let value?: return "\(value)"
        }
    }

    @Test(arguments: names) func rendersAndValidatesAsDjango(name: String) throws {
        let expected = try #require(Self.fixture?.cases[name])
        let form = try #require(fixtureForm(name), "no Swift form for \(name)")
        if let valid = expected.is_valid {
            #expect(form.isValid == valid)
            let errors = Dictionary(uniqueKeysWithValues: form.errors.map { ($0.field, $0.messages) })
            #expect(errors == expected.errors ?? [:])
            #expect(form.errorsHTML == expected.errors_html)
            #expect(form.nonFieldErrorsHTML == expected.non_field_errors)
        }
        if let cleaned = expected.cleaned {
            for field in form.boundFields {
                let value = try #require(cleaned[field.name], "\(field.name)")
                if let number = field.cleanedValue as? Decimal {
                    #expect(number == Decimal(string: value), "\(field.name)")
                } else {
                    #expect(Self.python(field.cleanedValue) == value, "\(field.name)")
                }
            }
        }
        #expect(form.asDiv == expected.div)
        #expect(form.asP == expected.p)
        #expect(form.asTable == expected.table)
        #expect(form.asUL == expected.ul)
        for field in form.boundFields {
            let fieldCase = try #require(expected.fields[field.name], "\(field.name)")
            #expect(field.html == fieldCase.widget, "\(field.name)")
            #expect(field.labelTag() == fieldCase.label_tag, "\(field.name)")
            #expect(field.errorsHTML == fieldCase.errors, "\(field.name)")
            #expect(field.idForLabel == fieldCase.id_for_label, "\(field.name)")
            #expect(field.htmlName == fieldCase.html_name, "\(field.name)")
            #expect(field.label == fieldCase.label, "\(field.name)")
        }
        #expect(form.boundFields.count == expected.fields.count)
    }
}
