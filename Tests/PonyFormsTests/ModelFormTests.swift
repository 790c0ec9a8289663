import Foundation
import PonyForms
import PonyORM
import PonySQLite
import PonyWeb
import Testing

enum Mood: String, Choices {
    case happy, sad
}

@Model
struct Entry {
    @Field(maxLength: 50, unique: true) var name: String
    var message: String
    @Field(maxLength: 254, kind: .email) var email: String?
    var mood: Mood = .happy
    var rating: Int?
    var published = false
    @Field(decimalPlaces: 2) var price: Decimal?
}

final class EntryForm: ModelForm<Entry> {
    override class var modelFields: [String]? { ["name", "message", "email", "mood", "rating", "published"] }

    override func clean() throws(ValidationError) {
        if cleaned(\.message)?.contains("http://") == true {
            throw ValidationError("No spam, please.")
        }
    }
}

@Model
struct Guest {
    @Field(maxLength: 30) var name: String
    var text: String { name }
}

@Model
struct Visit {
    var guest: ForeignKey<Guest>
    var host: ForeignKey<Guest>?
    var note = ""
}

final class VisitForm: ModelForm<Visit> {}

/// The model of the generator's `Review`, for comparing model forms with Django's.
@Model
struct Review {
    @Field(maxLength: 50, unique: true) var name: String
    @Field(helpText: "Be nice.") var message: String
    @Field(maxLength: 254, kind: .email) var email: String?
    var mood: Mood = .happy
    var rating: Int?
    var published = false
    @Field(maxDigits: 6, decimalPlaces: 2) var price: Decimal?
}

final class ReviewForm: ModelForm<Review> {}

final class ShortEntryForm: ModelForm<Entry> {
    override class var excludedFields: [String] { ["message", "price", "email", "rating", "published"] }
    @CharField(maxLength: 5) var name: String
}

/// Model forms: fields mapped from the model as Django maps them, the model's rules
/// (uniqueness) checked, rows created and edited.
@Suite(.serialized) struct ModelFormTests {
    static func withEntries(_ body: @Sendable () async throws -> Void) async throws {
        let database = try await SQLiteDatabase.open(.memory)
        let operations = try Autodetector(
            from: ProjectState(), to: [ModelState(Entry.schemaInfo)], questioner: NonInteractiveQuestioner()
        ).changes()
        let relations = try Autodetector(
            from: ProjectState(), to: [ModelState(Guest.schemaInfo), ModelState(Visit.schemaInfo)],
            questioner: NonInteractiveQuestioner()
        ).changes()
        try await MigrationExecutor(
            database: database, app: "visits",
            migrations: [Migration(name: "0001_initial", dependencies: [], operations: relations, initial: true)]
        ).migrate()
        try await MigrationExecutor(
            database: database, app: "entries",
            migrations: [Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)]
        ).migrate()
        try await ORM.using(database, models: [Entry.self, Guest.self, Visit.self]) { try await body() }
        try await database.close()
    }

    @Test func fieldsAreMappedAsDjangoMapsThem() async throws {
        let form = try await EntryForm()
        #expect(form.boundFields.map(\.name) == ["name", "message", "email", "mood", "rating", "published"])
        #expect(form["name"]?.html == #"<input type="text" name="name" maxlength="50" required id="id_name">"#)
        #expect(
            form["message"]?.html
                == "<textarea name=\"message\" cols=\"40\" rows=\"10\" required id=\"id_message\">\n</textarea>")
        #expect(form["email"]?.html == #"<input type="email" name="email" maxlength="254" id="id_email">"#)
        // A default preselects its choice, so there is no "---------".
        #expect(
            form["mood"]?.html
                == "<select name=\"mood\" id=\"id_mood\">\n  <option value=\"happy\" selected>Happy</option>\n\n  <option value=\"sad\">Sad</option>\n\n</select>"
        )
        #expect(form["rating"]?.html == #"<input type="number" name="rating" id="id_rating">"#)
        #expect(form["published"]?.html == #"<input type="checkbox" name="published" id="id_published">"#)
        #expect(try await ShortEntryForm().boundFields.map(\.name) == ["name", "mood"])
        #expect(try await ShortEntryForm()["name"]?.html.contains(#"maxlength="5""#) == true)
    }

    @Test func createsValidatesUniquenessAndEdits() async throws {
        try await Self.withEntries {
            let form = try await EntryForm(data: ["name": "Ann", "message": "Hello", "mood": "sad", "rating": "4"])
            #expect(try await form.validate())
            #expect(form.cleaned(\.rating) == 4 && form.cleaned(\.mood) == .sad && form.cleaned(\.email) == nil)
            let saved = try await form.save()
            #expect(saved.id != nil && saved.mood == .sad && saved.rating == 4 && saved.email == nil)
            #expect(!saved.published)

            let duplicate = try await EntryForm(data: ["name": "Ann", "message": "Again", "mood": "happy"])
            #expect(try await !duplicate.validate())
            #expect(duplicate.errors(for: "name") == ["Entry with this Name already exists."])
            #expect(
                duplicate.asDiv.contains(
                    #"<ul class="errorlist" id="id_name_error"><li>Entry with this Name already exists.</li></ul>"#))

            let spam = try await EntryForm(data: ["name": "Bob", "message": "see http://x", "mood": "happy"])
            #expect(try await !spam.validate())
            #expect(spam.nonFieldErrors == ["No spam, please."])
            await #expect(throws: ValidationError.self) { try await spam.save() }

            let edit = try await EntryForm(instance: saved)
            #expect(edit["name"]?.value == .text("Ann"))
            #expect(edit["rating"]?.html == #"<input type="number" name="rating" value="4" id="id_rating">"#)
            let changed = try await EntryForm(
                data: ["name": "Ann", "message": "Changed", "mood": "happy", "published": "on"], instance: saved)
            let updated = try await changed.save()
            #expect(updated.id == saved.id && updated.message == "Changed" && updated.published)
            #expect(try await Entry.objects.count() == 1)
            let unsaved = try await EntryForm(data: ["name": "Cy", "message": "m", "mood": "sad"]).save(commit: false)
            #expect(unsaved.id == nil)
            #expect(try await Entry.objects.count() == 1)
        }
    }

    /// A foreign key is a `<select>` of the target's rows (Django's `ModelChoiceField`): the
    /// rows' texts, `---------` first for a new row, a key not among them refused.
    @Test func foreignKeysChooseAmongTheRows() async throws {
        try await Self.withEntries {
            let ann = try await Guest.objects.create(Guest(name: "Ann"))
            let bob = try await Guest.objects.create(Guest(name: "Bob & Co"))
            let form = try await VisitForm()
            #expect(form.boundFields.map(\.name) == ["guest", "host", "note"])
            #expect(
                form["guest"]?.html
                    == "<select name=\"guest\" required id=\"id_guest\">\n  <option value=\"\" selected>---------</option>\n\n  <option value=\"\(ann.id!)\">Ann</option>\n\n  <option value=\"\(bob.id!)\">Bob &amp; Co</option>\n\n</select>"
            )
            let wrong = try await VisitForm(data: ["guest": "999", "note": "x"])
            #expect(try await !wrong.validate())
            #expect(
                wrong.errors(for: "guest") == [
                    "Select a valid choice. That choice is not one of the available choices."
                ])
            let visit = try await VisitForm(data: ["guest": "\(bob.id!)", "host": "", "note": "hi"]).save()
            #expect(visit.guest.id == bob.id && visit.host == nil && visit.note == "hi")
            let edit = try await VisitForm(instance: visit)
            #expect(edit["guest"]?.value == .text("\(bob.id!)"))
            #expect(edit["guest"]?.html.contains("---------") == false)
            #expect(edit["host"]?.html.contains("---------") == true)
        }
    }

    struct DjangoCase: Decodable {
        let div: String
        let p: String
        let is_valid: Bool?
        let errors: [String: [String]]?
    }

    static let djangoCases: [String: DjangoCase] = {
        struct Fixture: Decodable { let model_forms: [String: DjangoCase] }
        guard let url = Bundle.module.url(forResource: "Fixtures/django_forms", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return [:] }
        return (try? JSONDecoder().decode(Fixture.self, from: data))?.model_forms ?? [:]
    }()

    /// A model form renders and validates as Django's ModelForm of the same model
    /// (Fixtures/django_forms.json, "model_forms").
    @Test func rendersAsDjangosModelForm() async throws {
        #expect(Self.djangoCases.count == 9)
        let forms: [String: QueryDict?] = [
            "unbound": nil,
            "invalid": [
                "name": String(repeating: "n", count: 51), "message": "", "email": "bad", "mood": "angry",
                "rating": "x",
                "price": "1.234",
            ],
            "valid": ["name": "Ann", "message": "Hi", "mood": "sad", "rating": "3", "published": "on", "price": "9.5"],
        ]
        for (name, data) in forms {
            let expected = try #require(Self.djangoCases[name])
            let form = try await ReviewForm(data: data)
            if let valid = expected.is_valid {
                #expect(form.isValid == valid, "\(name)")
                #expect(
                    Dictionary(uniqueKeysWithValues: form.errors.map { ($0.field, $0.messages) }) == expected.errors,
                    "\(name)")
            }
            #expect(form.asDiv == expected.div, "\(name)")
            #expect(form.asP == expected.p, "\(name)")
        }
    }
}

