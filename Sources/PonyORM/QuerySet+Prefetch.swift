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
            let through = quoteIdentifier(relation.info.throughTable)
            let sql =
                "SELECT \(through).\(quoteIdentifier(relation.info.sourceColumn)), \(targetInfo.selectColumns)"
                + " FROM \(quoteIdentifier(targetInfo.table)) INNER JOIN \(through) ON (\(through)."
                + "\(quoteIdentifier(relation.info.targetColumn)) = \(quoteIdentifier(targetInfo.table))."
                + "\(quoteIdentifier(targetInfo.primaryKey.column))) WHERE \(through)."
                + "\(quoteIdentifier(relation.info.sourceColumn)) IN (\(keys.map { _ in "?" }.joined(separator: ", ")))"
                + " ORDER BY \(through).\(quoteIdentifier("id"))"
            var targets: [DatabaseValue: [any Model]] = [:]
            for row in try await database.query(sql, keys) {
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
            let sql =
                "SELECT \(targetInfo.selectColumns) FROM \(quoteIdentifier(targetInfo.table)) WHERE "
                + "\(quoteIdentifier(targetInfo.table)).\(quoteIdentifier(targetInfo.primaryKey.column))"
                + " IN (\(keys.map { _ in "?" }.joined(separator: ", ")))"
            var targets: [DatabaseValue: any Model] = [:]
            for row in try await database.query(sql, keys) {
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
