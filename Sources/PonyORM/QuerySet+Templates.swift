public import PonyTemplates

// A query in a template context is evaluated where the template first needs it, as Django's
// lazy `QuerySet` is: `render(request, "list.html", ["tasks": Task.objects.filter(…)])`
// then `{% for task in tasks %}`, `{{ tasks|length }}`, `{% if tasks %}`, `{{ tasks.count }}`.
// Templates render without awaiting, so a pass that reaches a query asks the render's
// `TemplateLoads` for it and shows nothing; `render(request, …)` runs each distinct query
// once between passes (see Model+Templates.swift). Outside such a render there is nothing to
// await: `renderToString` and `Template.render` take rows already fetched.

extension QuerySet: TemplateObject {
    /// Django's queryset attributes in a template: `all`, `count`, `exists`, `first`, `last`
    /// (each its own query, as in Django), or a row by index (`tasks.0`).
    public func lookup(_ key: String) -> TemplateValue? {
        switch key {
        case "all": return .object(self)
        case "count": return loaded("count") { .int(try await self.count()) }
        case "exists": return loaded("exists") { .bool(try await self.exists()) }
        case "first": return loaded("first") { try await self.first().map { .object($0) } ?? .null }
        case "last": return loaded("last") { try await self.last().map { .object($0) } ?? .null }
        default:
            guard let index = Int(key), index >= 0, let rows = rows, index < rows.count else { return nil }
            return rows[index]
        }
    }

    /// The rows, as `{% for %}` visits them (none until the render has loaded them).
    public var elements: [TemplateValue]? { rows ?? [] }

    /// Whether the query has rows, as Django's `bool(queryset)`.
    public var isTruthy: Bool { !(rows ?? []).isEmpty }

    /// Django's `repr()`: `<QuerySet [<Task: Buy milk>, …]>`, at most 20 rows.
    public var text: String {
        let rows = rows ?? []
        var items = rows.prefix(Self.reprRows).map { row -> String in
            guard case .object(let instance) = row else { return row.text }
            return "<\(M.schemaInfo.name): \(instance.text)>"
        }
        if rows.count > Self.reprRows { items.append("'...(remaining elements truncated)...'") }
        return "<QuerySet [" + items.joined(separator: ", ") + "]>"
    }

    /// Django's `REPR_OUTPUT_SIZE`.
    private static var reprRows: Int { 20 }

    /// The rows, once the render in progress has loaded them.
    private var rows: [TemplateValue]? {
        guard case .array(let rows)? = loaded("rows", { try await self.templateRows() }) else { return nil }
        return rows
    }

    /// The rows as the template sees them: with their annotations (`{{ author.books }}` of
    /// `annotate(["books": .count("book")])`) when the query selects some.
    private func templateRows() async throws -> TemplateValue {
        guard annotations.contains(where: \.isSelected) else { return .array(try await fetch().map { .object($0) }) }
        var rows = try await fetchAnnotated()
        if !prefetched.isEmpty {
            var instances = rows.map(\.instance)
            try await prefetch(PrefetchStep.tree(prefetched), into: &instances)
            rows = zip(instances, rows).map { Annotated(instance: $0, annotations: $1.annotations) }
        }
        return .array(rows.map { .object($0) })
    }

    /// What `what` of this query (its rows, count, …) loaded to in an earlier pass, or `nil`
    /// after asking for it. Queries are told apart by their SQL and values, so the same query
    /// written twice in one page runs once.
    private func loaded(_ what: String, _ load: @escaping @Sendable () async throws -> TemplateValue)
        -> TemplateValue?
    {
        guard TemplateLoads.current != nil, let dialect = ORM.database?.dialect else { return nil }
        let key: String
        do {
            let (sql, binds, _) = try selectSQL(dialect)
            key =
                sql + "\u{0}" + binds.map { "\($0)" }.joined(separator: "\u{0}") + "\u{0}"
                + prefetched.map(\.path).joined(separator: ",")
        } catch {
            // NB: the load runs the query again and throws its error (a misspelt field), which
            // ends the render as Django's FieldError would.
            key = "\(error)"
        }
        return ORM.templateValue(group: M.schemaInfo.label + ".queryset." + what, key: key, load)
    }
}

extension Annotated: TemplateObject {
    /// An annotation by name, else the instance's field or relation (Django sets annotations
    /// as attributes of the instance).
    public func lookup(_ key: String) -> TemplateValue? {
        if let value = annotations[key] { return templateValue(of: value) }
        return instance.lookup(key)
    }

    /// The instance's text.
    public var text: String { instance.displayText }
}
