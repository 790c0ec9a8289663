import Foundation
import PonySupport
import Testing

@testable import PonyAPI

/// The answers of a fixture made with pydantic (scalar_cases.json, datetime_cases.json): for
/// each `kind` of field and JSON `value`, what pydantic read, or the issue it reported.
struct PydanticAnswers {
    /// One answer: the `kind`, the `value`, and either the reading or `type`, `msg`, `ctx`.
    let cases: [(kind: String, value: JSONValue, answer: JSONObject)]

    /// The answers in `Fixtures/<name>.json`.
    init(_ name: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json"))
        guard case .array(let items) = try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        cases = items.compactMap { item in
            guard case .object(let answer) = item, case .string(let kind)? = answer["kind"], let value = answer["value"]
            else { return nil }
            return (kind, value, answer)
        }
    }

    /// Checks Pony's `read` of one case against pydantic's `answer`: the same reading
    /// (`expected`, compared by `same`), or the same issue type, message and context.
    static func check(
        _ read: Result<String, Rejection>, expected: String?, answer: JSONObject, _ label: String,
        same: (String, String) -> Bool = (==)
    ) {
        switch (read, expected) {
        case (.success(let got), let expected?):
            #expect(same(got, expected), "\(label): \(got), pydantic \(expected)")
        case (.failure(let rejection), nil):
            #expect(JSONValue.string(rejection.type) == answer["type"], "\(label)")
            #expect(JSONValue.string(rejection.msg) == answer["msg"], "\(label)")
            #expect((rejection.ctx.map(JSONValue.object) ?? .null) == answer["ctx"], "\(label)")
        case (.success(let got), nil):
            Issue.record("\(label) read as \(got), which pydantic refuses: \(answer["msg"] ?? .null)")
        case (.failure(let rejection), let expected?):
            Issue.record("\(label) refused (\(rejection.msg)), which pydantic reads as \(expected)")
        }
    }
}
