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
        try await MigrationExecutor(
            database: database, app: "entries",
            migrations: [Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)]
        ).migrate()
        try await ORM.using(database, models: [Entry.self]) { try await body() }
        try await database.close()
    }

    @Test func fieldsAreMappedAsDjangoMapsThem() {
        let form = EntryForm()
        #expect(form.boundFields.map(\.name) == ["name", "message", "email", "mood", "rating", "published"])
        #expect(form["name"]?.html == #"<input type="text" name="name" maxlength="50" required id="id_name">"#)
        #expect(
            form["message"]?.html
                == "<textarea name=\"message\" cols=\"40\" rows=\"10\" required id=\"id_message\">\n</textarea>")
        #expect(form["email"]?.html == #"<input type="email" name="email" maxlength="254" id="id_email">"#)
        // A default preselects its choice, so there is no "---------".
        #expect(
            form["mood"]?.html
                == "<select name=\"mood\" id=\"id_mood\">\n  <option value=\"happy\" selected>happy</option>\n\n  <option value=\"sad\">sad</option>\n\n</select>"
        )
        #expect(form["rating"]?.html == #"<input type="number" name="rating" id="id_rating">"#)
        #expect(form["published"]?.html == #"<input type="checkbox" name="published" id="id_published">"#)
        #expect(ShortEntryForm().boundFields.map(\.name) == ["name", "mood"])
        #expect(ShortEntryForm()["name"]?.html.contains(#"maxlength="5""#) == true)
    }

    @Test func createsValidatesUniquenessAndEdits() async throws {
        try await Self.withEntries {
            let form = EntryForm(data: ["name": "Ann", "message": "Hello", "mood": "sad", "rating": "4"])
            #expect(try await form.validate())
            #expect(form.cleaned(\.rating) == 4 && form.cleaned(\.mood) == .sad && form.cleaned(\.email) == nil)
            let saved = try await form.save()
            #expect(saved.id != nil && saved.mood == .sad && saved.rating == 4 && saved.email == nil)
            #expect(!saved.published)

            let duplicate = EntryForm(data: ["name": "Ann", "message": "Again", "mood": "happy"])
            #expect(try await !duplicate.validate())
            #expect(duplicate.errors(for: "name") == ["Entry with this Name already exists."])
            #expect(
                duplicate.asDiv.contains(
                    #"<ul class="errorlist" id="id_name_error"><li>Entry with this Name already exists.</li></ul>"#))

            let spam = EntryForm(data: ["name": "Bob", "message": "see http://x", "mood": "happy"])
            #expect(try await !spam.validate())
            #expect(spam.nonFieldErrors == ["No spam, please."])
            await #expect(throws: ValidationError.self) { try await spam.save() }

            let edit = EntryForm(instance: saved)
            #expect(edit["name"]?.value == .text("Ann"))
            #expect(edit["rating"]?.html == #"<input type="number" name="rating" value="4" id="id_rating">"#)
            let changed = EntryForm(
                data: ["name": "Ann", "message": "Changed", "mood": "happy", "published": "on"], instance: saved)
            let updated = try await changed.save()
            #expect(updated.id == saved.id && updated.message == "Changed" && updated.published)
            #expect(try await Entry.objects.count() == 1)
            let unsaved = try await EntryForm(data: ["name": "Cy", "message": "m", "mood": "sad"]).save(commit: false)
            #expect(unsaved.id == nil)
            #expect(try await Entry.objects.count() == 1)
        }
    }
}
