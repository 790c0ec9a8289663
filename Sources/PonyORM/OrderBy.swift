/// Where an ordering puts `NULL`s (Django's `nulls_first`/`nulls_last`).
public enum NullsOrder: Sendable, Hashable {
    /// Before every value.
    case first
    /// After every value.
    case last
}

/// One term of an ordering (Django's `OrderBy`): a field as Django spells it (`"-createdAt"`,
/// `"owner__name"`, `"?"` for random), or an expression, ascending or descending, with its
/// `NULL`s first or last:
///
/// ```swift
/// Task.objects.orderBy(F("due").asc(nulls: .last), "name")
/// Owner.objects.orderBy(F.lower(F("name")).desc())
/// ```
public struct OrderBy: Sendable, Hashable, ExpressibleByStringLiteral {
    /// What is ordered by; `nil` for a random order.
    let expression: F?
    let descending: Bool
    let nulls: NullsOrder?

    /// A term as Django spells it: `"name"`, `"-name"`, `"?"`.
    public init(_ name: String) {
        if name == "?" {
            self.init(expression: nil, descending: false, nulls: nil)
        } else if name.hasPrefix("-") {
            self.init(expression: .field(String(name.dropFirst())), descending: true, nulls: nil)
        } else {
            self.init(expression: .field(name), descending: false, nulls: nil)
        }
    }

    /// A term as Django spells it: `"name"`, `"-name"`, `"?"`.
    public init(stringLiteral name: String) { self.init(name) }

    init(expression: F?, descending: Bool, nulls: NullsOrder?) {
        self.expression = expression
        self.descending = descending
        self.nulls = nulls
    }

    /// The term as Django spells it (`"-name"`, `"?"`), when it is a field with no `NULL`s
    /// placement; `nil` for an expression.
    var name: String? {
        guard nulls == nil else { return nil }
        switch expression {
        case nil: return "?"
        case .field(let path)?: return descending ? "-" + path : path
        default: return nil
        }
    }

    /// The opposite order, `NULL`s moved to the other end (Django's `reverse_ordering`).
    var reversed: OrderBy {
        guard expression != nil else { return self }
        let swapped = nulls.map { $0 == .first ? NullsOrder.last : .first }
        return OrderBy(expression: expression, descending: !descending, nulls: swapped)
    }
}

extension F {
    /// Ascending by this expression, its `NULL`s first or last when `nulls` says (Django's
    /// `F("due").asc(nulls_last=True)`).
    public func asc(nulls: NullsOrder? = nil) -> OrderBy { OrderBy(expression: self, descending: false, nulls: nulls) }
    /// Descending by this expression, its `NULL`s first or last when `nulls` says.
    public func desc(nulls: NullsOrder? = nil) -> OrderBy { OrderBy(expression: self, descending: true, nulls: nulls) }
}
