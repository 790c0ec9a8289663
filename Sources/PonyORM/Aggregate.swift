/// An aggregate over a field — Django's `Count`, `Sum`, `Avg`, `Min` and `Max` — for
/// ``QuerySet/aggregate(_:)`` and ``QuerySet/annotate(_:)``:
/// `Owner.objects.annotate(["tasks": .count("task")]).filter("tasks__gte", 2)`.
///
/// The field is a lookup path, across relations in both directions; a reverse relation
/// (`"task"`) counts the related rows. An aggregate may also take an ``F`` expression
/// (`.sum(F.case(When("done", true, then: .value(1)), default: .value(0)))`), which needs a
/// name, and a `filter` (Django's `filter=Q(…)`): only the rows matching it are aggregated.
public struct Aggregate: Sendable, Hashable {
    let function: AggregateFunction
    let path: String?
    let expression: F?
    let isDistinct: Bool
    let condition: Q?
    /// What goes between the texts ``stringAgg(_:delimiter:distinct:orderBy:filter:)`` joins.
    let delimiter: String?
    /// The order of the texts it joins (Django's `order_by=`).
    let ordering: [OrderBy]
    /// The value when no row counts (Django's `default=`): ``default(_:)``.
    private(set) var defaultValue: DatabaseValue?

    init(
        function: AggregateFunction, path: String?, expression: F? = nil, isDistinct: Bool, condition: Q?,
        delimiter: String? = nil, ordering: [OrderBy] = []
    ) {
        self.function = function
        self.path = path
        self.expression = expression
        self.isDistinct = isDistinct
        self.condition = condition
        self.delimiter = delimiter
        self.ordering = ordering
    }

