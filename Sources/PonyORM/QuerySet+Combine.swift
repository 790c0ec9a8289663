extension QuerySet {
    /// Queries whose rows are combined by `UNION`, `INTERSECT` or `EXCEPT`.
    struct Combination: Sendable {
        /// The SQL set operation and the method that makes it.
        enum Operation: String, Sendable {
            case union, intersection, difference

            var sql: String {
                switch self {
                case .union: "UNION"
                case .intersection: "INTERSECT"
                case .difference: "EXCEPT"
                }
            }
        }

        let operation: Operation
        /// `UNION ALL`: duplicates kept.
        let all: Bool
        let parts: [QuerySet]
    }

    /// The rows of this query and of `others`, without duplicates unless `all` (Django's
    /// `union()`): `Book.objects.filter("pages__lt", 100).union(Book.objects.filter("genre", "poetry"))`.
    ///
    /// As in Django, the combined query can be ordered by fields (`orderBy("-pages")`), sliced,
    /// counted, tested with `exists()`, fetched and iterated; filter, annotate or change the
    /// queries before combining them. On SQLite the queries combined cannot be ordered or
    /// sliced themselves (SQL's rule there).
    public func union(_ others: QuerySet..., all: Bool = false) -> QuerySet {
        combined(.union, others, all: all)
    }

    /// The rows in this query and in every one of `others` (Django's `intersection()`).
    public func intersection(_ others: QuerySet...) -> QuerySet { combined(.intersection, others, all: false) }

    /// The rows of this query that are in none of `others` (Django's `difference()`).
    public func difference(_ others: QuerySet...) -> QuerySet { combined(.difference, others, all: false) }

    private func combined(_ operation: Combination.Operation, _ others: [QuerySet], all: Bool) -> QuerySet {
        var query = QuerySet()
        query.combination = Combination(operation: operation, all: all, parts: [self] + others)
        query.prefetched = prefetched
        return query
    }

    /// Django's error for `method` on a combined query, which only orders, slices, counts
    /// and fetches.
    func refuseCombined(_ method: String) throws {
        guard let combination else { return }
        throw FieldError(
            description: "Calling QuerySet.\(method)() after \(combination.operation.rawValue)() is not supported:"
                + " \(method) the queries before combining them.")
    }

    /// The combined `SELECT`: the parts joined by the set operation, then this query's
    /// ordering (by the place of each field among the model's columns, as SQL requires
    /// there) and slice.
    func combinedTree(_ combination: Combination) throws -> SQLSelect {
        let dialect = (try? ORM.requireDatabase())?.dialect
        if condition != .and([]) || having != .and([]) { try refuseCombined("filter") }
        if !annotations.isEmpty { try refuseCombined("annotate") }
        if isDistinct { try refuseCombined("distinct") }
        if !related.isEmpty { try refuseCombined("selectRelated") }
        if lockForUpdate { try refuseCombined("selectForUpdate") }
        let info = M.schemaInfo
        let parts = try combination.parts.map { part in
            if part.limit != nil || part.offset > 0, dialect == .sqlite {
                throw FieldError(description: "LIMIT/OFFSET not allowed in subqueries of compound statements.")
            }
            if part.orderings?.isEmpty == false, dialect == .sqlite {
                throw FieldError(description: "ORDER BY not allowed in subqueries of compound statements.")
            }
            return try part.selectTree(ordered: part.orderings != nil).0
        }
        let order = try ordering.map { term -> SQLSelect.Ordering in
            guard case .field(let path)? = term.expression, let index = info.fieldIndex(path) else {
                throw FieldError(description: "ORDER BY term does not match any column in the result set.")
            }
            return SQLSelect.Ordering(expression: .integer(index + 1), descending: term.descending, nulls: term.nulls)
        }
        return SQLSelect(
            items: [], source: .table(info.table),
            compound: SQLCompound(
                operation: combination.operation.sql + (combination.all ? " ALL" : ""), parts: parts),
            orderBy: order, limit: limit, offset: offset)
    }
}
