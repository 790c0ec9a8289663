import Foundation
import PonyForms
import PonyORM
import PonySupport
import PonyWeb
import Testing

/// A form whose fields give their own messages (Django's `error_messages`), the form of
/// Fixtures/generate_error_messages.py.
final class MessagesForm: Form {
    @CharField(
        maxLength: 5,
        errorMessages: [
            "required": "Name, please.", "max_length": "At most %(limit_value)d (you gave %(show_value)d).",
        ])
    var name: String
    @IntegerField(
        minValue: 18, errorMessages: ["invalid": "Digits only.", "min_value": "Adults only: %(limit_value)s or more."])
    var age: Int
    @ChoiceField(choices: [("s", "Small")], errorMessages: ["invalid_choice": "%(value)s? No such size."]) var size:
        String
    @EmailField(errorMessages: ["invalid": "That is no address."]) var email: String
    @DecimalField(
        maxDigits: 4, decimalPlaces: 1,
        errorMessages: ["max_digits": "%(max)s digits at most.", "max_decimal_places": "One place."])
    var price: Decimal
    @CharField(errorMessages: ["required": "100% needed"]) var percent: String
}

/// A model whose fields give their own messages, and a model form that replaces some again
/// (Django's `Meta.error_messages`).
@Model(verboseName: "member")
struct Subscriber {
    @Field(
        maxLength: 20, unique: true,
        errorMessages: ["unique": "Taken: %(field_label)s of %(model_name)s.", "blank": "No blank names."])
    var name: String
    @Field(maxLength: 5, errorMessages: ["max_length": "Nick: %(limit_value)d at most."]) var nick: String
}

final class SubscriberForm: ModelForm<Subscriber> {
    override class var errorMessages: [String: [String: String]] {
        ["nick": ["required": "Need a nick.", "max_length": "Form says: %(limit_value)d."]]
    }
}

/// Messages given in place of Django's, by Django's error codes, in forms, model validation
/// and model forms: the same messages as Django 5.2 gives (Fixtures/error_messages.json).
@Suite struct ErrorMessageTests {
    struct Fixture: Decodable {
        struct FormCase: Decodable {
            let data: [String: String]
            let errors: [String: [String]]
        }
        struct ModelCase: Decodable {
            let name: String
            let nick: String
            let errors: [String: [String]]
        }
        let forms: [FormCase]
        let models: [ModelCase]
        let model_forms: [FormCase]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/error_messages", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func errors(_ form: Form) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: form.errors.map { ($0.field, $0.messages) })
    }

    @Test func formFieldsGiveTheirOwnMessages() throws {
        let cases = try Self.fixture().forms
        #expect(cases.count == 3)
        for item in cases {
            let form = MessagesForm(data: QueryDict(item.data.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            #expect(!form.isValid)
            #expect(Self.errors(form) == item.errors, "\(item.data)")
        }
    }

    @Test func modelsAndModelFormsGiveTheirOwnMessages() async throws {
        let fixture = try Self.fixture()
        try await withMigratedDatabase([Subscriber.self], app: "members") {
            func errors(_ subscriber: Subscriber) async throws -> [String: [String]] {
                do {
                    try await subscriber.fullClean()
                    return [:]
                } catch let error as PonyORM.ValidationError {
                    return error.errors
                }
            }
            let first = fixture.models[0]
            #expect(try await errors(Subscriber(name: first.name, nick: first.nick)) == first.errors)
            _ = try await Subscriber(name: "ann", nick: "a").save()
            let second = fixture.models[1]
            #expect(try await errors(Subscriber(name: second.name, nick: second.nick)) == second.errors)
            for item in fixture.model_forms {
                let form = try await SubscriberForm(
                    data: QueryDict(item.data.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
                #expect(try await !form.validate())
                #expect(Self.errors(form) == item.errors, "\(item.data)")
            }
        }
    }
}
