/// The direction of a typed ordering.
public enum SortOrder: Sendable, Hashable {
    /// Smallest first.
    case ascending
    /// Largest first.
    case descending
}

/// Typed queries: key paths instead of lookup strings, checked by the compiler, also across
/// a foreign key (`\.owner.name`). The string lookups stay for what arrives as text (admin
/// filters, query parameters).
extension QuerySet {
    /// Rows matching a typed lookup on a field of a foreign key's target:
    /// `Task.objects.filter(\.owner.name, .iexact("ann"))`.
    public func filter<V: ModelValue>(_ field: KeyPath<M, RelatedField<V>>, _ lookup: Lookup<V>) -> QuerySet {
        filter(.lookup(fieldName(field) + "__" + lookup.name, lookup.value))
    }

    /// Rows matching a typed lookup through an optional foreign key:
    /// `Note.objects.filter(\.reviewer?.name, .exact("Bob"))` (rows without one do not match).
    public func filter<V: ModelValue>(_ field: KeyPath<M, RelatedField<V>?>, _ lookup: Lookup<V>) -> QuerySet {
        filter(.lookup(fieldName(field) + "__" + lookup.name, lookup.value))
    }

    /// Rows not matching a typed lookup: `exclude(\.name, .icontains("draft"))`.
    public func exclude<V: ModelValue>(_ field: any KeyPath<M, V> & Sendable, _ lookup: Lookup<V>) -> QuerySet {
        exclude(.lookup(fieldName(field) + "__" + lookup.name, lookup.value))
    }

    /// Rows not matching a typed lookup across a foreign key.
    public func exclude<V: ModelValue>(_ field: KeyPath<M, RelatedField<V>>, _ lookup: Lookup<V>) -> QuerySet {
        exclude(.lookup(fieldName(field) + "__" + lookup.name, lookup.value))
    }

    /// Rows not matching a typed lookup through an optional foreign key (rows without one stay,
    /// as Django's `exclude` keeps them).
    public func exclude<V: ModelValue>(_ field: KeyPath<M, RelatedField<V>?>, _ lookup: Lookup<V>) -> QuerySet {
        exclude(.lookup(fieldName(field) + "__" + lookup.name, lookup.value))
    }

    /// Rows ordered by a field: `orderBy(\.createdAt, .descending)`, or across a foreign key
    /// (`orderBy(\.owner.name)`). Replaces any earlier ordering; ``thenBy(_:_:)`` adds to it.
    public func orderBy<V>(_ field: KeyPath<M, V>, _ order: SortOrder = .ascending) -> QuerySet {
        var copy = self
        copy.orderings = [Self.ordering(fieldName(field), order)]
        return copy
    }

    /// Adds a field to the ordering, after those given: `orderBy(\.due).thenBy(\.name)`.
    public func thenBy<V>(_ field: KeyPath<M, V>, _ order: SortOrder = .ascending) -> QuerySet {
        var copy = self
        copy.orderings = ordering + [Self.ordering(fieldName(field), order)]
        return copy
    }

    private static func ordering(_ name: String, _ order: SortOrder) -> OrderBy {
        OrderBy(expression: .field(name), descending: order == .descending, nulls: nil)
    }

    /// Loads relations — reverse relations (`\.tasks`), many-to-many fields, foreign keys —
    /// with one more query each (Django's `prefetch_related`).
    public func prefetchRelated(_ fields: PartialKeyPath<M>...) -> QuerySet {
        var copy = self
        copy.prefetched += fields.map { Prefetch(fieldName($0)) }
        return copy
    }

    /// Loads foreign keys in the same query, with a join: `selectRelated(\.owner)`.
    public func selectRelated(_ fields: PartialKeyPath<M>...) -> QuerySet {
        var copy = self
        copy.related += fields.map { fieldName($0) }
        return copy
    }

    /// One typed aggregate over the rows: `try await Task.objects.aggregate(.max(\.createdAt))`
    /// is a `Date?` (`nil` over no rows), `.count()` an `Int`, `.avg(\.score)` a `Double?`.
    public func aggregate<Value>(_ aggregate: TypedAggregate<M, Value>) async throws -> Value {
        let values = try await self.aggregate(aggregate.aggregate)
        return try aggregate.decode(values[aggregate.aggregate.defaultName] ?? .null)
    }

    /// Sets a field on every matching row in one statement: `update(\.completed, to: true)`.
    /// Returns the number of rows changed. Runs no signals, as in Django.
    @discardableResult
    public func update<V: ModelValue>(_ field: KeyPath<M, V>, to value: V) async throws -> Int {
        try await update([fieldName(field): F.value(value.databaseValue)])
    }

    /// Sets a field to an expression of fields, in the database: `update(\.views, to: \.views + 1)`
    /// (Django's `update(views=F("views") + 1)`), with no read-modify-write race.
    @discardableResult
    public func update<V: ModelValue>(_ field: KeyPath<M, V>, to expression: FieldExpression<M, V>) async throws
        -> Int
    {
        try await update([fieldName(field): expression.expression])
    }
}

/// An aggregate whose result has a Swift type, for `QuerySet.aggregate(_:)`.
public struct TypedAggregate<M: Model, Value>: Sendable {
    let aggregate: Aggregate
    let decode: @Sendable (DatabaseValue) throws -> Value

