internal import PonySupport

extension Constraint {
    /// The first limit `text` breaks, in pydantic's words.
    func violation(of text: String) -> Rejection? {
        let length = text.unicodeScalars.count
        if let minLength, length < minLength {
            return Rejection(
                type: "string_too_short",
                msg: "String should have at least \(minLength) \(plural(minLength, "character"))",
                ctx: ["min_length": .int(Int64(minLength))])
        }
        if let maxLength, length > maxLength {
            return Rejection(
                type: "string_too_long",
                msg: "String should have at most \(maxLength) \(plural(maxLength, "character"))",
                ctx: ["max_length": .int(Int64(maxLength))])
        }
        if let pattern, !matchesPattern(text) {
            return Rejection(
                type: "string_pattern_mismatch", msg: "String should match pattern '\(pattern)'",
                ctx: ["pattern": .string(pattern)])
        }
        return nil
    }

    /// Whether `text` matches the pattern (never, when the pattern did not compile: the site
    /// does not start with one, see `api.E005`).
    private func matchesPattern(_ text: String) -> Bool {
        guard case .success(let compiled)? = compiledPattern else { return false }
        return compiled.matches(text)
    }

    /// The first limit an array of `count` items breaks.
    func violation(ofCount count: Int) -> Rejection? {
        if let minLength, count < minLength {
            return Rejection(
                type: "too_short",
                msg:
                    "List should have at least \(minLength) \(plural(minLength, "item")) after validation, not \(count)",
                ctx: ["field_type": "List", "min_length": .int(Int64(minLength)), "actual_length": .int(Int64(count))])
        }
        if let maxLength, count > maxLength {
            return Rejection(
                type: "too_long",
                msg:
                    "List should have at most \(maxLength) \(plural(maxLength, "item")) after validation, not \(count)",
                ctx: ["field_type": "List", "max_length": .int(Int64(maxLength)), "actual_length": .int(Int64(count))])
        }
        return nil
    }

    /// The first bound `number` breaks (given as JSON, so that large integers compare exactly).
    func violation(ofNumber number: JSONValue) -> Rejection? {
        // NB: straight-line checks: every constrained number of every request comes here.
        if let bound = minimum, !holds(number, bound, { $0 >= 0 }) {
            return Self.outside(bound, "greater_than_equal", "ge", "greater than or equal to")
        }
        if let bound = maximum, !holds(number, bound, { $0 <= 0 }) {
            return Self.outside(bound, "less_than_equal", "le", "less than or equal to")
        }
        if let bound = exclusiveMinimum, !holds(number, bound, { $0 > 0 }) {
            return Self.outside(bound, "greater_than", "gt", "greater than")
        }
        if let bound = exclusiveMaximum, !holds(number, bound, { $0 < 0 }) {
            return Self.outside(bound, "less_than", "lt", "less than")
        }
        return nil
    }

    /// Whether `number` compared with `bound` gives an order `test` accepts (never for NaN).
    private func holds(_ number: JSONValue, _ bound: JSONValue, _ test: (Int) -> Bool) -> Bool {
        compare(number, bound).map(test) ?? false
    }

    /// pydantic's issue for a number outside `bound`.
    private static func outside(_ bound: JSONValue, _ type: String, _ key: String, _ words: String) -> Rejection {
        Rejection(type: type, msg: "Input should be \(words) \(bound.pythonJSON)", ctx: [key: bound])
    }

    /// -1, 0 or 1 as `lhs` is below, at or above `rhs`; `nil` (no bound holds) for NaN.
    private func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int? {
        if case .int(let left) = lhs, case .int(let right) = rhs { return left < right ? -1 : left == right ? 0 : 1 }
        guard let left = lhs.numberValue, let right = rhs.numberValue, !left.isNaN else { return nil }
        return left < right ? -1 : left == right ? 0 : 1
    }

    private func plural(_ count: Int, _ noun: String) -> String { count == 1 ? noun : noun + "s" }
}

extension JSONValue {
    /// The number as a `Double`, if this is a number.
    var numberValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
