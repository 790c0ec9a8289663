public import PonySupport

/// The right-hand side of a lookup.
@frozen
public enum LookupValue: Sendable, Hashable {
    /// One value.
    case value(DatabaseValue)
    /// Values for `in`.
    case list([DatabaseValue])
    /// Bounds for `range` (inclusive).
    case range(DatabaseValue, DatabaseValue)
    /// Another column or arithmetic on columns (``F``).
    case expression(F)
    /// A JSON value, for the lookups of a `JSONField` and its keys: `true`, `null`, a list or
    /// an object, which a ``DatabaseValue`` cannot tell apart from a number or a text.
    case json(JSONValue)
}

/// A filter condition, combined with `&`, `|` and `~` as Django's `Q` objects are:
/// `Q("name__icontains", "milk") | ~Q("completed", true)`.
public indirect enum Q: Sendable, Hashable {
    /// A Django lookup path (`owner__name__iexact`) and its value.
    case lookup(String, LookupValue)
    /// All of these.
    case and([Q])
    /// Any of these.
    case or([Q])
    /// Not this.
    case not(Q)
    /// Whether the subquery has a row (Django's `Exists`): ``exists(_:)``.
    case exists(Subquery)

    /// `lookup` compared with `value`.
    public init<V: ModelValue>(_ lookup: String, _ value: V) { self = .lookup(lookup, .value(value.databaseValue)) }
    /// `lookup` compared with a stored value.
    public init(_ lookup: String, _ value: DatabaseValue) { self = .lookup(lookup, .value(value)) }
    /// `lookup__in` with `values`.
    public init<V: ModelValue>(_ lookup: String, _ values: [V]) {
        self = .lookup(lookup, .list(values.map(\.databaseValue)))
    }
    /// `lookup__range` with `range`.
    public init<V: ModelValue & Comparable>(_ lookup: String, _ range: ClosedRange<V>) {
        self = .lookup(lookup, .range(range.lowerBound.databaseValue, range.upperBound.databaseValue))
    }
    /// `lookup` compared with another column: `Q("views__gt", F("likes"))`.
    public init(_ lookup: String, _ expression: F) { self = .lookup(lookup, .expression(expression)) }
    /// `lookup` on a `JSONField` or one of its keys compared with a JSON value, as Django
    /// compares a Python value: `Q("data__active", json: true)`, `Q("data__note", json: nil)`
    /// (a JSON `null`), `Q("data__contains", json: ["tags": ["new"]])`. A number or a text
    /// given without `json:` is the same JSON number or string.
    public init(_ lookup: String, json value: JSONValue) { self = .lookup(lookup, .json(value)) }

    /// Both conditions.
    public static func & (lhs: Q, rhs: Q) -> Q {
        if case .and(let left) = lhs { return .and(left + [rhs]) }
        return .and([lhs, rhs])
    }
    /// Either condition.
    public static func | (lhs: Q, rhs: Q) -> Q {
        if case .or(let left) = lhs { return .or(left + [rhs]) }
        return .or([lhs, rhs])
    }
    /// The opposite condition.
    public static prefix func ~ (condition: Q) -> Q { .not(condition) }
}