    /// The number of rows.
    public static func count() -> TypedAggregate<M, Int> where Value == Int {
        TypedAggregate<M, Int>(aggregate: .count()) { Int(try Int64(databaseValue: $0 == .null ? .integer(0) : $0)) }
    }

    /// The greatest value of a field (`nil` over no rows).
    public static func max<V: ModelValue>(_ field: KeyPath<M, V>) -> TypedAggregate<M, V?> where Value == V? {
        TypedAggregate<M, V?>(aggregate: .max(M.schema.fieldName(field) ?? "\(field)"), decode: optional)
    }

    /// The least value of a field (`nil` over no rows).
    public static func min<V: ModelValue>(_ field: KeyPath<M, V>) -> TypedAggregate<M, V?> where Value == V? {
        TypedAggregate<M, V?>(aggregate: .min(M.schema.fieldName(field) ?? "\(field)"), decode: optional)
    }

    /// The sum of a numeric field (`nil` over no rows, as in SQL and Django).
    public static func sum<V: ModelValue & Numeric>(_ field: KeyPath<M, V>) -> TypedAggregate<M, V?>
    where Value == V? {
        TypedAggregate<M, V?>(aggregate: .sum(M.schema.fieldName(field) ?? "\(field)"), decode: optional)
    }

    /// The mean of a numeric field, as a `Double` (Django's `Avg`; `nil` over no rows).
    public static func avg<V: ModelValue & Numeric>(_ field: KeyPath<M, V>) -> TypedAggregate<M, Double?>
    where Value == Double? {
        TypedAggregate<M, Double?>(aggregate: .avg(M.schema.fieldName(field) ?? "\(field)"), decode: optional)
    }

    private static func optional<V: ModelValue>(_ value: DatabaseValue) throws -> V? {
        value == .null ? nil : try V(databaseValue: value)
    }
}

/// An expression of a model's fields for `QuerySet.update(_:to:)`:
/// `\.views + 1`, `\.price * 2`, or with `import Pony`, Django's spelling `F(\.views) + 1`.
public struct FieldExpression<M: Model, V: ModelValue>: Sendable {
    let expression: F

    init(expression: F) { self.expression = expression }

    /// The field at `field` (Django's `F("views")`, checked by the compiler).
    public init(_ field: KeyPath<M, V>) { expression = F(M.schema.fieldName(field) ?? "\(field)") }
}

extension FieldExpression where V: Numeric {
    /// `F(\.views) + 1`.
    public static func + (lhs: FieldExpression, rhs: V) -> FieldExpression {
        FieldExpression(expression: lhs.expression + rhs)
    }
    /// `F(\.stock) - 1`.
    public static func - (lhs: FieldExpression, rhs: V) -> FieldExpression {
        FieldExpression(expression: lhs.expression - rhs)
    }
    /// `F(\.price) * 2`.
    public static func * (lhs: FieldExpression, rhs: V) -> FieldExpression {
        FieldExpression(expression: lhs.expression * rhs)
    }
    /// `F(\.price) / 2`.
    public static func / (lhs: FieldExpression, rhs: V) -> FieldExpression {
        FieldExpression(expression: lhs.expression / rhs)
    }
    /// `F(\.score) + F(\.bonus)`.
    public static func + (lhs: FieldExpression, rhs: FieldExpression) -> FieldExpression {
        FieldExpression(expression: lhs.expression + rhs.expression)
    }
    /// `F(\.score) - F(\.penalty)`.
    public static func - (lhs: FieldExpression, rhs: FieldExpression) -> FieldExpression {
        FieldExpression(expression: lhs.expression - rhs.expression)
    }
    /// `F(\.price) * F(\.quantity)`.
    public static func * (lhs: FieldExpression, rhs: FieldExpression) -> FieldExpression {
        FieldExpression(expression: lhs.expression * rhs.expression)
    }
}

/// `\.views + 1`: the field plus a value, computed by the database.
public func + <M: Model, V: ModelValue & Numeric>(lhs: KeyPath<M, V>, rhs: V) -> FieldExpression<M, V> {
    FieldExpression(expression: F(M.schema.fieldName(lhs) ?? "\(lhs)") + rhs)
}
/// `\.stock - 1`.
public func - <M: Model, V: ModelValue & Numeric>(lhs: KeyPath<M, V>, rhs: V) -> FieldExpression<M, V> {
    FieldExpression(expression: F(M.schema.fieldName(lhs) ?? "\(lhs)") - rhs)
}
/// `\.price * 2`.
public func * <M: Model, V: ModelValue & Numeric>(lhs: KeyPath<M, V>, rhs: V) -> FieldExpression<M, V> {
    FieldExpression(expression: F(M.schema.fieldName(lhs) ?? "\(lhs)") * rhs)
}
/// `\.score + \.bonus`: two fields.
public func + <M: Model, V: ModelValue & Numeric>(lhs: KeyPath<M, V>, rhs: KeyPath<M, V>) -> FieldExpression<M, V> {
    FieldExpression(expression: F(M.schema.fieldName(lhs) ?? "\(lhs)") + F(M.schema.fieldName(rhs) ?? "\(rhs)"))
}
