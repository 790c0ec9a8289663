import Foundation
import PonyForms
import PonyORM
import PonyTemplates
import PonyWeb
import Testing

final class ArticleForm: Form {
    @CharField(maxLength: 10) var title: String
    @DateField var pubDate: CalendarDate?
}

/// Formsets as Django 5.2's formset_factory makes them (Fixtures/django_forms.json,
/// "formsets"): the management form, numbered forms without `required`, empty extra forms
/// left alone, deletion, and the limits.
@Suite struct FormSetTests {
    struct Case: Decodable {
        let div: String
        let p: String
        let forms: Int
        let is_valid: Bool?
        let errors: [[String: [String]]]?
        let non_form_errors: String?
    }

    static let cases: [String: Case] = {
        struct Fixture: Decodable { let formsets: [String: Case] }
        guard let url = Bundle.module.url(forResource: "Fixtures/django_forms", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return [:] }
        return (try? JSONDecoder().decode(Fixture.self, from: data))?.formsets ?? [:]
    }()

    static func management(_ total: Int, _ initial: Int) -> QueryDict {
        ["form-TOTAL_FORMS": String(total), "form-INITIAL_FORMS": String(initial)]
    }

    static func formset(_ name: String) -> FormSet<ArticleForm>? {
        func data(_ base: QueryDict, _ extra: [(String, String)]) -> QueryDict {
            var data = base
            for (key, value) in extra { data.append(key, value) }
            return data
        }
        switch name {
        case "unbound_initial": return FormSet(initial: [["title": "x"]], extra: 2, canDelete: true)
        case "unbound_min": return FormSet(extra: 1, minNum: 2)
        case "valid_with_empty_extra":
            return FormSet(
                data: data(management(3, 1), [("form-0-title", "x"), ("form-1-title", "New"), ("form-2-title", "")]),
                initial: [["title": "x"]], extra: 2, canDelete: true)
        case "invalid":
            return FormSet(
                data: data(
                    management(2, 1),
                    [
                        ("form-0-title", ""), ("form-1-title", String(repeating: "y", count: 11)),
                        ("form-1-pub_date", "nope"),
                    ]),
                initial: [["title": "x"]], extra: 1)
        case "deleted_form_skips_validation":
            return FormSet(
                data: data(management(2, 1), [("form-0-title", ""), ("form-0-DELETE", "on"), ("form-1-title", "ok")]),
                initial: [["title": "x"]], extra: 1, canDelete: true)
        case "missing_management_form": return FormSet(data: ["form-0-title": "x"], extra: 1)
        case "too_many":
            return FormSet(
                data: data(management(2, 0), [("form-0-title", "a"), ("form-1-title", "b")]), extra: 0, maxNum: 1,
                validateMax: true)
        case "too_few":
            return FormSet(
                data: data(management(2, 0), [("form-0-title", "a"), ("form-1-title", "")]), extra: 0, minNum: 2,
                validateMin: true)
        default: return nil
        }
    }

    @Test func everyCaseIsInTheFixture() {
        #expect(Self.cases.count == 8)
    }

    @Test(arguments: cases.keys.sorted()) func rendersAndValidatesAsDjango(name: String) throws {
        let expected = try #require(Self.cases[name])
        let formset = try #require(Self.formset(name))
        #expect(formset.forms.count == expected.forms)
        if let valid = expected.is_valid {
            #expect(formset.isValid == valid)
            #expect(formset.nonFormErrorsHTML == expected.non_form_errors)
            if let errors = expected.errors, !errors.isEmpty {
                #expect(
                    formset.errors.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.field, $0.messages) }) }
                        == errors)
            }
        }
        #expect(formset.asDiv == expected.div)
        #expect(formset.asP == expected.p)
        #expect(try Template("{{ formset }}").render(["formset": formset]) == expected.div)
    }

    /// A tampered count cannot make more forms than Django's absolute maximum.
    @Test func hugeCountsAreCapped() {
        let formset = FormSet<ArticleForm>(data: Self.management(999_999_999, 0), maxNum: 3)
        #expect(formset.forms.count == 1003)
        #expect(!formset.isValid)
        #expect(formset.nonFormErrors == ["Please submit at most 3 forms."])
    }
}
