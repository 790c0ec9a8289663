extension QuerySet {
    /// Loads the relation `name` of every instance with one query: the targets of a
    /// many-to-many field (through its table of pairs) or of a foreign key, or the rows of a
    /// ``RelatedSet``.
    func prefetch(_ name: String, into instances: inout [M]) async throws {
        let database = try ORM.requireDatabase()
        let info = M.schemaInfo
        if let relatedSet = M.schema.relatedSets.first(where: { $0.name == name }) {
            return try await relatedSet.prefetch(&instances)
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
            var targets: [DatabaseValue: [any Model]] = [:]
            for row in try await database.query(rendered: sql, binds) {
                let loaded = try target.init(row: ModelRow(values: row.values[1...], model: targetInfo.name))
                targets[row.values[0], default: []].append(loaded)
            }
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
            var targets: [DatabaseValue: any Model] = [:]
            for row in try await database.query(rendered: sql, binds) {
                let loaded = try target.init(row: ModelRow(values: row.values[...], model: targetInfo.name))
                targets[loaded.pk] = loaded
            }
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
            description: "Invalid field name in prefetchRelated: \"\(name)\". Choices are: "
                + choices.sorted().joined(separator: ", ") + ".")
    }
}
