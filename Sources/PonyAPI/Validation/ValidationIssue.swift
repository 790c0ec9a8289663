public import PonySupport
public import PonyWeb

/// One reason a request's input was refused, in the shape django-ninja (pydantic) reports:
/// `{"type": "missing", "loc": ["body", "title"], "msg": "Field required"}`.
public struct ValidationIssue: Sendable, Hashable {
    /// pydantic's error type (`missing`, `string_too_short`, `int_parsing`, …).
    public var type: String
    /// Where: `"path"`, `"query"` or `"body"`, then keys and array indices.
    public var loc: [JSONValue]
    /// A sentence for people.
    public var msg: String
    /// The constraint that failed, such as `["max_length": 10]`.
    public var ctx: JSONObject?

    /// An issue at `loc`.
    public init(type: String, loc: [JSONValue], msg: String, ctx: JSONObject? = nil) {
        self.type = type
        self.loc = loc
        self.msg = msg
        self.ctx = ctx
    }

    /// The issue as JSON, keys in ninja's order.
    public var json: JSONValue {
        var object: JSONObject = ["type": .string(type), "loc": .array(loc), "msg": .string(msg)]
        if let ctx { object["ctx"] = .object(ctx) }
        return .object(object)
    }
}

/// The input failed validation: 422 with every failing field, as django-ninja answers.
///
/// ```json
/// {"detail": [{"type": "string_too_long", "loc": ["body", "title"],
///              "msg": "String should have at most 10 characters", "ctx": {"max_length": 10}}]}
/// ```
///
/// A view may throw one itself for checks its types cannot declare.
public struct RequestValidationError: HTTPResponseError, Sendable {
    /// Every issue found, in the order the fields were read.
    public var issues: [ValidationIssue]

    /// An error for `issues`.
    public init(_ issues: [ValidationIssue]) { self.issues = issues }

    /// 422 Unprocessable Content.
    public var status: HTTPStatus { 422 }

    /// The issues, one per line.
    public var message: String {
        issues.map { "\($0.loc.map(locationText).joined(separator: ".")): \($0.msg)" }.joined(separator: "\n")
    }

    /// `{"detail": [...]}`.
    public var json: JSONValue { ["detail": .array(issues.map(\.json))] }
}

/// `title` for a key, `0` for an index.
func locationText(_ part: JSONValue) -> String {
    switch part {
    case .string(let key): key
    case .int(let index): String(index)
    default: part.pythonJSON
    }
}