/// A model with a generated field, which forms leave out: the database computes it.
@Model
struct Purchase {
    var quantity: Int32
    @Field(generated: F("quantity") * 3) var cost: Int32 = 0
}

final class PurchaseForm: ModelForm<Purchase> {}

@Suite struct GeneratedFieldFormTests {
    @Test func formsLeaveItOutAndSavesReadItBack() async throws {
        try await withMigratedDatabase([Purchase.self], app: "purchases") {
            let form = try await PurchaseForm(data: ["quantity": "4", "cost": "1"])
            #expect(form.boundFields.map(\.name) == ["quantity"])
            #expect(try await form.validate())
            let saved = try await form.save()
            #expect(saved.cost == 12)
        }
    }
}

/// A model with database defaults: a form that leaves a field out leaves it to the database.
@Model
struct Errand {
    @Field(maxLength: 50) var title: String
    @Field(maxLength: 20, dbDefault: .value("open")) var status: String?
    @Field(dbDefault: .value(Int32(3))) var priority: Int32?
}

final class ErrandTitleForm: ModelForm<Errand> {
    override class var modelFields: [String]? { ["title"] }
}

final class ErrandForm: ModelForm<Errand> {}

@Suite struct DatabaseDefaultFormTests {
    @Test func fieldsLeftOutTakeTheDatabaseDefault() async throws {
        try await withMigratedDatabase([Errand.self], app: "errands") {
            let form = try await ErrandTitleForm(data: ["title": "Post"])
            #expect(try await form.validate())
            let saved = try await form.save()
            #expect(saved.status == "open" && saved.priority == 3)
            // As in Django, a form field for one stays required unless the field is `blank`.
            let full = try await ErrandForm(data: ["title": "Shop", "status": "", "priority": "2"])
            #expect(try await !full.validate())
            #expect(full.errors(for: "status") == ["This field is required."])
        }
    }
}
