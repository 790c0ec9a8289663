import Foundation
import Pony
import PonySupport
import Testing

/// Date, date-and-time and time fields read and write the current language's input formats
/// (`DATE_INPUT_FORMATS`, …, with ISO always accepted), as Django 5.2's do in five languages
/// (Fixtures/localized_inputs.json, by Fixtures/generate_localized_inputs.py).
@Suite struct LocalizedInputTests {
    final class Dates: Form {
        @DateField var day: CalendarDate
        @DateTimeField var moment: Date
        @TimeField var time: TimeOfDay
    }

    struct Fixture: Decodable {
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
}
