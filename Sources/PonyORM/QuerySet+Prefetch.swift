extension QuerySet {
    /// Loads the relations `steps` of every instance, with one query per relation: the
    /// targets of a many-to-many field (through its table of pairs, or with one more query
    /// when a ``Prefetch`` gives theirs) or of a foreign key, or the rows of a
    /// ``RelatedSet``; then each step's next ones for the rows it loaded.
    func prefetch(_ steps: [PrefetchStep], into instances: inout [M]) async throws {
        for step in steps { try await prefetch(step, into: &instances) }
    }

    /// Loads the relation `path` of every instance (`"tasks__labels"`).
    func prefetch(_ path: String, into instances: inout [M]) async throws {
        try await prefetch(PrefetchStep.tree([Prefetch(path)]), into: &instances)
    }

    private func prefetch(_ step: PrefetchStep, into instances: inout [M]) async throws {
        let info = M.schemaInfo
        if let relatedSet = M.schema.relatedSets.first(where: { $0.name == step.name }) {
            return try await relatedSet.prefetch(&instances, step)
        }
        if let key = M.schema.genericForeignKeys.first(where: { $0.name == step.name }) {
            guard step.query == nil else {
                throw FieldError(
                    description: "Prefetch(\"\(step.name)\") of \(info.name) gives a queryset, but a GenericForeignKey"
                        + " points to rows of several models: prefetch \"\(step.name)\" without one.")
            }
            return try await key.prefetch(&instances, next: step.next)
        }
        if let relation = M.schema.manyToMany.first(where: { $0.info.name == step.name }) {
            let keys = instances.map(\.pk).filter { $0 != .null }.uniqued()
            guard !keys.isEmpty else { return }
            let targets =
                step.query == nil
                ? try await joinedTargets(relation.info, keys, next: step.next)
                : try await pairedTargets(relation.info, keys, step)
            for index in instances.indices { relation.attach(&instances[index], targets[instances[index].pk] ?? []) }
            return
        }
        if let index = info.fieldIndex(step.name), let target = info.fields[index].relatedModel,
            let attach = M.schema.fields[index].attach
        {
            let keys = instances.map { $0.databaseValues[index] }.filter { $0 != .null }.uniqued()
            guard !keys.isEmpty else { return }
            let query = try step.query(of: target, on: M.self)
            let targets = try await query.prefetchRows("pk", in: keys, next: step.next) { [$0.pk] }
            for position in instances.indices {
                if let loaded = targets[instances[position].databaseValues[index]]?.first {
                    attach(&instances[position], loaded)
                }
            }
            return
        }
        let choices =
            M.schema.manyToMany.map(\.info.name) + M.schema.relatedSets.map(\.name)
            + M.schema.genericForeignKeys.map(\.name) + info.fields.filter { $0.relatedModel != nil }.map(\.name)
        throw FieldError(
            description: "Invalid field name in prefetchRelated: \"\(step.name)\" (of \(info.name)). Choices are: "
                + choices.sorted().joined(separator: ", ") + ".")
    }

    /// The targets of `relation` for each of `keys`, in the order the pairs were added, with
    /// one query joining the table of pairs.
    private func joinedTargets(
        _ relation: ManyToManyInfo, _ keys: [DatabaseValue], next: [PrefetchStep]
    ) async throws -> [DatabaseValue: [any Model]] {
        let database = try ORM.requireDatabase()
        let targetInfo = relation.target.schemaInfo
        let through = relation.throughTable
        let select = SQLSelect(
            items: [
                .expression(.column(table: through, column: relation.sourceColumn), alias: nil),
                .modelColumns(table: targetInfo.table, columns: targetInfo.columns),
            ],
            source: .table(targetInfo.table),
            joins: [
                SQLSelect.Join(
                    outer: false, table: through, alias: through,
                    from: .column(table: through, column: relation.targetColumn),
                    to: .column(table: targetInfo.table, column: targetInfo.primaryKey.column))
            ],
            filter: .column(through, relation.sourceColumn, in: keys),
            orderBy: [SQLSelect.Ordering(expression: .column(table: through, column: "id"), descending: false)])
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        var sources: [DatabaseValue] = []
        var loaded: [any Model] = []
        for row in try await database.query(rendered: sql, binds) {
            sources.append(row.values[0])
            loaded.append(try relation.target.init(row: ModelRow(values: row.values[1...], model: targetInfo.name)))
        }
        loaded = try await relation.target.prefetching(next, in: loaded)
        var targets: [DatabaseValue: [any Model]] = [:]
        for (source, target) in zip(sources, loaded) { targets[source, default: []].append(target) }
        return targets
    }

    /// The targets of `relation` for each of `keys` as `step`'s query selects and orders
    /// them: the pairs, then the targets in that query.
    private func pairedTargets(
        _ relation: ManyToManyInfo, _ keys: [DatabaseValue], _ step: PrefetchStep
    ) async throws -> [DatabaseValue: [any Model]] {
        let query = try step.query(of: relation.target, on: M.self)
        let database = try ORM.requireDatabase()
        let through = relation.throughTable
        let select = SQLSelect(
            items: [
                .expression(.column(table: through, column: relation.sourceColumn), alias: nil),
                .expression(.column(table: through, column: relation.targetColumn), alias: nil),
            ],
            source: .table(through),
            filter: .column(through, relation.sourceColumn, in: keys),
            orderBy: [SQLSelect.Ordering(expression: .column(table: through, column: "id"), descending: false)])
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        var sources: [DatabaseValue: [DatabaseValue]] = [:]
        var targetKeys: [DatabaseValue] = []
        for row in try await database.query(rendered: sql, binds) {
            if sources[row.values[1]] == nil { targetKeys.append(row.values[1]) }
            sources[row.values[1], default: []].append(row.values[0])
        }
        guard !targetKeys.isEmpty else { return [:] }
        return try await query.prefetchRows("pk", in: targetKeys, next: step.next) { sources[$0.pk] ?? [] }
    }
}

extension Model {
    /// `rows`, all of this model, with the relations `steps` loaded (the next steps of a
    /// ``QuerySet/prefetchRelated(_:)-(String...)`` path).
    static func prefetching(_ steps: [PrefetchStep], in rows: [any Model]) async throws -> [any Model] {
        guard !steps.isEmpty else { return rows }
        var instances = rows.compactMap { $0 as? Self }
        guard instances.count == rows.count else { return rows }
        try await objects.prefetch(steps, into: &instances)
        return instances
    }
}