    /// The number of rows (`count()`), or of non-null values of `field`.
    public static func count(_ field: String? = nil, distinct: Bool = false, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .count, path: field, isDistinct: distinct, condition: filter)
    }
    /// The sum of `field` (`NULL` over no rows, as in SQL and Django).
    public static func sum(_ field: String, distinct: Bool = false, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .sum, path: field, isDistinct: distinct, condition: filter)
    }
    /// The mean of `field`.
    public static func avg(_ field: String, distinct: Bool = false, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .avg, path: field, isDistinct: distinct, condition: filter)
    }
    /// The least value of `field`.
    public static func min(_ field: String, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .min, path: field, isDistinct: false, condition: filter)
    }
    /// The greatest value of `field`.
    public static func max(_ field: String, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .max, path: field, isDistinct: false, condition: filter)
    }
    /// The number of non-null values of `expression`.
    public static func count(_ expression: F, distinct: Bool = false, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .count, path: nil, expression: expression, isDistinct: distinct, condition: filter)
    }
    /// The sum of `expression`.
    public static func sum(_ expression: F, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .sum, path: nil, expression: expression, isDistinct: false, condition: filter)
    }
    /// The mean of `expression`.
    public static func avg(_ expression: F, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .avg, path: nil, expression: expression, isDistinct: false, condition: filter)
    }
    /// The least value of `expression`.
    public static func min(_ expression: F, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .min, path: nil, expression: expression, isDistinct: false, condition: filter)
    }
    /// The greatest value of `expression`.
    public static func max(_ expression: F, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .max, path: nil, expression: expression, isDistinct: false, condition: filter)
    }

    /// Django's texts joined by `delimiter` (django.contrib.postgres's `StringAgg(field,
    /// delimiter, distinct=…, order_by=…, filter=…)`): `STRING_AGG` on PostgreSQL and on SQLite
    /// (3.44 and later, where `distinct` is refused: SQLite has it only for one argument).
    ///
    /// ```swift
    /// Author.objects.annotate(["titles": .stringAgg("book__title", delimiter: ", ", orderBy: ["book__title"])])
    /// ```
    public static func stringAgg(
        _ field: String, delimiter: String, distinct: Bool = false, orderBy: [OrderBy] = [], filter: Q? = nil
    ) -> Aggregate {
        Aggregate(
            function: .stringAgg, path: field, isDistinct: distinct, condition: filter, delimiter: delimiter,
            ordering: orderBy)
    }

    /// The texts of `expression` joined by `delimiter` (see
    /// ``stringAgg(_:delimiter:distinct:orderBy:filter:)-(String,_,_,_,_)``).
    public static func stringAgg(
        _ expression: F, delimiter: String, distinct: Bool = false, orderBy: [OrderBy] = [], filter: Q? = nil
    ) -> Aggregate {
        Aggregate(
            function: .stringAgg, path: nil, expression: expression, isDistinct: distinct, condition: filter,
            delimiter: delimiter, ordering: orderBy)
    }

    /// django.contrib.postgres's `ArrayAgg(field, distinct=…, order_by=…, filter=…)`: the values
    /// as a JSON array (`["The Birds", "birds of prey"]`, `NULL` when no row counts), which
    /// `JSONValue` or any `Decodable` array reads. `JSONB_AGG` on PostgreSQL, `JSON_GROUP_ARRAY`
    /// on SQLite.
    public static func arrayAgg(
        _ field: String, distinct: Bool = false, orderBy: [OrderBy] = [], filter: Q? = nil
    ) -> Aggregate {
        Aggregate(function: .jsonAgg, path: field, isDistinct: distinct, condition: filter, ordering: orderBy)
    }

    /// django.contrib.postgres's `JSONBAgg`: as ``arrayAgg(_:distinct:orderBy:filter:)``, whose
    /// JSON array it is too (a JSON field's values stay JSON in it on both backends).
    public static func jsonbAgg(
        _ field: String, distinct: Bool = false, orderBy: [OrderBy] = [], filter: Q? = nil
    ) -> Aggregate {
        arrayAgg(field, distinct: distinct, orderBy: orderBy, filter: filter)
    }

    /// django.contrib.postgres's `BoolAnd`: whether the flag is true in every row (`NULL`s left
    /// out; `NULL` when no row counts). `BOOL_AND` on PostgreSQL, `MIN` on SQLite.
    public static func boolAnd(_ field: String, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .boolAnd, path: field, isDistinct: false, condition: filter)
    }

    /// django.contrib.postgres's `BoolOr`: whether the flag is true in any row.
    public static func boolOr(_ field: String, filter: Q? = nil) -> Aggregate {
        Aggregate(function: .boolOr, path: field, isDistinct: false, condition: filter)
    }

    /// The aggregate with `value` where it would be `NULL` because no row counts (Django's
    /// `default=`, as `Sum("pages", default=0)`): `.sum("pages").default(0)`,
    /// `.arrayAgg("slug").default("[]")`. A count is never `NULL` and takes none, as in Django.
    public func `default`<V: ModelValue>(_ value: V) -> Aggregate {
        var copy = self
        copy.defaultValue = value.databaseValue
        return copy
    }

    /// The aggregate's SQL with its default, `COALESCE(SUM(…), $1)`.
    func withDefault(_ computed: SQLExpression) throws -> SQLExpression {
        guard let defaultValue, defaultValue != .null else { return computed }
        guard function != .count else { throw FieldError(description: "Count does not allow default.") }
        return .function("COALESCE", [computed, .bind(defaultValue)])
    }

    /// Django's default name for an unnamed aggregate: `task__count`, `score__sum`; empty for
    /// an aggregate of an expression or one of django.contrib.postgres's (`stringAgg`,
    /// `arrayAgg`, …), which must be named (as Django requires an alias).
    public var defaultName: String {
        expression == nil && !function.isPostgresAggregate ? (path ?? "") + "__" + function.rawValue.lowercased() : ""
    }
}

/// A model instance fetched with its annotations (``QuerySet/annotate(_:)``): its fields read
/// as the instance's (`row.name`), the annotations through ``annotation(_:as:)``.
@dynamicMemberLookup
public struct Annotated<M: Model>: Sendable {
    /// The instance.
    public let instance: M
    /// The annotations' values, by name.
    public let annotations: [String: DatabaseValue]

    /// A field of the instance.
    public subscript<V>(dynamicMember keyPath: KeyPath<M, V>) -> V { instance[keyPath: keyPath] }

    /// The annotation `name`, decoded: `try row.annotation("tasks", as: Int.self)`.
    public func annotation<V: ModelValue>(_ name: String, as type: V.Type = V.self) throws -> V {
        guard let value = annotations[name] else {
            throw FieldError(
                description: "No annotation \"\(name)\". Annotations are: "
                    + annotations.keys.sorted().joined(separator: ", ") + ".")
        }
        return try V(databaseValue: value)
    }
}