/// A column or arithmetic on columns, evaluated by the database: `F("views") + 1`.
public indirect enum F: Sendable, Hashable {
    /// A field by lookup path (`views`, `owner__score`).
    case field(String)
    /// A constant.
    case value(DatabaseValue)
    /// Arithmetic.
    case operation(F, ArithmeticOperator, F)
    /// A database function of expressions: ``lower(_:)``, ``concat(_:_:_:)``, ``coalesce(_:_:_:)``, ….
    case function(DatabaseFunction, [F])
    /// The result of the first condition that holds, else `otherwise` (`NULL` when `nil`): ``case(_:default:)``.
    case conditional([When], otherwise: F?)
    /// A part of a date, datetime or time as a number, numbered as Django numbers it (Django's
    /// `ExtractYear`, `ExtractWeekDay`, `ExtractHour`, …); a datetime's part of its wall-clock
    /// time in `ORM.timeZone`: `Book.objects.annotate(["year": .extract(.year, F("published"))])`.
    case extract(DateComponent, F)
    /// A date, datetime or time truncated to the start of its year, quarter, …, second (Django's
    /// `TruncYear` … `TruncSecond`), of the same type; a datetime truncated in `ORM.timeZone`.
    /// `.date` and `.time` are a datetime's day and time of day there (`TruncDate`, `TruncTime`):
    /// `Book.objects.annotate(["month": .trunc(.month, F("published"))])`.
    case trunc(TruncKind, F)
    /// The field `path` of the outer query's row, inside a subquery (Django's `OuterRef`):
    /// `Comment.objects.filter("post", F.outer("pk"))`.
    case outer(String)
    /// The one value a subquery selects (Django's `Subquery`): ``subquery(_:_:)``.
    case subquery(Subquery)
    /// The expression converted to another type of field (Django's `Cast`):
    /// `.cast(F("price"), as: .float)`.
    case cast(F, FieldType)
    /// A window function over the row's partition (Django's `Window`):
    /// ``window(_:partitionBy:orderBy:frame:)``.
    case windowed(Window)
    /// PostgreSQL's full-text search (Django's `SearchVector`, `SearchQuery`, `SearchRank`):
    /// ``searchVector(_:config:weight:)``, ``searchRank(_:_:weights:normalization:coverDensity:)``.
    case textSearch(TextSearch)

    /// The field `name`.
    public init(_ name: String) { self = .field(name) }

    public static func + (lhs: F, rhs: F) -> F { .operation(lhs, .add, rhs) }
    public static func - (lhs: F, rhs: F) -> F { .operation(lhs, .subtract, rhs) }
    public static func * (lhs: F, rhs: F) -> F { .operation(lhs, .multiply, rhs) }
    public static func / (lhs: F, rhs: F) -> F { .operation(lhs, .divide, rhs) }
    public static func + <V: ModelValue>(lhs: F, rhs: V) -> F { .operation(lhs, .add, .value(rhs.databaseValue)) }
    public static func - <V: ModelValue>(lhs: F, rhs: V) -> F { .operation(lhs, .subtract, .value(rhs.databaseValue)) }
    public static func * <V: ModelValue>(lhs: F, rhs: V) -> F { .operation(lhs, .multiply, .value(rhs.databaseValue)) }
    public static func / <V: ModelValue>(lhs: F, rhs: V) -> F { .operation(lhs, .divide, .value(rhs.databaseValue)) }
}

/// A typed lookup on a field of type `V`, checked by the compiler:
/// `Task.objects.filter(\.name, .icontains("milk"))`.
public struct Lookup<V: ModelValue>: Sendable {
    let name: String
    let value: LookupValue

    public static func exact(_ value: V) -> Lookup { Lookup(name: "exact", value: .value(value.databaseValue)) }
    public static func `in`(_ values: [V]) -> Lookup { Lookup(name: "in", value: .list(values.map(\.databaseValue))) }
    public static func gt(_ value: V) -> Lookup { Lookup(name: "gt", value: .value(value.databaseValue)) }
    public static func gte(_ value: V) -> Lookup { Lookup(name: "gte", value: .value(value.databaseValue)) }
    public static func lt(_ value: V) -> Lookup { Lookup(name: "lt", value: .value(value.databaseValue)) }
    public static func lte(_ value: V) -> Lookup { Lookup(name: "lte", value: .value(value.databaseValue)) }
    public static func range(_ range: ClosedRange<V>) -> Lookup where V: Comparable {
        Lookup(name: "range", value: .range(range.lowerBound.databaseValue, range.upperBound.databaseValue))
    }
    public static func isNull(_ isNull: Bool) -> Lookup {
        Lookup(name: "isnull", value: .value(.integer(isNull ? 1 : 0)))
    }
}

/// The types the text lookups take: `String`, and `String?` for a field that may be `NULL`
/// (which no pattern matches, as in SQL).
public protocol TextLookupValue: ModelValue {}
extension String: TextLookupValue {}
extension Optional: TextLookupValue where Wrapped == String {}

