/// A query inside another: Django's `Subquery` and `Exists`. Its conditions name the outer
/// query's row with ``F/outer(_:)``.
///
/// ```swift
/// let newest = Comment.objects.filter("post", F.outer("pk")).orderBy("-posted").limit(1)
/// Post.objects.annotate(["newestBy": .subquery(newest, "author")])
/// Post.objects.filter(.exists(Comment.objects.filter("post", F.outer("pk")).filter("approved", true)))
/// ```
///
/// `F.outer` names a field of the outer query's own model (`pk`, a column, a foreign key). The
/// subquery's tables go by `U0`, `U1`, … (`V0` one level deeper), as Django names them, so a
/// subquery may be on the outer query's own model or join its table.
public final class Subquery: Sendable, Hashable {
    /// What the subquery's one column holds, for comparisons and `Concat`.
    let type: FieldType?
    /// Whether it stands for whether it has a row (`EXISTS`), not for its value.
    let isExists: Bool
    /// The subquery's tree, inside a query on `outer`.
    let select: @Sendable (_ outer: OuterQuery) throws -> SQLSelect

    init(type: FieldType?, isExists: Bool = false, build: @escaping @Sendable (OuterQuery) throws -> SQLSelect) {
        self.type = type
        self.isExists = isExists
        select = build
    }

    /// The same subquery: two are equal only when they are one value.
    public static func == (lhs: Subquery, rhs: Subquery) -> Bool { lhs === rhs }
    /// Hashes the subquery's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

extension F {
    /// The value of `field` in the first row of `query`, a subquery for each outer row
    /// (Django's `Subquery(query.values(field))`); `NULL` when it has none. As in Django, limit
    /// the query to one row (`.limit(1)`): PostgreSQL refuses a subquery that returns more.
    public static func subquery<M: Model>(_ query: QuerySet<M>, _ field: String) -> F {
        .subquery(
            Subquery(type: M.schemaInfo.field(named: field)?.type) { outer in
                try query.selectTree(paths: [field], outer: outer).0
            })
    }
}

extension F {
    /// Whether `query` has a row, for each outer row, as a value to annotate (Django's
    /// `annotate(has=Exists(…))`): `annotate(["hasPoems": .exists(Book.objects.filter(…))])`.
    public static func exists<M: Model>(_ query: QuerySet<M>) -> F { .subquery(Subquery(existing: query)) }
}

extension Q {
    /// Whether `query` has a row, for each outer row (Django's `Exists`); `~.exists(…)` for
    /// none.
    public static func exists<M: Model>(_ query: QuerySet<M>) -> Q { .exists(Subquery(existing: query)) }
}

extension Subquery {
    /// `EXISTS(SELECT 1 AS "a" … LIMIT 1)`, as Django writes it.
    convenience init<M: Model>(existing query: QuerySet<M>) {
        self.init(type: .boolean, isExists: true) { outer in
            var (select, _) = try query.limit(1).selectTree(columns: [.integer(1)], ordered: false, outer: outer)
            select.items = [.expression(.integer(1), alias: "a")]
            return select
        }
    }
}
