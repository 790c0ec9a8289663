/// A lazy, immutable query over a model's rows: `Task.objects.filter(...).orderBy("-id")`.
///
/// Each method returns a new query; nothing runs until a method that needs rows is awaited
/// (`fetch()`, `get()`, `count()`, iteration, …), as Django's `QuerySet` is lazy.
public struct QuerySet<M: Model>: Sendable {
    var condition = Q.and([])
    var orderings: [OrderBy]?
    var limit: Int?
    var offset = 0
    var isDistinct = false
    var related: [String] = []
    var prefetched: [Prefetch] = []
    /// How `selectForUpdate` locks the rows (its options, with relation names for `of`), or
    /// `nil` when it was not called.
    var lockOptions: LockOptions?
    /// Whether the rows are read `FOR UPDATE`.
    var lockForUpdate: Bool { lockOptions != nil }
    var annotations: [Annotation] = []
    /// Conditions on annotations (SQL `HAVING`).
    var having = Q.and([])
    /// The queries this one combines (``union(_:all:)``), when it does.
    var combination: Combination?

    init() {}

    // MARK: Building

    /// A copy (Django's `all()`).
    public func all() -> QuerySet { self }

    /// Rows matching `condition`.
    public func filter(_ condition: Q) -> QuerySet {
        var copy = self
        if isGrouped
            && paths(in: condition).contains(where: { path in
                annotations.contains { aggregates($0) && (path == $0.name || path.hasPrefix($0.name + "__")) }
            })
        {
            copy.having = copy.having & condition
        } else {
            copy.condition = copy.condition & condition
        }
        return copy
    }

    /// Rows where lookup `lookup` matches `value`: `filter("name__icontains", "milk")`.
    public func filter<V: ModelValue>(_ lookup: String, _ value: V) -> QuerySet { filter(Q(lookup, value)) }
    /// Rows where `lookup` is one of `values` (`filter("id__in", [1, 2])`).
    public func filter<V: ModelValue>(_ lookup: String, _ values: [V]) -> QuerySet { filter(Q(lookup, values)) }
    /// Rows where `lookup` is within `range` (`filter("due__range", start...end)`).
    public func filter<V: ModelValue & Comparable>(_ lookup: String, _ range: ClosedRange<V>) -> QuerySet {
        filter(Q(lookup, range))
    }
    /// Rows where `lookup` compares with an ``F`` expression.
    public func filter(_ lookup: String, _ expression: F) -> QuerySet { filter(Q(lookup, expression)) }
    /// Rows matching a typed condition: `filter(\.completed == false)`.
    public func filter(_ condition: FieldCondition<M>) -> QuerySet { filter(q(condition)) }
    /// Rows matching a typed lookup: `filter(\.name, .icontains("milk"))`.
    public func filter<V: ModelValue>(_ field: any KeyPath<M, V> & Sendable, _ lookup: Lookup<V>) -> QuerySet {
        filter(.lookup(fieldName(field) + "__" + lookup.name, lookup.value))
    }

    /// Rows not matching `condition`.
    public func exclude(_ condition: Q) -> QuerySet { filter(~condition) }
    /// Rows where lookup `lookup` does not match `value`.
    public func exclude<V: ModelValue>(_ lookup: String, _ value: V) -> QuerySet { exclude(Q(lookup, value)) }
    /// Rows not matching a typed condition.
    public func exclude(_ condition: FieldCondition<M>) -> QuerySet { exclude(q(condition)) }

    /// Rows ordered by fields: `orderBy("-createdAt", "name")`, `"owner__name"` across a
    /// relation, `"?"` at random. Replaces any earlier ordering (and the model's default).
    public func orderBy(_ fields: String...) -> QuerySet { orderBy(fields) }

    /// Rows ordered by a list of fields, as ``orderBy(_:)-(String...)`` (for orderings made at run time).
    public func orderBy(_ fields: [String]) -> QuerySet { orderBy(terms: fields.map { OrderBy($0) }) }

    /// Rows ordered by expressions and fields, `NULL`s placed where asked (Django's
    /// `order_by(F("due").asc(nulls_last=True), "name")`):
    /// `orderBy(F("due").asc(nulls: .last), "name")`, `orderBy(F.lower(F("name")).asc())`.
    public func orderBy(_ first: OrderBy, _ rest: OrderBy...) -> QuerySet { orderBy(terms: [first] + rest) }

    func orderBy(terms: [OrderBy]) -> QuerySet {
        var copy = self
        copy.orderings = terms
        return copy
    }

    /// The ordering the query runs with: its own, else the model's default (which, as in
    /// Django, a combined query does not take).
    var ordering: [OrderBy] {
        orderings ?? (combination != nil ? [] : M.schemaInfo.options.ordering.map { OrderBy($0) })
    }

    /// Whether the rows come in a set order: the query's ``orderBy(_:)`` or the model's
    /// `ordering` (Django's `QuerySet.ordered`).
    public var isOrdered: Bool { !ordering.isEmpty }

    /// At most `count` rows (none when `count` is below 0).
    public func limit(_ count: Int) -> QuerySet {
        var copy = self
        copy.limit = Swift.max(0, count)
        return copy
    }

    /// Skips `count` rows (none when `count` is below 0, which PostgreSQL refuses).
    public func offset(_ count: Int) -> QuerySet {
        var copy = self
        copy.offset = Swift.max(0, count)
        return copy
    }

