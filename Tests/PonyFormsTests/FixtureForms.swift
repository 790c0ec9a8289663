import Foundation
import PonyForms
import PonyORM
import PonySupport
import PonyWeb

// The forms of Fixtures/generate_django_forms.py, declared in Swift.

let fruits = [("a", "Apple"), ("b", "Banana"), ("c", "Cherry & <Co>")]
let sizes = [("", "---------"), ("s", "Small"), ("l", "Large")]

final class ContactForm: Form {
    @CharField(helpText: "Keep it short", maxLength: 100) var subject: String
    @EmailField(label: "Your email") var sender: String
    @CharField(widget: .textarea) var message: String
    @BooleanField(required: false) var ccMyself: Bool
}

final class NumbersForm: Form {
    @IntegerField(minValue: 1, maxValue: 10) var count: Int
    @FloatField var ratio: Double?
    @DecimalField(maxDigits: 5, decimalPlaces: 2) var price: Decimal?
    @IntegerField(stepSize: 5) var step: Int?
}

final class ChoicesForm: Form {
    @ChoiceField(choices: fruits) var fruit: String
    @ChoiceField(choices: sizes, required: false) var size: String
    @ChoiceField(choices: [("r", "Red"), ("g", "Green")], widget: .radioSelect) var colour: String
    @MultipleChoiceField(choices: fruits) var tags: [String]
    @MultipleChoiceField(choices: fruits, required: false, widget: .checkboxSelectMultiple) var toppings: [String]
    @TypedChoiceField(choices: [(1, "One"), (2, "Two")]) var count: Int?
}

final class DatesForm: Form {
    @DateField var day: CalendarDate
    @DateTimeField var at: Date?
    @TimeField var time: TimeOfDay?
}

final class TextsForm: Form {
    @URLField var site: String?
    @SlugField var slug: String?
    @UUIDField var key: UUID?
    @GenericIPAddressField var address: String?
    @JSONField var payload: JSONValue?
    @CharField(minLength: 8, widget: .passwordInput) var secret: String?
    @CharField(widget: .hiddenInput) var token: String?
    @CharField(required: false, initial: "Ann", disabled: true) var nickname: String
}

final class SignupForm: Form {
    @CharField(maxLength: 30) var username: String
    @CharField(label: "Password", widget: .passwordInput) var password1: String
    @CharField(label: "Password confirmation", widget: .passwordInput) var password2: String

    override func clean(field name: String) throws(ValidationError) {
        guard name == "username" else { return }
        if username.lowercased() == "admin" { throw ValidationError("That name is reserved.") }
        username = username.lowercased()
    }

    override func clean() throws(ValidationError) {
        if password1 != password2 { throw ValidationError("The two password fields didn't match.") }
    }
}

final class FilesForm: Form {
    @FileField(maxLength: 20) var document: UploadedFile
    @ImageField var photo: UploadedFile?
    @FileField(widget: .fileInput()) var notes: UploadedFile?
    @FileField var attachment: UploadedFile?
}

let mediaChoices: [Choice] =
    Choice.group("Audio", [("vinyl", "Vinyl"), ("cd", "CD")])
    + Choice.group("Video", [("vhs", "VHS <Tape>"), ("dvd", "DVD")]) + [Choice("unknown", "Unknown")]

final class GroupedForm: Form {
    @ChoiceField(choices: mediaChoices) var media: String
    @ChoiceField(choices: mediaChoices, widget: .radioSelect) var station: String?
    @MultipleChoiceField(choices: mediaChoices, required: false, widget: .checkboxSelectMultiple) var formats: [String]
    @MultipleChoiceField(choices: mediaChoices, required: false) var wanted: [String]
}

/// The generator's PNG (made by Pillow), from the fixture.
let fixturePNG: [UInt8] = {
    let hex = Array((DjangoFixtureTests.fixture?.png ?? "").utf8)
    return stride(from: 0, to: hex.count - 1, by: 2).compactMap {
        UInt8(String(decoding: hex[$0...$0 + 1], as: UTF8.self), radix: 16)
    }
}()

