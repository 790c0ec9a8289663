import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

/// Validation messages carry Django's message ids, so Django's own catalogs translate them:
/// Pony's German and Polish messages against Django 5.2's, with the entries of Django's
/// catalogs for them (Fixtures/messages_i18n.json and Fixtures/locale, by
/// Fixtures/generate_messages_i18n.py).
@Suite struct TranslatedMessagesTests {
    struct Case: Decodable {
        let language: String
        let call: String
        let arguments: [JSONValue]
        let message: String
    }

    static let locale = Bundle.module.url(forResource: "Fixtures/locale", withExtension: nil)!

    static func message(_ call: String, _ arguments: [JSONValue]) -> String? {
        let numbers = arguments.compactMap { $0.intValue.map(Int.init) }
        let texts = arguments.compactMap(\.stringValue)
        switch (call, numbers.count, texts.count) {
        case ("required", 0, 0): return ValidationMessages.required
        case ("maxLength", 2, 0): return ValidationMessages.maxLength(numbers[0], numbers[1])
        case ("minLength", 2, 0): return ValidationMessages.minLength(numbers[0], numbers[1])
        case ("maxFileNameLength", 2, 0): return ValidationMessages.maxFileNameLength(numbers[0], numbers[1])
        case ("maxValue", 0, 1): return ValidationMessages.maxValue(texts[0])
        case ("minValue", 0, 1): return ValidationMessages.minValue(texts[0])
        case ("step", 0, 1): return ValidationMessages.step(texts[0])
        case ("stepFrom", 0, 4): return ValidationMessages.step(texts[0], offset: texts[1], next: (texts[2], texts[3]))
        case ("maxDigits", 1, 0): return ValidationMessages.maxDigits(numbers[0])
        case ("maxDecimalPlaces", 1, 0): return ValidationMessages.maxDecimalPlaces(numbers[0])
        case ("maxWholeDigits", 1, 0): return ValidationMessages.maxWholeDigits(numbers[0])
        case ("invalidChoice", 0, 1): return ValidationMessages.invalidChoice(texts[0])
        case ("invalidModelValue", 0, 1): return ValidationMessages.invalidModelValue(texts[0])
        case ("invalidModelChoice", 0, 0): return ValidationMessages.invalidModelChoice
        case ("wholeNumber", 0, 0): return ValidationMessages.wholeNumber
        case ("number", 0, 0): return ValidationMessages.number
        case ("email", 0, 0): return ValidationMessages.email
        case ("url", 0, 0): return ValidationMessages.url
        case ("slug", 0, 0): return ValidationMessages.slug
        case ("uuid", 0, 0): return ValidationMessages.uuid
        case ("ipAddress", 0, 0): return ValidationMessages.ipAddress
        case ("json", 0, 0): return ValidationMessages.json
        case ("date", 0, 0): return ValidationMessages.date
        case ("dateTime", 0, 0): return ValidationMessages.dateTime
        case ("time", 0, 0): return ValidationMessages.time
        case ("list", 0, 0): return ValidationMessages.list
        case ("invalidImage", 0, 0): return ValidationMessages.invalidImage
        case ("cannotBeNull", 0, 0): return ValidationMessages.cannotBeNull
        case ("cannotBeBlank", 0, 0): return ValidationMessages.cannotBeBlank
        default: return nil
        }
    }

    @Test func messagesReadAsDjangosInEachLanguage() throws {
        struct File: Decodable { let cases: [Case] }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/messages_i18n", withExtension: "json"))
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        let translations = try Translations.load(from: [Self.locale.path])
        #expect(cases.count == 3 * 37)
        for item in cases {
            let translation = translations.translation(for: item.language, defaultLanguage: "en-us")
            let ours = translation.activate { Self.message(item.call, item.arguments) }
            #expect(ours == item.message, "\(item.language) \(item.call) \(item.arguments)")
        }
    }

    final class SignupForm: Form {
        @CharField(maxLength: 5) var name: String
        @EmailField var email: String
    }

    /// Through a site: the visitor's language translates a form's errors.
    @Test func aFormSpeaksTheVisitorsLanguage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-forms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.locale, to: folder.appendingPathComponent("locale"))
        let app = Pony(settings: Settings(baseDirectory: folder.path))
        app.middleware(LocaleMiddleware())
        app.post("signup/") { request in
            let form = SignupForm(data: try request.form)
            return form.isValid ? "ok" : form.errors.flatMap(\.messages).sorted().joined(separator: "|")
        }
        let client = try TestClient(app)
        let form: QueryDict = ["name": "Annabel", "email": "nope"]
        let german = await client.post("/signup/", form: form, headers: ["Accept-Language": "de"])
        #expect(
            german.text
                == "Bitte gültige E-Mail-Adresse eingeben.|Bitte sicherstellen, dass der Wert aus höchstens 5"
                + " Zeichen besteht. (Er besteht aus 7 Zeichen.)")
        let english = await client.post("/signup/", form: form)
        #expect(
            english.text
                == "Ensure this value has at most 5 characters (it has 7).|Enter a valid email address.")
    }

    final class NoteForm: Form {
        @CharField(label: "Your name", helpText: "Be nice.") var name: String
    }

    /// Labels and help texts are message ids (Django's `label=_("…")`); a model form's label is
    /// its field's verbose name translated, then capitalised (Django's lazy `verbose_name`).
    @Test func labelsAndHelpTextsAreTranslated() async throws {
        let catalog = try Catalog(
            po: """
                msgid ""
                msgstr "Content-Type: text/plain; charset=UTF-8\\n"

                msgid "Your name"
                msgstr "Dein Name"

                msgid "Be nice."
                msgstr "Sei nett."

                msgid "first name"
                msgstr "vorname"
                """)
        let german = Translations(catalogs: ["de": catalog]).translation(for: "de", defaultLanguage: "en-us")
        let form = NoteForm()
        #expect(german.activate { form["name"]?.labelTag() } == #"<label for="id_name">Dein Name:</label>"#)
        #expect(german.activate { form["name"]?.helpText } == "Sei nett.")
        #expect(form["name"]?.label == "Your name" && form["name"]?.helpText == "Be nice.")

        let member = try await MemberForm()
        #expect(german.activate { member["first_name"]?.label } == "Vorname")
        #expect(member["first_name"]?.label == "First name")
        #expect(german.activate { member["last_name"]?.label } == "Last name")
    }
}

@Model
struct Member {
    @Field(maxLength: 30, verboseName: "first name") var firstName: String
    @Field(maxLength: 30) var lastName: String
}

final class MemberForm: ModelForm<Member> {}
