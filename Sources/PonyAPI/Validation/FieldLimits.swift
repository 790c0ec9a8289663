internal import PonySupport

/// One field's ``Constraint``, held by reference so that every decoder of its type shares it,
/// with its bounds and lengths as plain numbers for the checks every value of the field takes.
///
/// NB: a `Constraint` is large (four optional JSON bounds, a pattern and its regular
/// expression). Copied out of a dictionary for every constrained member of every object, its
/// copies and their destruction were about 2.5% of the CPU time of a body of 50 small objects;
/// a reference is one retain. Checked through the `Constraint`, a number copied it again and
/// each of its JSON bounds: 9% of the same body, whose every object has a limited integer. The
/// `Constraint` now only words the issue of a value that breaks a limit.
final class FieldLimit: Sendable {
    let name: String
    let constraint: Constraint
    private let minLength: Int?
    private let maxLength: Int?
    private let hasPattern: Bool
    private let bounds: [NumberBound]

    init(name: String, constraint: Constraint) {
        self.name = name
        self.constraint = constraint
        minLength = constraint.minLength
        maxLength = constraint.maxLength
        hasPattern = constraint.pattern != nil
        bounds = [
            constraint.minimum.flatMap { NumberBound($0, accepts: { $0 >= 0 }) },
            constraint.maximum.flatMap { NumberBound($0, accepts: { $0 <= 0 }) },
            constraint.exclusiveMinimum.flatMap { NumberBound($0, accepts: { $0 > 0 }) },
            constraint.exclusiveMaximum.flatMap { NumberBound($0, accepts: { $0 < 0 }) },
        ].compactMap { $0 }
    }

    /// The first limit `text` breaks, in pydantic's words.
    func violation(ofText text: String) -> Rejection? {
        if !hasPattern, minLength == nil, maxLength == nil { return nil }
        if !hasPattern {
            let length = text.unicodeScalars.count
            if length >= minLength ?? 0, length <= maxLength ?? .max { return nil }
        }
        return constraint.violation(of: text)
    }

    /// The first bound `number` (an integer or a float) breaks, in pydantic's words.
    func violation(ofNumber number: JSONValue) -> Rejection? {
        allows(number) ? nil : constraint.violation(ofNumber: number)
    }

    /// Whether `number` is within every bound.
    func allows(_ number: JSONValue) -> Bool {
        switch number {
        case .int(let whole): bounds.allSatisfy { $0.holds(whole) }
        case .double(let value): bounds.allSatisfy { $0.holds(value) }
        default: bounds.isEmpty
        }
    }
}

/// A bound of a ``Constraint`` as a plain number: compared as ``Constraint`` compares (integers
/// exactly, anything else as `Double`; NaN breaks every bound).
private struct NumberBound: Sendable {
    let whole: Int64?
    let value: Double
    /// Whether a number whose order against the bound is -1, 0 or 1 is within it.
    let accepts: @Sendable (Int) -> Bool

    init?(_ bound: JSONValue, accepts: @escaping @Sendable (Int) -> Bool) {
        switch bound {
        case .int(let whole): (self.whole, value) = (whole, Double(whole))
        case .double(let value): (whole, self.value) = (nil, value)
        default: return nil
        }
        self.accepts = accepts
    }

    func holds(_ number: Int64) -> Bool {
        guard let whole else { return holds(Double(number)) }
        return accepts(number < whole ? -1 : number == whole ? 0 : 1)
    }

    func holds(_ number: Double) -> Bool {
        guard !number.isNaN else { return false }
        return accepts(number < value ? -1 : number == value ? 0 : 1)
    }
}

/// The limits of a type's fields (its ``Constrained/constraints``), found by name.
struct FieldLimits: Sendable {
    private let limits: [FieldLimit]

    /// No limits.
    init() { limits = [] }

    init(_ constraints: [String: Constraint]) {
        limits = constraints.map { FieldLimit(name: $0.key, constraint: $0.value) }
    }

    /// The limit of the field `name`, if it has one.
    ///
    /// NB: found by comparing names, not by hashing: a type has a few limits, and every member
    /// of every object is looked up here.
    func limit(for name: String) -> FieldLimit? {
        for limit in limits where limit.name == name { return limit }
        return nil
    }
}