/// A named value computed for each row of a query: an aggregate over related rows, or an
/// expression of the row's own columns.
struct Annotation: Sendable, Hashable {
    let name: String
    let value: Value
    /// Whether rows carry it (``QuerySet/annotate(_:)-(KeyValuePairs<String,F>)``), or it is only
    /// for filtering and ordering (``QuerySet/alias(_:)-(KeyValuePairs<String,F>)``).
    var isSelected = true

    enum Value: Sendable, Hashable {
        case aggregate(Aggregate)
        case expression(F)
    }

    /// Whether it aggregates (so that conditions on it are SQL `HAVING`, and rows are grouped).
    var isAggregate: Bool { if case .aggregate = value { true } else { false } }
}

/// An aggregate that ``QuerySet/aggregate(_:)`` computes, by name.
struct NamedAggregate: Sendable, Hashable {
    let name: String
    let aggregate: Aggregate
}

extension QuerySet {
    /// Adds an aggregate per row, by name; later `filter`s on those names compare the
    /// aggregate (SQL `HAVING`), `orderBy` and `values` accept them, and
    /// ``fetchAnnotated()`` returns them with each instance.
    ///
    /// A name that is also a field of the model is an error when the query runs, as in Django.
    public func annotate(_ aggregates: KeyValuePairs<String, Aggregate>) -> QuerySet {
        var copy = self
        copy.annotations += aggregates.map { Annotation(name: $0.key, value: .aggregate($0.value)) }
        return copy
    }

    /// Adds a value computed from each row's own columns, by name (Django's `annotate` with
    /// database functions and `Case`): `filter`, `orderBy`, `values` and ``fetchAnnotated()``
    /// read it as a field. An expression may name the annotations before it.
    ///
    /// ```swift
    /// Author.objects.annotate(["initial": .upper(F("name"))]).filter("initial__startswith", "A")
    /// ```
    public func annotate(_ expressions: KeyValuePairs<String, F>) -> QuerySet {
        var copy = self
        copy.annotations += expressions.map { Annotation(name: $0.key, value: .expression($0.value)) }
        return copy
    }

    /// Names an expression for `filter` and `orderBy` without selecting it (Django's
    /// `alias()`): `Book.objects.alias(["n": .length(F("title"))]).filter("n__gt", 8)`. Rows,
    /// `values` and ``fetchAnnotated()`` do not carry it; annotate to read it.
    public func alias(_ expressions: KeyValuePairs<String, F>) -> QuerySet {
        var copy = self
        copy.annotations += expressions.map {
            Annotation(name: $0.key, value: .expression($0.value), isSelected: false)
        }
        return copy
    }

    /// Names an aggregate for `filter` (SQL `HAVING`) and `orderBy` without selecting it
    /// (Django's `alias(n=Count("book"))`).
    public func alias(_ aggregates: KeyValuePairs<String, Aggregate>) -> QuerySet {
        var copy = self
        copy.annotations += aggregates.map { Annotation(name: $0.key, value: .aggregate($0.value), isSelected: false) }
        return copy
    }

    /// Adds aggregates named as Django names them (`task__count`).
    public func annotate(_ aggregates: Aggregate...) -> QuerySet {
        var copy = self
        copy.annotations += aggregates.map { Annotation(name: $0.defaultName, value: .aggregate($0)) }
        return copy
    }

    /// Aggregates over the matching rows, by name:
    /// `try await Task.objects.aggregate(["open": .count(), "latest": .max("createdAt")])`.
    public func aggregate(_ aggregates: KeyValuePairs<String, Aggregate>) async throws -> [String: DatabaseValue] {
        try await aggregate(aggregates.map { NamedAggregate(name: $0.key, aggregate: $0.value) })
    }

    /// Aggregates named as Django names them (`score__sum`).
    public func aggregate(_ aggregates: Aggregate...) async throws -> [String: DatabaseValue] {
        try await aggregate(aggregates.map { NamedAggregate(name: $0.defaultName, aggregate: $0) })
    }

