import Foundation
import PonyORM
import PonySupport
import Testing

@testable import PonyAPI

/// Date-times are read, and refused, as pydantic 2.13 reads them for django-ninja; dates and
/// times as its strict mode reads JSON, which takes what the OpenAPI document describes.
@Suite struct DateTimeInputTests {
    /// Every case of Fixtures/datetime_cases.json (made by datetime_cases.py with pydantic):
    /// each value read as a `datetime` (``Date``, lax), a `date` (``CalendarDate``, strict) and
    /// a `time` (``TimeOfDay``, strict), giving the same moment (to the microsecond), date or
    /// time, or the same
    /// issue type, message and context.
    @Test func readsAsPydantic() throws {
        let answers = try PydanticAnswers("datetime_cases")
        #expect(answers.cases.count == 444)
        for (kind, value, answer) in answers.cases {
            let read: Result<String, Rejection>
            switch kind {
            case "datetime": read = Date.lax(value).map { String(format: "%.6f", $0.timeIntervalSince1970) }
            case "date": read = CalendarDate.lax(value).map(\.description)
            default:
                read = TimeOfDay.lax(value).map {
                    String(format: "%02d:%02d:%02d.%06d", $0.hour, $0.minute, $0.second, $0.microsecond)
                }
            }
            let expected: String? =
                switch (answer["time"], answer["date"], answer["clock"]) {
                case (.int(let seconds)?, _, _): String(format: "%.6f", Double(seconds))
                case (.double(let seconds)?, _, _): String(format: "%.6f", seconds)
                case (_, .string(let date)?, _): date
                case (_, _, .string(let clock)?): clock.contains(".") ? clock : clock + ".000000"
                default: nil
                }
            // NB: pydantic's strict mode still reads a Unix time written as text ("86400") as a
            // date; Pony does not, since the OpenAPI document (`format: date`) does not allow it.
            if kind == "date", case .string(let text) = value, TemporalText.number(Array(text.utf8)) != nil {
                #expect(throws: Rejection.self) { try read.get() }
                continue
            }
            PydanticAnswers.check(read, expected: expected, answer: answer, "\(kind) \(value)")
        }
    }
}
