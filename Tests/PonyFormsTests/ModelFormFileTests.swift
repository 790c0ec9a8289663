import Foundation
import PonyForms
import PonyORM
import PonySQLite
import PonyWeb
import Testing

@Model
struct Document {
    @Field(maxLength: 60) var title: String
    @Field(blank: true, kind: .file, uploadTo: "docs/%Y/") var attachment = ""
    @Field(blank: true, kind: .image) var cover = ""
}

final class DocumentForm: ModelForm<Document> {}

/// File fields of models: `FileField`/`ImageField` columns, form fields mapped from them, and
/// uploads stored under `uploadTo` with Django's available names when the form saves.
@Suite(.serialized) struct ModelFormFileTests {
    @Test func fileFieldsAreVarchar100ColumnsNamedAsDjangoNamesThem() {
        let attachment = Document.schemaInfo.fields.first { $0.name == "attachment" }
        #expect(attachment?.type == .file(maxLength: 100))
        #expect(attachment?.type.className == "FileField")
        #expect(Document.schemaInfo.fields.first { $0.name == "cover" }?.type.className == "ImageField")
        #expect(attachment?.options.uploadTo == "docs/%Y/")
    }

    @Test func uploadsAreStoredKeptAndCleared() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-modelform-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let storage = FileStorage(location: folder.path, baseURL: "/media/")
        try await withMigratedDatabase([Document.self]) {
            let unbound = try await DocumentForm()
            #expect(unbound.isMultipart)
            #expect(unbound["attachment"]?.html == #"<input type="file" name="attachment" id="id_attachment">"#)
            #expect(
                unbound["cover"]?.html == #"<input type="file" name="cover" accept="image/*" id="id_cover">"#)

            let year =
                Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 0)!, from: Date())
                .year ?? 0
            let upload = UploadedFile(name: "my report.pdf", bytes: Array("%PDF-1.7".utf8))
            let form = try await DocumentForm(data: ["title": "Report"], files: ["attachment": upload])
            let saved = try await form.save(storage: storage)
            #expect(saved.attachment == "docs/\(year)/my_report.pdf")
            #expect(try Data(contentsOf: folder.appendingPathComponent(saved.attachment)) == Data("%PDF-1.7".utf8))

            // A second file of the same name gets Django's available name; the first stays.
            let again = try await DocumentForm(data: ["title": "Again"], files: ["attachment": upload])
                .save(storage: storage)
            #expect(again.attachment.wholeMatch(of: /docs\/\d{4}\/my_report_[A-Za-z0-9]{7}\.pdf/) != nil)

            // Editing without a new file keeps it, and shows it with a "Clear" box.
            let edit = try await DocumentForm(instance: saved)
            #expect(edit["attachment"]?.html.hasPrefix(#"Currently: <a href="/media/docs/"#) == true)
            let kept = try await DocumentForm(data: ["title": "Renamed"], instance: saved).save(storage: storage)
            #expect(kept.attachment == saved.attachment && kept.title == "Renamed")
            let cleared = try await DocumentForm(data: ["title": "Renamed", "attachment-clear": "on"], instance: kept)
                .save(storage: storage)
            #expect(cleared.attachment == "")
            #expect(try await Document.objects.get(pk: saved.id ?? 0).attachment == "")

            // Not an image: the form says so, and nothing is stored.
            let fake = try await DocumentForm(
                data: ["title": "Fake"], files: ["cover": UploadedFile(name: "cover.png", bytes: Array("GIF? no".utf8))]
            )
            #expect(try await !fake.validate())
            #expect(
                fake.errors(for: "cover")
                    == ["Upload a valid image. The file you uploaded was either not an image or a corrupted image."])
        }
    }
}

@Model(constraints: [
    .unique(fields: ["club", "person"], name: "one_membership"),
    .check(~Q("person", F("club")), name: "member_is_not_club", violationErrorMessage: "A member cannot be the club."),
])
struct Membership {
    @Field(maxLength: 30) var club: String
    @Field(maxLength: 30, verboseName: "member") var person: String
    @Field(blank: true) var note = ""
}

final class MembershipForm: ModelForm<Membership> {}

/// A unique constraint across fields, and a check constraint, are checked as Django's
/// `validate_constraints` checks them: an error of the form as a whole, with Django's message
/// (or the constraint's own), unless a field is left out.
@Suite(.serialized) struct UniqueConstraintFormTests {
    @Test func duplicatePairsAreRefused() async throws {
        try await withMigratedDatabase([Membership.self]) {
            try await MembershipForm(data: ["club": "Chess", "person": "Ann"]).save()
            let again = try await MembershipForm(data: ["club": "Chess", "person": "Ann", "note": "twice"])
            #expect(try await !again.validate())
            #expect(again.nonFieldErrors == ["Membership with this Club and Member already exists."])
            #expect(try await MembershipForm(data: ["club": "Go", "person": "Ann"]).validate())
            // A check constraint: the form's error, before the database would refuse the row.
            let same = try await MembershipForm(data: ["club": "Chess", "person": "Chess"])
            #expect(try await !same.validate())
            #expect(same.nonFieldErrors == ["A member cannot be the club."])
            // Editing the row itself is no conflict.
            let row = try await Membership.objects.get(pk: 1)
            #expect(
                try await MembershipForm(data: ["club": "Chess", "person": "Ann", "note": "n"], instance: row)
                    .validate())
        }
    }
}
