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
        let answers = try PydanticAnswers("scalar_cases")
        #expect(answers.cases.count == 498)
        for (kind, value, answer) in answers.cases {
            let read: Result<String, Rejection>
            switch kind {
            case "int": read = Int.lax(value).map { String($0) }
            case "float": read = Double.lax(value).map { $0.isNaN ? "nan" : Self.python($0) }
            case "bool": read = Bool.lax(value).map { $0 ? "True" : "False" }
            case "str": read = String.lax(value)
            case "uuid": read = UUID.lax(value).map { $0.uuidString.lowercased() }
            default: read = Decimal.lax(value).map { "\($0)" }
            }
            let expected: String? = if case .string(let result)? = answer["result"] { result } else { nil }
            if case .failure(let rejection) = read, kind == "int", rejection.type == "int_parsing_size", expected != nil
            {
                continue
            }
            PydanticAnswers.check(read, expected: expected, answer: answer, "\(kind) \(value)") {
                kind == "decimal" ? Decimal(string: $0) == Decimal(string: $1) : $0 == $1
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
