/// A relation for ``QuerySet/prefetchRelated(_:)-(Prefetch...)`` to load, with the query of
/// its rows when they should be filtered, ordered or sliced (Django's `Prefetch`):
///
/// ```swift
/// let open = Task.objects.filter("completed", false).orderBy("-createdAt")
/// let owners = try await Owner.objects.prefetchRelated(Prefetch("tasks", queryset: open)).fetch()
/// // owner.tasks.cached: each owner's open tasks, newest first
/// ```
///
/// The query loads the last relation of the path (the labels of `"tasks__labels"`); the
/// steps before it load as `prefetchRelated` loads them. A sliced query (`open[0..<3]`) keeps
/// that slice of each instance's rows, as Django 4.2 does: the rows of all the instances
/// come in one query and are sliced per instance.
///
/// Django's `to_attr` is a second ``RelatedSet`` on the model, following the same foreign
/// key, which the prefetch fills: `var openTasks = RelatedSet<Task>(\.owner)` and
/// `Prefetch("openTasks", queryset: open)`.
public struct Prefetch: Sendable, ExpressibleByStringLiteral {
    /// The relations to follow, joined by `__` (`"tasks__labels"`).
    let path: String
    /// The query of the last relation's rows, when one was given.
    let query: (any PrefetchQuery)?

    /// The relation `path`, loaded as ``QuerySet/prefetchRelated(_:)-(String...)`` loads it.
    public init(_ path: String) {
        self.path = path
        query = nil
    }

    /// The relation `path`, whose last step loads the rows `queryset` selects.
    public init<Target: Model>(_ path: String, queryset: QuerySet<Target>) {
        self.path = path
        query = queryset
    }

    /// The relation `path`, written as a string.
    public init(stringLiteral path: String) { self.init(path) }
}

/// One relation to load for a list of instances, with the steps to load for its rows
/// (`tasks`, then `labels` and `owner` of those tasks).
struct PrefetchStep: Sendable {
    /// The relation's name on the model whose instances are loaded.
    let name: String
    /// The query of the relation's rows, when a ``Prefetch`` gave one.
    var query: (any PrefetchQuery)?
    /// The relations to load for the rows this step loads.
    var next: [PrefetchStep] = []

    /// `lookups` as a tree, so that each relation loads once however many paths go through
    /// it (`tasks__labels` and `tasks__owner` load the tasks once). A query given for a path
    /// already loaded is Django's error.
    static func tree(_ lookups: [Prefetch]) throws -> [PrefetchStep] {
        var steps: [PrefetchStep] = []
        for lookup in lookups {
            let names = lookup.path.split(separator: "__", omittingEmptySubsequences: false)
            try insert(lookup, names: names[...], into: &steps)
        }
        return steps
    }

    private static func insert(
        _ lookup: Prefetch, names: ArraySlice<Substring>, into steps: inout [PrefetchStep]
    ) throws {
        guard let first = names.first else { return }
        let rest = names.dropFirst()
        let name = String(first)
        if let index = steps.firstIndex(where: { $0.name == name }) {
            if rest.isEmpty, lookup.query != nil {
                throw FieldError(
                    description: "'\(lookup.path)' lookup was already seen with a different queryset. You may need to"
                        + " adjust the ordering of your lookups: give the Prefetch before any path through it.")
            }
            try insert(lookup, names: rest, into: &steps[index].next)
        } else {
            var step = PrefetchStep(name: name, query: rest.isEmpty ? lookup.query : nil)
            try insert(lookup, names: rest, into: &step.next)
            steps.append(step)
        }
    }

    /// The query this step loads `Target`'s rows with: the ``Prefetch``'s, or all of them.
    func query<Target: Model>(of _: Target.Type, on model: any Model.Type) throws -> QuerySet<Target> {
        guard let query else { return Target.objects }
        guard let typed = query as? QuerySet<Target> else { throw mismatch(query, Target.self, model) }
        return typed
    }

    /// The query this step loads `target`'s rows with, as ``query(of:on:)`` for a target
    /// known only at run time.
    func query(of target: any Model.Type, on model: any Model.Type) throws -> any PrefetchQuery {
        guard let query else { return target.allRows }
        guard query.model == target else { throw mismatch(query, target, model) }
        return query
    }

    private func mismatch(_ query: any PrefetchQuery, _ target: any Model.Type, _ model: any Model.Type) -> FieldError {
        FieldError(
            description: "Prefetch(\"\(name)\") of \(model.schemaInfo.name) loads \(target.schemaInfo.name) rows, but"
                + " its queryset selects \(query.model.schemaInfo.name) rows: pass a \(target.schemaInfo.name).objects"
                + " query.")
    }
}

/// A ``QuerySet`` whose model is known only at run time, as a ``Prefetch`` holds it.
protocol PrefetchQuery: Sendable {
    /// The model whose rows the query selects.
    var model: any Model.Type { get }
    /// The rows whose field `field` is one of `keys`, with `next` loaded, each instance's
    /// rows sliced as the query is; `group` gives a row's instance keys (the value of
    /// `field`, or several for a many-to-many relation).
    func prefetchRows(
        _ field: String, in keys: [DatabaseValue], next: [PrefetchStep],
        group: (any Model) -> [DatabaseValue]
    ) async throws -> [DatabaseValue: [any Model]]
}

extension QuerySet: PrefetchQuery {
    var model: any Model.Type { M.self }

    func prefetchRows(
        _ field: String, in keys: [DatabaseValue], next: [PrefetchStep],
        group: (any Model) -> [DatabaseValue]
    ) async throws -> [DatabaseValue: [any Model]] {
        try await prefetchGroups(field, in: keys, next: next) { group($0) }
    }

    /// The rows whose field `field` is one of `keys`, grouped by `group`, each group sliced
    /// as this query is (Django's sliced `Prefetch`), with `next` loaded.
    func prefetchGroups(
        _ field: String, in keys: [DatabaseValue], next: [PrefetchStep], group: (M) -> [DatabaseValue]
    ) async throws -> [DatabaseValue: [M]] {
        try refuseCombined("prefetch")
        var unsliced = self
        (unsliced.limit, unsliced.offset) = (nil, 0)
        var rows = try await unsliced.filter(.lookup(field + "__in", .list(keys))).fetch()
        try await prefetch(next, into: &rows)
        var groups: [DatabaseValue: [M]] = [:]
        for row in rows {
            for key in group(row) { groups[key, default: []].append(row) }
        }
        if limit != nil || offset > 0 {
            for (key, rows) in groups { groups[key] = Array(rows.dropFirst(offset).prefix(limit ?? Int.max)) }
        }
        return groups
    }
}

extension Model {
    /// All the rows of this model, as a ``PrefetchQuery``.
    static var allRows: any PrefetchQuery { objects }
}
