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
    /// A regular expression the string must match somewhere (`re.search`, as pydantic).
    public private(set) var pattern: String?
    /// `pattern` compiled, or what is wrong with it.
    private(set) var compiledPattern: Result<Pattern, PatternError>?

    /// No limit.
    public init() { compiledPattern = nil }

    /// All the limits of `elements` together.
    public init(arrayLiteral elements: Constraint...) {
        self.init()
        for element in elements { self = merging(element) }
    }

    /// Between `range.lowerBound` and `range.upperBound` characters (or items).
    public static func length(_ range: ClosedRange<Int>) -> Constraint {
        with {
            $0.minLength = range.lowerBound
            $0.maxLength = range.upperBound
        }
    }

    /// At least `count` characters (or items).
    public static func minLength(_ count: Int) -> Constraint {
        with { $0.minLength = count }
    }

    /// At most `count` characters (or items).
    public static func maxLength(_ count: Int) -> Constraint {
        with { $0.maxLength = count }
    }

    /// A whole number in `range` (`ge` and `le`).
    public static func range(_ range: ClosedRange<Int>) -> Constraint {
        with {
            $0.minimum = .int(Int64(range.lowerBound))
            $0.maximum = .int(Int64(range.upperBound))
        }
    }

    /// A number in `range` (`ge` and `le`).
    public static func range(_ range: ClosedRange<Double>) -> Constraint {
        with {
            $0.minimum = .double(range.lowerBound)
            $0.maximum = .double(range.upperBound)
        }
    }

    /// At least `bound` (`ge`).
    public static func minimum(_ bound: Double) -> Constraint {
        with { $0.minimum = number(bound) }
    }

    /// At most `bound` (`le`).
    public static func maximum(_ bound: Double) -> Constraint {
        with { $0.maximum = number(bound) }
    }

    /// More than `bound` (`gt`).
    public static func greaterThan(_ bound: Double) -> Constraint {
        with { $0.exclusiveMinimum = number(bound) }
    }

    /// Less than `bound` (`lt`).
    public static func lessThan(_ bound: Double) -> Constraint {
        with { $0.exclusiveMaximum = number(bound) }
    }

    /// Text matching the regular expression `pattern` somewhere: write `^…$` for the whole
    /// string.
    ///
    /// The syntax is that of Rust's `regex` crate, which pydantic uses, and so is the promise:
    /// a string is searched in time linear in its length, whatever the pattern, so a request
    /// cannot stall the server with a string made to backtrack. As in pydantic, look-around
    /// and backreferences are not supported. `$` matches at the very end only (`\n` after it
    /// does not match), `\d`, `\w` and `\s` are Unicode classes, and `(?i)` compares simple
    /// case mappings. A pattern that is invalid or not supported stops the site at start
    /// (`api.E005`), saying why.
    public static func pattern(_ pattern: String) -> Constraint {
        Constraint(pattern: pattern, compiled: Result { () throws(PatternError) in try Pattern(pattern) })
    }

    /// A constraint with `change` applied to no limits.
    private static func with(_ change: (inout Constraint) -> Void) -> Constraint {
        var constraint = Constraint()
        change(&constraint)
        return constraint
    }

    private init(pattern: String, compiled: Result<Pattern, PatternError>) {
        self.pattern = pattern
        compiledPattern = compiled
    }

    private static func number(_ value: Double) -> JSONValue {
        if let whole = Int64(exactly: value) { return .int(whole) }
        return .double(value)
    }

    private func merging(_ other: Constraint) -> Constraint {
        var merged = self
        if let pattern = other.pattern {
            merged.pattern = pattern
            merged.compiledPattern = other.compiledPattern
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
    /// The limits of each field, by its coding key (the JSON name). Read once per type, the
    /// first time a request needs it: declare it with `static let`.
    static var constraints: [String: Constraint] { get }
}
