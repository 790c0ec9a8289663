public import PonyORM
public import Testing

/// Checks that `query`'s rows, each made a value by `transform`, are `values` (Django's
/// `assertQuerySetEqual(qs, values, transform)`): in order, or, with `ordered: false`, the
/// same values as many times each.
///
/// ```swift
/// try await assertQuerySetEqual(Task.objects.filter("done", false).orderBy("name"), ["Call Bob", "Buy milk"]) {
///     $0.name
/// }
/// ```
///
/// As in Django, comparing a query without an ordering (``QuerySet/orderBy(_:)`` or the
/// model's `ordering`) with more than one value in order is a failure: its rows may come in
/// any order. Failures give unittest's message, as Django's do.
public func assertQuerySetEqual<M: Model, Value: Hashable & Sendable>(
    _ query: QuerySet<M>, _ values: [Value], ordered: Bool = true, sourceLocation: SourceLocation = #_sourceLocation,
    transform: (M) throws -> Value
) async throws {
    let rows = try await query.fetch()
    try compare(rows.map(transform), values, query: query, ordered: ordered, repr: pythonValueRepr, sourceLocation)
}

/// Checks that `query`'s rows are the rows `values`, the same primary keys (Django's
/// `assertQuerySetEqual(qs, [a, b])`, which compares model instances by key); failures print
/// the rows as Django does, `<Task: Buy milk>`.
public func assertQuerySetEqual<M: Model>(
    _ query: QuerySet<M>, _ values: [M], ordered: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let rows = try await query.fetch()
    var reprs: [DatabaseValue: String] = [:]
    for row in rows + values { reprs[row.pk] = "<\(M.schemaInfo.name): \(row.displayText)>" }
    try compare(
        rows.map(\.pk), values.map(\.pk), query: query, ordered: ordered, repr: { reprs[$0] ?? "\($0)" },
        sourceLocation)
}

/// Django's comparison: a ``listsDiffer(_:_:repr:equal:)`` in order, else one of two
/// Counters.
private func compare<M: Model, Value: Hashable>(
    _ items: [Value], _ values: [Value], query: QuerySet<M>, ordered: Bool, repr: (Value) -> String,
    _ sourceLocation: SourceLocation
) throws {
    guard ordered else {
        guard counts(items) != counts(values) else { return }
        let (first, second) = shortenedReprs(counterRepr(items, repr: repr), counterRepr(values, repr: repr))
        return fail("\(first) != \(second)", sourceLocation)
    }
    if values.count > 1, !query.isOrdered {
        return fail(
            "Trying to compare non-ordered queryset against more than one ordered value.", sourceLocation)
    }
    if let failure = listsDiffer(items, values, repr: repr, equal: ==) { fail(failure, sourceLocation) }
}

private func counts<Value: Hashable>(_ values: [Value]) -> [Value: Int] {
    values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}
