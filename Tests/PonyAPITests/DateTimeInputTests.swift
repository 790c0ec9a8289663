import Foundation
import PonySupport
import Testing

@testable import PonyAPI

/// Date-times are read, and refused, as pydantic 2.13 reads them for django-ninja.
@Suite struct DateTimeInputTests {
    /// Every value of Fixtures/datetime_cases.json (made by datetime_cases.py with pydantic):
    /// the same moment (to the microsecond), or the same issue type, message and context.
    @Test func readsAsPydantic() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/datetime_cases", withExtension: "json"))
        guard case .array(let cases) = try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)) else {
            Issue.record("datetime_cases.json is not an array")
            return
        }
        #expect(cases.count == 100)
        for item in cases {
            guard case .object(let testCase) = item, let value = testCase["value"] else { continue }
            switch (Date.lax(value), testCase["time"]) {
            case (.success(let date), let time?):
                let expected: Double =
                    switch time {
                    case .int(let whole): Double(whole)
                    case .double(let value): value
                    default: .nan
                    }
                #expect(abs(date.timeIntervalSince1970 - expected) < 1e-6, "\(value)")
            case (.failure(let rejection), nil):
                #expect(JSONValue.string(rejection.type) == testCase["type"], "\(value)")
                #expect(JSONValue.string(rejection.msg) == testCase["msg"], "\(value)")
                #expect((rejection.ctx.map(JSONValue.object) ?? .null) == testCase["ctx"], "\(value)")
            case (.success(let date), nil):
                Issue.record("\(value) read as \(date), which pydantic refuses: \(testCase["msg"] ?? .null)")
            case (.failure(let rejection), _):
                Issue.record("\(value) refused (\(rejection.msg)), which pydantic reads")
            }
        }
    }
}
