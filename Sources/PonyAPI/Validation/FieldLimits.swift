/// One field's ``Constraint``, held by reference so that every decoder of its type shares it.
///
/// NB: a `Constraint` is large (four optional JSON bounds, a pattern and its regular
/// expression). Copied out of a dictionary for every constrained member of every object, its
/// copies and their destruction were about 2.5% of the CPU time of a body of 50 small objects;
/// a reference is one retain.
final class FieldLimit: Sendable {
    let name: String
    let constraint: Constraint

    init(name: String, constraint: Constraint) {
        self.name = name
        self.constraint = constraint
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
