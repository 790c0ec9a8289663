import Foundation
import PonySupport
import Testing

@testable import PonyAPI

/// Numbers, booleans, text and UUIDs are read, and refused, as pydantic 2.13 reads them for
/// django-ninja.
@Suite struct ScalarInputTests {
    /// Every case of Fixtures/scalar_cases.json (made by scalar_cases.py with pydantic): each
    /// value read as an `int` (``Int``), a `float` (``Double``), a `bool`, a `str`, a `UUID`
    /// and a `Decimal`, giving the same value or the same issue type, message and context. An integer
    /// past 64 bits, which Python holds and ``Int`` cannot, is the one place Pony refuses
    /// what pydantic reads.
    @Test func readsAsPydantic() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/scalar_cases", withExtension: "json"))
        guard case .array(let cases) = try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)) else {
            Issue.record("scalar_cases.json is not an array")
            return
        }
        #expect(cases.count == 498)
        for item in cases {
            guard case .object(let testCase) = item, case .string(let kind)? = testCase["kind"],
                let value = testCase["value"]
            else { continue }
            let read: Result<String, Rejection>
            switch kind {
            case "int": read = Int.lax(value).map { String($0) }
            case "float": read = Double.lax(value).map { $0.isNaN ? "nan" : Self.python($0) }
            case "bool": read = Bool.lax(value).map { $0 ? "True" : "False" }
            case "str": read = String.lax(value)
            case "uuid": read = UUID.lax(value).map { $0.uuidString.lowercased() }
            default: read = Decimal.lax(value).map { "\($0)" }
            }
            switch (read, testCase["result"]) {
            case (.success(let got), .string(let expected)?) where kind == "decimal":
                #expect(Decimal(string: got) == Decimal(string: expected), "\(kind) \(value): \(got)")
            case (.success(let got), .string(let expected)?):
                #expect(got == expected, "\(kind) \(value)")
            case (.failure(let rejection), nil):
                #expect(JSONValue.string(rejection.type) == testCase["type"], "\(kind) \(value)")
                #expect(JSONValue.string(rejection.msg) == testCase["msg"], "\(kind) \(value)")
                #expect((rejection.ctx.map(JSONValue.object) ?? .null) == testCase["ctx"], "\(kind) \(value)")
            case (.success(let got), _):
                Issue.record("\(kind) \(value) read as \(got), which pydantic refuses: \(testCase["msg"] ?? .null)")
            case (.failure(let rejection), let expected):
                guard !(kind == "int" && rejection.type == "int_parsing_size") else { continue }
                Issue.record(
                    "\(kind) \(value) refused (\(rejection.msg)), which pydantic reads as \(expected ?? .null)")
            }
        }
    }

    /// `value` as Python's `repr` writes a float.
    static func python(_ value: Double) -> String {
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e16 { return String(format: "%.1f", value) }
        return "\(value)"
    }
}
