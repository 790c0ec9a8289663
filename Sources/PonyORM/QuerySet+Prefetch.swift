extension QuerySet {
    /// Loads the relation `path` of every instance with one query per step: the targets of
    /// a many-to-many field (through its table of pairs) or of a foreign key, or the rows of
    /// a ``RelatedSet``; `tasks__labels` then loads the labels of those tasks (Django's
    /// lookups through relations).
    func prefetch(_ path: String, into instances: inout [M]) async throws {
        let database = try ORM.requireDatabase()
        let info = M.schemaInfo
        let split = path.firstRange(of: "__")
        let name = split.map { String(path[..<$0.lowerBound]) } ?? path
        let rest = split.map { String(path[$0.upperBound...]) }
        if let relatedSet = M.schema.relatedSets.first(where: { $0.name == name }) {
            return try await relatedSet.prefetch(&instances, rest)
        }
        if let relation = M.schema.manyToMany.first(where: { $0.info.name == name }) {
            let keys = instances.map(\.pk).filter { $0 != .null }.uniqued()
            guard !keys.isEmpty else { return }
            let target = relation.info.target
            let targetInfo = target.schemaInfo
            let through = relation.info.throughTable
            let select = SQLSelect(
                items: [
                    .expression(.column(table: through, column: relation.info.sourceColumn), alias: nil),
                    .modelColumns(table: targetInfo.table, columns: targetInfo.columns),
                ],
                source: .table(targetInfo.table),
                joins: [
                    SQLSelect.Join(
                        outer: false, table: through, alias: through,
                        from: .column(table: through, column: relation.info.targetColumn),
                        to: .column(table: targetInfo.table, column: targetInfo.primaryKey.column))
                ],
                filter: .column(through, relation.info.sourceColumn, in: keys),
                orderBy: [SQLSelect.Ordering(expression: .column(table: through, column: "id"), descending: false)])
            let (sql, binds) = SQLRenderer.render(select, database.dialect)
            var pairs: [(source: DatabaseValue, target: any Model)] = []
            for row in try await database.query(rendered: sql, binds) {
                let loaded = try target.init(row: ModelRow(values: row.values[1...], model: targetInfo.name))
                pairs.append((row.values[0], loaded))
            }
            if let rest {
                let loaded = try await target.prefetching(rest, in: pairs.map(\.target))
                pairs = zip(pairs, loaded).map { ($0.0.source, $0.1) }
            }
            var targets: [DatabaseValue: [any Model]] = [:]
            for (source, loaded) in pairs { targets[source, default: []].append(loaded) }
            for index in instances.indices { relation.attach(&instances[index], targets[instances[index].pk] ?? []) }
            return
        }
        if let index = info.fieldIndex(name), let target = info.fields[index].relatedModel,
            let attach = M.schema.fields[index].attach
        {
            let keys = instances.map { $0.databaseValues[index] }.filter { $0 != .null }.uniqued()
            guard !keys.isEmpty else { return }
            let targetInfo = target.schemaInfo
            let select = SQLSelect(
                items: [.modelColumns(table: targetInfo.table, columns: targetInfo.columns)],
                source: .table(targetInfo.table),
                filter: .column(targetInfo.table, targetInfo.primaryKey.column, in: keys))
            let (sql, binds) = SQLRenderer.render(select, database.dialect)
            var rows: [any Model] = []
            for row in try await database.query(rendered: sql, binds) {
                rows.append(try target.init(row: ModelRow(values: row.values[...], model: targetInfo.name)))
            }
            if let rest { rows = try await target.prefetching(rest, in: rows) }
            var targets: [DatabaseValue: any Model] = [:]
            for loaded in rows { targets[loaded.pk] = loaded }
            for position in instances.indices {
                if let loaded = targets[instances[position].databaseValues[index]] {
                    attach(&instances[position], loaded)
                }
            }
            return
        }
        let choices =
            M.schema.manyToMany.map(\.info.name) + M.schema.relatedSets.map(\.name)
            + info.fields.filter { $0.relatedModel != nil }.map(\.name)
        throw FieldError(
            description: "Invalid field name in prefetchRelated: \"\(name)\" (of \(info.name)). Choices are: "
                + choices.sorted().joined(separator: ", ") + ".")
    }
}

extension Model {
    /// `rows`, all of this model, with the relation `path` loaded (a nested step of
    /// ``QuerySet/prefetchRelated(_:)``).
    static func prefetching(_ path: String, in rows: [any Model]) async throws -> [any Model] {
        var instances = rows.compactMap { $0 as? Self }
        guard instances.count == rows.count else { return rows }
        try await objects.prefetch(path, into: &instances)
        return instances
    }
}
