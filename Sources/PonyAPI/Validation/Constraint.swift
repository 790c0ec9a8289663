internal import Foundation
public import PonySupport

/// Limits on one field of an API input type, checked on every request and written into the
/// OpenAPI schema (pydantic's `Field(min_length=…, ge=…, pattern=…)`).
///
/// ```swift
/// struct TodoIn: Decodable, Sendable, Constrained {
///     var title: String
///     var priority: Int
///     static let constraints: [String: Constraint] = [
///         "title": .length(1...100),
///         "priority": .range(1...5),
///     ]
/// }
/// ```
public struct Constraint: Sendable, ExpressibleByArrayLiteral {
    /// Fewest characters (Unicode scalars, as Python counts) or array items.
    public var minLength: Int?
    /// Most characters or array items.
    public var maxLength: Int?
    /// `≥` bound (pydantic's `ge`).
    public var minimum: JSONValue?
    /// `≤` bound (`le`).
    public var maximum: JSONValue?
    /// `>` bound (`gt`).
    public var exclusiveMinimum: JSONValue?
    /// `<` bound (`lt`).
    public var exclusiveMaximum: JSONValue?
    /// A regular expression the whole string must match somewhere (`re.search`, as pydantic).
    public private(set) var pattern: String?
    private(set) var regex: NSRegularExpression?

    /// No limit.
    public init() { regex = nil }

    /// All the limits of `elements` together.
    public init(arrayLiteral elements: Constraint...) {
        self.init()
        for element in elements { self = merging(element) }
    }

    /// Between `range.lowerBound` and `range.upperBound` characters (or items).
    public static func length(_ range: ClosedRange<Int>) -> Constraint {
        var constraint = Constraint()
        constraint.minLength = range.lowerBound
        constraint.maxLength = range.upperBound
        return constraint
    }

    /// At least `count` characters (or items).
    public static func minLength(_ count: Int) -> Constraint {
        var constraint = Constraint()
        constraint.minLength = count
        return constraint
    }

    /// At most `count` characters (or items).
    public static func maxLength(_ count: Int) -> Constraint {
        var constraint = Constraint()
        constraint.maxLength = count
        return constraint
    }

    /// A whole number in `range` (`ge` and `le`).
    public static func range(_ range: ClosedRange<Int>) -> Constraint {
        var constraint = Constraint()
        constraint.minimum = .int(Int64(range.lowerBound))
        constraint.maximum = .int(Int64(range.upperBound))
        return constraint
    }

    /// A number in `range` (`ge` and `le`).
    public static func range(_ range: ClosedRange<Double>) -> Constraint {
        var constraint = Constraint()
        constraint.minimum = .double(range.lowerBound)
        constraint.maximum = .double(range.upperBound)
        return constraint
    }

    /// At least `bound` (`ge`).
    public static func minimum(_ bound: Double) -> Constraint {
        var constraint = Constraint()
        constraint.minimum = number(bound)
        return constraint
    }

    /// At most `bound` (`le`).
    public static func maximum(_ bound: Double) -> Constraint {
        var constraint = Constraint()
        constraint.maximum = number(bound)
        return constraint
    }

    /// More than `bound` (`gt`).
    public static func greaterThan(_ bound: Double) -> Constraint {
        var constraint = Constraint()
        constraint.exclusiveMinimum = number(bound)
        return constraint
    }

    /// Less than `bound` (`lt`).
    public static func lessThan(_ bound: Double) -> Constraint {
        var constraint = Constraint()
        constraint.exclusiveMaximum = number(bound)
        return constraint
    }

    /// Text matching the regular expression `pattern` (ICU syntax; searched, not anchored, so
    /// write `^…$` for the whole string). An invalid pattern is reported when the API starts.
    public static func pattern(_ pattern: String) -> Constraint {
        Constraint(pattern: pattern, regex: try? NSRegularExpression(pattern: pattern))
    }

    private init(pattern: String, regex: NSRegularExpression?) {
        self.pattern = pattern
        self.regex = regex
    }

    private static func number(_ value: Double) -> JSONValue {
        if let whole = Int64(exactly: value) { return .int(whole) }
        return .double(value)
    }

    private func merging(_ other: Constraint) -> Constraint {
        var merged = self
        if let pattern = other.pattern {
            merged.pattern = pattern
            merged.regex = other.regex
        }
        merged.minLength = other.minLength ?? minLength
        merged.maxLength = other.maxLength ?? maxLength
        merged.minimum = other.minimum ?? minimum
        merged.maximum = other.maximum ?? maximum
        merged.exclusiveMinimum = other.exclusiveMinimum ?? exclusiveMinimum
        merged.exclusiveMaximum = other.exclusiveMaximum ?? exclusiveMaximum
        return merged
    }

    /// The JSON Schema keywords for these limits, added to `schema`.
    func apply(to schema: inout JSONObject, isArray: Bool) {
        if let minLength { schema[isArray ? "minItems" : "minLength"] = .int(Int64(minLength)) }
        if let maxLength { schema[isArray ? "maxItems" : "maxLength"] = .int(Int64(maxLength)) }
        if let minimum { schema["minimum"] = minimum }
        if let maximum { schema["maximum"] = maximum }
        if let exclusiveMinimum { schema["exclusiveMinimum"] = exclusiveMinimum }
        if let exclusiveMaximum { schema["exclusiveMaximum"] = exclusiveMaximum }
        if let pattern { schema["pattern"] = .string(pattern) }
    }
}

/// An API input type whose fields have ``Constraint``s, by coding key.
///
/// A key that names no field of the type is reported when the API starts.
public protocol Constrained {
    /// The limits of each field, by its coding key (the JSON name).
    static var constraints: [String: Constraint] { get }
}