    /// Rows `range` of the result (Django's slicing): `Task.objects.all()[0..<20]`. Slicing a
    /// slice takes rows of the slice, as in Django (`[10..<20][0..<5]` is rows 10 to 14); a
    /// bound below 0 counts as 0.
    public subscript(range: Range<Int>) -> QuerySet {
        var copy = self
        let start = Swift.max(0, range.lowerBound)
        var count = Swift.max(0, range.upperBound - start)
        if let limit { count = Swift.min(count, Swift.max(0, Swift.max(0, limit) - start)) }
        let (offset, overflow) = offset.addingReportingOverflow(start)
        copy.offset = overflow ? Int.max : offset
        copy.limit = count
        return copy
    }

    /// Rows without duplicates.
    public func distinct() -> QuerySet {
        var copy = self
        copy.isDistinct = true
        return copy
    }

    /// No rows (Django's `none()`): every read finds nothing, counts 0 and aggregates `nil`,
    /// and updates and deletes change nothing, however it is filtered further.
    public func none() -> QuerySet { filter(.or([])) }

    /// The rows in the opposite order (Django's `reverse()`): the query's ordering, or the
    /// model's default, each field flipped; a query without either stays as it is, and a
    /// random order stays random.
    public func reverse() -> QuerySet {
        var copy = self
        copy.orderings = ordering.map(\.reversed)
        return copy
    }

    /// Loads the relations `fields` — many-to-many fields, foreign keys and related sets —
    /// with one more query each, into their `cached` values (Django's `prefetch_related`);
    /// `"tasks__labels"` loads each owner's tasks, then each task's labels. Each relation
    /// loads once, however many paths go through it.
    public func prefetchRelated(_ fields: String...) -> QuerySet {
        var copy = self
        copy.prefetched += fields.map { Prefetch($0) }
        return copy
    }

    /// Loads the relations `lookups`, each with its ``Prefetch`` query when it has one:
    /// `prefetchRelated("owner", Prefetch("tasks", queryset: open))`.
    public func prefetchRelated(_ lookups: Prefetch...) -> QuerySet { prefetchRelated(lookups) }

    /// Loads a list of relations, as ``prefetchRelated(_:)-(Prefetch...)``.
    public func prefetchRelated(_ lookups: [Prefetch]) -> QuerySet {
        var copy = self
        copy.prefetched += lookups
        return copy
    }

    /// Loads the foreign keys `fields` in the same query, with a join.
    public func selectRelated(_ fields: String...) -> QuerySet { selectRelated(fields) }

    /// Loads a list of foreign keys in the same query, as ``selectRelated(_:)-(String...)``.
    public func selectRelated(_ fields: [String]) -> QuerySet {
        var copy = self
        copy.related += fields
        return copy
    }

    /// Locks the selected rows until the transaction ends (Django's `select_for_update`:
    /// `SELECT … FOR UPDATE`, PostgreSQL; SQLite's writer lock already serialises writes, so
    /// there it changes nothing).
    ///
    /// - `noWait`: fail at once with a ``DatabaseError`` when another transaction holds a row
    ///   (`NOWAIT`), instead of waiting for it.
    /// - `skipLocked`: leave out the rows another transaction holds (`SKIP LOCKED`), as a queue
    ///   of jobs takes the next free one.
    /// - `of`: lock only these tables' rows: `"self"` and the foreign keys the query joins with
    ///   ``selectRelated(_:)-(String...)`` (`OF`).
    /// - `noKey`: a lock that still lets other rows point to these (`FOR NO KEY UPDATE`).
    ///
    /// `noWait` and `skipLocked` together are Django's error, when the query runs.
    public func selectForUpdate(
        noWait: Bool = false, skipLocked: Bool = false, of: [String] = [], noKey: Bool = false
    ) -> QuerySet {
        var copy = self
        copy.lockOptions = LockOptions(noWait: noWait, skipLocked: skipLocked, of: of, noKey: noKey)
        return copy
    }

    /// The lookup paths in `condition`.
    /// Whether an annotation aggregates, so that rows are grouped.
    var isGrouped: Bool { annotations.contains(where: \.isAggregate) }

    /// Whether `annotation` is an aggregate, or an expression of one (`F("n") + 1` after
    /// `"n": .count("task")`): conditions on it are SQL `HAVING`.
    func aggregates(_ annotation: Annotation) -> Bool {
        guard case .expression(let expression) = annotation.value else { return true }
        let earlier = annotations.prefix { $0 != annotation }
        return expression.paths.contains { path in
            earlier.contains { (path == $0.name || path.hasPrefix($0.name + "__")) && aggregates($0) }
        }
    }

    private func paths(in condition: Q) -> [String] { condition.paths }

    func fieldName(_ keyPath: AnyKeyPath) -> String {
        // NB: key paths handed to these methods are to stored properties, which are fields.
        M.schema.fieldName(keyPath) ?? "\(keyPath)"
    }

    func q(_ condition: FieldCondition<M>) -> Q {
        let name = fieldName(condition.keyPath)
        if condition.lookup == "ne" { return ~.lookup(name, condition.value) }
        return .lookup(name + "__" + condition.lookup, condition.value)
    }

    func filtered(_ keyPath: any AnyKeyPath & Sendable, _ value: DatabaseValue) -> QuerySet {
        filter(.lookup(fieldName(keyPath), .value(value)))
    }
}
