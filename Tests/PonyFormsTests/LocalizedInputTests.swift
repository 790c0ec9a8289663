import Foundation
import Pony
import PonySupport
import PonyTemplates
import PonyTesting
import Testing

/// Date, date-and-time and time fields read and write the current language's input formats
/// (`DATE_INPUT_FORMATS`, …, with ISO always accepted), as Django 5.2's do in five languages
/// (Fixtures/localized_inputs.json, by Fixtures/generate_localized_inputs.py); number fields
/// made with `localize: true` read and write the language's separators, with
/// `USE_THOUSAND_SEPARATOR` off and on.
@Suite struct LocalizedInputTests {
    final class Dates: Form {
        @DateField var day: CalendarDate
        @DateTimeField var moment: Date
        @TimeField var time: TimeOfDay
    }

    final class Numbers: Form {
        @IntegerField(localize: true) var count: Int
        @FloatField(localize: true) var ratio: Double
        @DecimalField(maxDigits: 12, decimalPlaces: 2, localize: true) var price: Decimal
        @DecimalField(maxDigits: 12, decimalPlaces: 2) var plain: Decimal
    }

    struct Fixture: Decodable {
        struct Number: Decodable {
            let language: String
            let grouping: Bool
            let text: String
            let count: String?
            let ratio: String?
            let price: String?
            let plain: String?
        }
        struct NumberRender: Decodable {
            let language: String
            let grouping: Bool
            let count: String
            let ratio: String
            let price: String
            let plain: String
        }
        let numbers: [Number]
        let numberRenders: [NumberRender]
        enum CodingKeys: String, CodingKey {
            case cases, renders, numbers
            case numberRenders = "number_renders"
        }
        struct Case: Decodable {
            let language: String
            let text: String
            let day: String?
            let moment: String?
            let time: String?
        }
        struct Render: Decodable {
            let language: String
            let day: String
            let moment: String
            let time: String
        }
        let cases: [Case]
        let renders: [Render]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "Fixtures/localized_inputs", withExtension: "json")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func translation(_ language: String) -> Translation {
        Translations().translation(for: language, defaultLanguage: "en-us")
    }

    /// Python's `isoformat`-like text of a cleaned moment, in UTC, with microseconds.
    static func text(_ moment: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        let micros = Int((moment.timeIntervalSince1970 * 1_000_000).rounded()) % 1_000_000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d", parts.year!, parts.month!, parts.day!, parts.hour!,
            parts.minute!, parts.second!, micros)
    }

    @Test func typedTextIsReadInTheLanguagesFormats() {
        #expect(Self.fixture.cases.count == 5 * 15)
        for item in Self.fixture.cases {
            Self.translation(item.language).activate {
                let form = Dates(data: ["day": item.text, "moment": item.text, "time": item.text])
                _ = form.isValid
                let label = "\(item.language) \(item.text)"
                #expect((form["day"]?.errors.isEmpty == true ? form.day.description : nil) == item.day, "\(label)")
                #expect(
                    (form["moment"]?.errors.isEmpty == true ? Self.text(form.moment) : nil) == item.moment, "\(label)")
                #expect((form["time"]?.errors.isEmpty == true ? form.time.description : nil) == item.time, "\(label)")
            }
        }
    }

    @Test func initialValuesAreWrittenInTheLanguagesFirstFormat() throws {
        let initial: [String: any Sendable] = [
            "day": try #require(CalendarDate(year: 2026, month: 3, day: 5)),
            "moment": Date(timeIntervalSince1970: 1_772_719_629),
            "time": try #require(TimeOfDay(hour: 9, minute: 5, second: 7)),
        ]
        #expect(Self.fixture.renders.count == 5)
        for render in Self.fixture.renders {
            Self.translation(render.language).activate {
                let form = Dates(initial: initial)
                #expect(form["day"]?.html == render.day, "\(render.language)")
                #expect(form["moment"]?.html == render.moment, "\(render.language)")
                #expect(form["time"]?.html == render.time, "\(render.language)")
            }
        }
    }

    @Test func localizedNumbersAreReadWithTheLanguagesSeparators() {
        #expect(Self.fixture.numbers.count == 2 * 5 * 18)
        for item in Self.fixture.numbers {
            NumberFormat.$useThousandSeparator.withValue(item.grouping) {
                Self.translation(item.language).activate {
                    let form = Numbers(data: QueryDict(["count", "ratio", "price", "plain"].map { ($0, item.text) }))
                    _ = form.isValid
                    let label = "\(item.language)\(item.grouping ? " grouped" : "") \(item.text)"
                    func valid(_ name: String) -> Bool { form[name]?.errors.isEmpty == true }
                    #expect((valid("count") ? String(form.count) : nil) == item.count, "count \(label)")
                    #expect((valid("ratio") ? pythonRepr(form.ratio) : nil) == item.ratio, "ratio \(label)")
                    #expect(
                        (valid("price") ? form.price : nil) == item.price.flatMap { Decimal(string: $0) }, "\(label)")
                    #expect(
                        (valid("plain") ? form.plain : nil) == item.plain.flatMap { Decimal(string: $0) }, "\(label)")
                }
            }
        }
    }

    @Test func localizedNumbersAreWrittenWithTheLanguagesSeparators() {
        let initial: [String: any Sendable] = [
            "count": 1_234_567, "ratio": 1234.5, "price": Decimal(string: "1234567.5")!,
            "plain": Decimal(string: "1234567.5")!,
        ]
        #expect(Self.fixture.numberRenders.count == 10)
        for render in Self.fixture.numberRenders {
            NumberFormat.$useThousandSeparator.withValue(render.grouping) {
                Self.translation(render.language).activate {
                    let form = Numbers(initial: initial)
                    let label = "\(render.language)\(render.grouping ? " grouped" : "")"
                    #expect(form["count"]?.html == render.count, "\(label)")
                    #expect(form["ratio"]?.html == render.ratio, "\(label)")
                    #expect(form["price"]?.html == render.price, "\(label)")
                    #expect(form["plain"]?.html == render.plain, "\(label)")
                }
            }
        }
    }

    /// Through a site: with `useThousandSeparator`, a view's localized field reads German
    /// grouping, and the page writes it.
    @Test func aSitesSettingReachesTheViewsForms() async throws {
        let app = Pony()
        app.settings.languageCode = "de"
        app.settings.useThousandSeparator = true
        app.templates["price.html"] = "{{ form.price }}"
        app.post("price/") { request in
            let form = Numbers(data: try request.form)
            _ = form.isValid
            return form["price"]?.errors.isEmpty == true ? "\(form.price)" : "invalid"
        }
        app.get("price/") { request in
            try render(request, "price.html", ["form": Numbers(initial: ["price": Decimal(string: "1234567.5")!])])
        }
        let client = try TestClient(app)
        assertContains(await client.post("/price/", form: ["price": "1.234.567,5"]), "1234567.5")
        assertContains(await client.get("/price/"), #"value="1.234.567,50""#)
        let plain = try TestClient(app, environment: ["PONY_USE_THOUSAND_SEPARATOR": "0"])
        assertContains(await plain.post("/price/", form: ["price": "1.234.567,5"]), "invalid")
        assertContains(await plain.get("/price/"), #"value="1234567,50""#)
    }
}