/// A fixture case's form, built as the Python generator builds it.
func fixtureForm(_ name: String) -> Form? {
    let utc = TimeZone(secondsFromGMT: 0)!
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = utc
    let cases: [String: () -> Form] = [
        "contact_unbound": { ContactForm() },
        "contact_valid": {
            ContactForm(data: [
                "subject": "Hello", "sender": "ann@example.com", "message": "Hi <b>there</b>", "cc_myself": "on",
            ])
        },
        "contact_invalid": {
            ContactForm(data: ["subject": String(repeating: "x", count: 101), "sender": "not an email", "message": ""])
        },
        "contact_initial": { ContactForm(initial: ["subject": "Re: \"quotes\" & <tags>", "cc_myself": true]) },
        "contact_prefix": {
            ContactForm(data: ["c-subject": "Hi", "c-sender": "a@b.co", "c-message": "m"], prefix: "c")
        },
        "contact_no_auto_id": { ContactForm(autoID: "") },
        "numbers_unbound": { NumbersForm() },
        "numbers_valid": { NumbersForm(data: ["count": " 7 ", "ratio": "2.5", "price": "12.50", "step": "10"]) },
        "numbers_invalid": { NumbersForm(data: ["count": "11", "ratio": "abc", "price": "1234.567", "step": "7"]) },
        "numbers_not_whole": { NumbersForm(data: ["count": "1.5", "price": "-0.001"]) },
        "numbers_other_digits": { NumbersForm(data: ["count": "\u{663}", "price": "1", "step": "1_0"]) },
        "numbers_initial": { NumbersForm(initial: ["count": 3, "price": Decimal(string: "9.90")!]) },
        "choices_unbound": { ChoicesForm() },
        "choices_valid": {
            var data: QueryDict = ["fruit": "b", "size": "", "colour": "g"]
            data.append("tags", "a")
            data.append("tags", "c")
            data.append("toppings", "b")
            data.append("count", "2")
            return ChoicesForm(data: data)
        },
        "choices_invalid": {
            var data: QueryDict = ["fruit": "z", "colour": ""]
            data.append("tags", "a")
            data.append("tags", "q")
            data.append("count", "3")
            return ChoicesForm(data: data)
        },
        "choices_initial": {
            ChoicesForm(initial: [
                "fruit": "c", "size": "l", "colour": "r", "tags": ["b"], "toppings": ["a", "c"], "count": 1,
            ])
        },
        "dates_unbound": { DatesForm() },
        "dates_valid": { DatesForm(data: ["day": "2026-12-03", "at": "2026-12-03 14:05", "time": "09:30"]) },
        "dates_other_formats": {
            DatesForm(data: ["day": "12/03/2026", "at": "2026-12-03T14:05:09", "time": "09:30:15"])
        },
        "dates_invalid": { DatesForm(data: ["day": "2026-02-30", "at": "yesterday", "time": "25:00"]) },
        "dates_initial": {
            DatesForm(initial: [
                "day": CalendarDate(year: 2026, month: 1, day: 2)!,
                "at": calendar.date(from: DateComponents(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5))!,
                "time": TimeOfDay(hour: 6, minute: 7, second: 8)!,
            ])
        },
        "texts_unbound": { TextsForm() },
        "texts_valid": {
            TextsForm(data: [
                "site": "example.com/path", "slug": "a-b_c", "key": "12345678-1234-5678-1234-567812345678",
                "address": "192.168.0.1", "payload": "{\"a\": [1, 2]}", "secret": "long enough", "token": "t",
                "nickname": "Bob",
            ])
        },
        "texts_invalid": {
            TextsForm(data: [
                "site": "not a url", "slug": "a b", "key": "nope", "address": "300.1.1.1", "payload": "{bad",
                "secret": "short", "token": "",
            ])
        },
        "files_unbound": { FilesForm() },
        "files_initial": { FilesForm(initial: ["attachment": "docs/old report.pdf"]) },
        "files_valid": {
            FilesForm(
                data: [:],
                files: [
                    "document": UploadedFile(name: "report.txt", bytes: Array("hello".utf8)),
                    "photo": UploadedFile(name: "dot.png", contentType: "image/png", bytes: fixturePNG),
                ])
        },
        "files_invalid": {
            FilesForm(
                data: [:],
                files: [
                    "document": UploadedFile(name: "a-very-long-file-name.txt", bytes: Array("x".utf8)),
                    "photo": UploadedFile(name: "fake.png", bytes: Array("not an image at all".utf8)),
                    "notes": UploadedFile(name: "empty.txt", bytes: []),
                ])
        },
        "files_missing": { FilesForm(data: ["document": "sent as text"], files: [:]) },
        "files_clear": {
            FilesForm(
                data: ["attachment-clear": "on"], files: ["document": UploadedFile(name: "a.txt", bytes: [97])],
                initial: ["attachment": "docs/old.pdf"])
        },
        "files_contradiction": {
            FilesForm(
                data: ["attachment-clear": "on"],
                files: [
                    "document": UploadedFile(name: "a.txt", bytes: [97]),
                    "attachment": UploadedFile(name: "new.pdf", bytes: Array("%PDF".utf8)),
                ], initial: ["attachment": "docs/old.pdf"])
        },
        "files_keep": {
            FilesForm(data: [:], files: [:], initial: ["attachment": "docs/old.pdf", "document": "docs/kept.txt"])
        },
        "grouped_unbound": { GroupedForm() },
        "grouped_valid": {
            var data: QueryDict = ["media": "cd", "station": "dvd"]
            data.append("formats", "vinyl")
            data.append("formats", "unknown")
            data.append("wanted", "vhs")
            return GroupedForm(data: data)
        },
        "grouped_invalid": {
            var data: QueryDict = ["media": "Audio", "station": "Video"]
            data.append("formats", "x")
            return GroupedForm(data: data)
        },
        "signup_unbound": { SignupForm() },
        "signup_valid": { SignupForm(data: ["username": "Ann", "password1": "pw", "password2": "pw"]) },
        "signup_reserved": { SignupForm(data: ["username": "ADMIN", "password1": "pw", "password2": "pw"]) },
        "signup_mismatch": { SignupForm(data: ["username": "ann", "password1": "pw", "password2": "other"]) },
    ]
    return cases[name]?()
}