extension Lookup where V: TextLookupValue {
    /// Equal, ignoring case (Django's `iexact`).
    public static func iexact(_ value: String) -> Lookup { Lookup(name: "iexact", value: .value(.text(value))) }
    /// Contains the text (`contains`; case-sensitive on PostgreSQL, not for ASCII on SQLite).
    public static func contains(_ value: String) -> Lookup { Lookup(name: "contains", value: .value(.text(value))) }
    /// Contains the text, ignoring case (`icontains`).
    public static func icontains(_ value: String) -> Lookup { Lookup(name: "icontains", value: .value(.text(value))) }
    /// Starts with the text (`startswith`).
    public static func startswith(_ value: String) -> Lookup { Lookup(name: "startswith", value: .value(.text(value))) }
    /// Starts with the text, ignoring case (`istartswith`).
    public static func istartswith(_ value: String) -> Lookup {
        Lookup(name: "istartswith", value: .value(.text(value)))
    }
    /// Ends with the text (`endswith`).
    public static func endswith(_ value: String) -> Lookup { Lookup(name: "endswith", value: .value(.text(value))) }
    /// Ends with the text, ignoring case (`iendswith`).
    public static func iendswith(_ value: String) -> Lookup { Lookup(name: "iendswith", value: .value(.text(value))) }
    /// Matches the regular expression (`regex`).
    public static func regex(_ pattern: String) -> Lookup { Lookup(name: "regex", value: .value(.text(pattern))) }
    /// Matches the regular expression, ignoring case (`iregex`).
    public static func iregex(_ pattern: String) -> Lookup { Lookup(name: "iregex", value: .value(.text(pattern))) }
    /// Full-text search, on PostgreSQL (Django's `field__search`): the words of `text`, all of
    /// them, in any form the configuration counts as the same (`cheeses` finds `cheese`).
    public static func search(_ text: String) -> Lookup { Lookup(name: "search", value: .value(.text(text))) }
    /// Full-text search for a ``SearchQuery``.
    public static func search(_ query: SearchQuery) -> Lookup {
        Lookup(name: "search", value: .expression(.textSearch(.query(query))))
    }
}

/// A typed condition: `\Task.completed == false`.
public struct FieldCondition<M: Model>: Sendable {
    let keyPath: any AnyKeyPath & Sendable
    let lookup: String
    let value: LookupValue
}

public func == <M: Model, V: ModelValue>(lhs: any KeyPath<M, V> & Sendable, rhs: V) -> FieldCondition<M> {
    FieldCondition(keyPath: lhs, lookup: "exact", value: .value(rhs.databaseValue))
}
public func != <M: Model, V: ModelValue>(lhs: any KeyPath<M, V> & Sendable, rhs: V) -> FieldCondition<M> {
    FieldCondition(keyPath: lhs, lookup: "ne", value: .value(rhs.databaseValue))
}
public func < <M: Model, V: ModelValue & Comparable>(lhs: any KeyPath<M, V> & Sendable, rhs: V) -> FieldCondition<M> {
    FieldCondition(keyPath: lhs, lookup: "lt", value: .value(rhs.databaseValue))
}
public func <= <M: Model, V: ModelValue & Comparable>(lhs: any KeyPath<M, V> & Sendable, rhs: V) -> FieldCondition<M> {
    FieldCondition(keyPath: lhs, lookup: "lte", value: .value(rhs.databaseValue))
}
public func > <M: Model, V: ModelValue & Comparable>(lhs: any KeyPath<M, V> & Sendable, rhs: V) -> FieldCondition<M> {
    FieldCondition(keyPath: lhs, lookup: "gt", value: .value(rhs.databaseValue))
}
public func >= <M: Model, V: ModelValue & Comparable>(lhs: any KeyPath<M, V> & Sendable, rhs: V) -> FieldCondition<M> {
    FieldCondition(keyPath: lhs, lookup: "gte", value: .value(rhs.databaseValue))
}
