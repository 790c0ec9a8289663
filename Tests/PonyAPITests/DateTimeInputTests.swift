import Foundation
import PonyORM
import PonySupport
import Testing

@testable import PonyAPI

/// Date-times, dates and times are read, and refused, as pydantic 2.13 reads them for
/// django-ninja.
@Suite struct DateTimeInputTests {
    /// Every case of Fixtures/datetime_cases.json (made by datetime_cases.py with pydantic):
    /// each value read as a `datetime` (``Date``), a `date` (``CalendarDate``) and a `time`
    /// (``TimeOfDay``), giving the same moment (to the microsecond), date or time, or the same
    /// issue type, message and context.
    @Test func readsAsPydantic() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/datetime_cases", withExtension: "json"))
        guard case .array(let cases) = try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)) else {
            Issue.record("datetime_cases.json is not an array")
            return
        }
        #expect(cases.count == 444)
        for item in cases {
            guard case .object(let testCase) = item, case .string(let kind)? = testCase["kind"],
                let value = testCase["value"]
            else { continue }
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
                switch (testCase["time"], testCase["date"], testCase["clock"]) {
                case (.int(let seconds)?, _, _): String(format: "%.6f", Double(seconds))
                case (.double(let seconds)?, _, _): String(format: "%.6f", seconds)
                case (_, .string(let date)?, _): date
                case (_, _, .string(let clock)?): clock.contains(".") ? clock : clock + ".000000"
                default: nil
                }
            switch (read, expected) {
            case (.success(let got), let expected?):
                #expect(got == expected, "\(kind) \(value)")
            case (.failure(let rejection), nil):
                #expect(JSONValue.string(rejection.type) == testCase["type"], "\(kind) \(value)")
                #expect(JSONValue.string(rejection.msg) == testCase["msg"], "\(kind) \(value)")
                #expect((rejection.ctx.map(JSONValue.object) ?? .null) == testCase["ctx"], "\(kind) \(value)")
            case (.success(let got), nil):
                Issue.record("\(kind) \(value) read as \(got), which pydantic refuses: \(testCase["msg"] ?? .null)")
            case (.failure(let rejection), _):
                Issue.record("\(kind) \(value) refused (\(rejection.msg)), which pydantic reads")
            }
        }
    }
}