    private func aggregate(_ aggregates: [NamedAggregate]) async throws -> [String: DatabaseValue] {
        try refuseCombined("aggregate")
        let database = try ORM.requireDatabase()
        if aggregates.contains(where: { $0.name.isEmpty }) { throw FieldError.unnamedAggregate }
        for aggregate in aggregates {
            guard let path = aggregate.aggregate.path,
                annotations.contains(where: { $0.name == path && !$0.isSelected })
            else { continue }
            throw FieldError(description: "Cannot aggregate over the '\(path)' alias. Use annotate() to promote it.")
        }
        if aggregates.contains(where: { aggregate in annotations.contains { $0.name == aggregate.aggregate.path } }) {
            return try await aggregateOverAnnotations(aggregates, database)
        }
        let info = M.schemaInfo
        var compiler = SQLCompiler(root: info, annotations: annotations)
        let items = try aggregates.map {
            SQLSelect.Item.expression(try compiler.aggregateExpression($0.aggregate), alias: $0.name)
        }
        let key = SQLExpression.column(table: info.table, column: info.primaryKey.column)
        var select = SQLSelect(items: items, source: .table(info.table), joins: compiler.joins)
        if condition != .and([]) || having != .and([]) || limit != nil || offset > 0 || isDistinct
            || !annotations.isEmpty
        {
            // NB: the rows are chosen by the query itself, in a subquery, so slicing,
            // distinct and annotations keep their meaning under the aggregate's joins.
            var inner = self
            inner.related = []
            var (rows, _) = try inner.selectTree(columns: [key], ordered: limit != nil)
            var chosen = SQLExpression.all
            if rows.distinct, !rows.orderBy.isEmpty {
                // NB: DISTINCT selects what it is ordered by too, as for the rows themselves
                // (PostgreSQL requires it); the outer query reads the key alone.
                rows.items = [.expression(key, alias: "pk")] + SQLSelect.items(orderedBy: rows.orderBy)
                chosen = .column(table: "subquery", column: "pk")
            }
            select.filter = .inSelect(
                key, SQLSelect(items: [.expression(chosen, alias: nil)], source: .select(rows, alias: "subquery")))
        }
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        let row = try await database.query(rendered: sql, binds).first
        return Dictionary(aggregates.map { ($0.name, row?[$0.name] ?? .null) }, uniquingKeysWith: { $1 })
    }

    /// Aggregates of annotations (`annotate(["n": .count("task")]).aggregate(.avg("n"))`): as
    /// Django does, the annotated query becomes a subquery, one row per instance, which the
    /// aggregates read.
    private func aggregateOverAnnotations(_ aggregates: [NamedAggregate], _ database: any Database) async throws
        -> [String: DatabaseValue]
    {
        let names = annotations.map(\.name)
        let items = try aggregates.map { annotation in
            let aggregate = annotation.aggregate
            guard aggregate.expression == nil, aggregate.condition == nil, !aggregate.function.isPostgresAggregate
            else {
                throw FieldError(
                    description:
                        "An aggregate of annotations takes an annotation's name, without an expression or a filter"
                        + " (and is a count, sum, avg, min or max).")
            }
            var argument = SQLExpression.all
            if let path = aggregate.path {
                guard names.contains(path) else {
                    throw FieldError(
                        description: "Cannot aggregate \"\(path)\" together with the annotations "
                            + names.joined(separator: ", ")
                            + ": aggregate the annotations in one call and the fields in another.")
                }
                argument = .column(table: "subquery", column: path)
            }
            return SQLSelect.Item.expression(
                try aggregate.withDefault(.aggregate(aggregate.function, argument, distinct: aggregate.isDistinct)),
                alias: annotation.name)
        }
        var inner = self
        inner.related = []
        let (rows, _) = try inner.selectTree(paths: [M.schemaInfo.primaryKey.name] + names, ordered: limit != nil)
        let select = SQLSelect(items: items, source: .select(rows, alias: "subquery"))
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        let row = try await database.query(rendered: sql, binds).first
        return Dictionary(aggregates.map { ($0.name, row?[$0.name] ?? .null) }, uniquingKeysWith: { $1 })
    }

    /// The rows with their annotations.
    public func fetchAnnotated() async throws -> [Annotated<M>] {
        let selected = annotations.filter(\.isSelected)
        return try await fetchRows { instance, row in
            let values = row.values[(row.values.count - selected.count)...]
            return Annotated(
                instance: instance,
                annotations: Dictionary(zip(selected.map(\.name), values), uniquingKeysWith: { $1 }))
        }
    }
}
