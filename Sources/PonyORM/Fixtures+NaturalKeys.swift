internal import PonySupport

/// Django's natural keys in fixtures (`dumpdata --natural-foreign --natural-primary`): a row
/// named by the values of ``ModelOptions/naturalKey`` instead of its primary key, so that
/// fixtures move between databases whose keys differ (content types and permissions, which
/// every migrate makes).
extension Fixtures {
    /// The natural key values of every row of models read so far, by model label and key.
    struct NaturalKeys {
        private var byModel: [String: [DatabaseValue: [JSONValue]]] = [:]

        /// `key`'s natural key in `info`, reading the table's keys at the first call.
        mutating func of(_ key: DatabaseValue, in info: SchemaInfo, _ database: any Database) async throws
            -> [JSONValue]?
        {
            if byModel[info.label] == nil { byModel[info.label] = try await read(info, database) }
            return byModel[info.label]?[key]
        }

        private mutating func read(_ info: SchemaInfo, _ database: any Database) async throws
            -> [DatabaseValue: [JSONValue]]
        {
            let fields = try Fixtures.naturalKeyFields(info)
            let select = SQLSelect(
                items: [.modelColumns(table: info.table, columns: [info.primaryKey.column] + fields.map(\.column))],
                source: .table(info.table))
            let (sql, binds) = SQLRenderer.render(select, database.dialect)
            var keys: [DatabaseValue: [JSONValue]] = [:]
            for row in try await database.query(rendered: sql, binds) where row.values.count == fields.count + 1 {
                var values: [JSONValue] = []
                for (field, value) in zip(fields, row.values.dropFirst()) {
                    if let target = field.relatedModel?.schemaInfo, !target.options.naturalKey.isEmpty {
                        guard let parts = try await of(value, in: target, database) else { continue }
                        values += parts
                    } else {
                        values.append(try FixtureValue.json(value, field))
                    }
                }
                keys[row.values[0]] = values
            }
            return keys
        }
    }

    /// The fields of `info`'s natural key, in order.
    static func naturalKeyFields(_ info: SchemaInfo) throws(FixtureError) -> [FieldInfo] {
        try info.options.naturalKey.map { name throws(FixtureError) in
            guard let field = info.field(named: name) else {
                throw FixtureError("\(info.name)'s natural key names '\(name)', which is not one of its fields.")
            }
            return field
        }
    }

    /// How many values `info`'s natural key has (a foreign key counts its target's).
    static func naturalKeyLength(_ info: SchemaInfo) throws(FixtureError) -> Int {
        var length = 0
        for field in try naturalKeyFields(info) {
            if let target = field.relatedModel?.schemaInfo, !target.options.naturalKey.isEmpty {
                length += try naturalKeyLength(target)
            } else {
                length += 1
            }
        }
        return length
    }

    /// The key of the row of `info` that `values` name (Django's `get_by_natural_key`), or
    /// `nil` when there is none.
    static func resolve(_ values: [JSONValue], in info: SchemaInfo, _ database: any Database) async throws
        -> DatabaseValue?
    {
        let fields = try naturalKeyFields(info)
        guard !fields.isEmpty else {
            throw FixtureError("\(info.name) has no natural key: name it by its primary key.")
        }
        guard values.count == (try naturalKeyLength(info)) else {
            throw FixtureError(
                "\(info.name)'s natural key has \(try naturalKeyLength(info)) values, not \(values.count).")
        }
        var rest = values[...]
        var conditions: [SQLExpression] = []
        for field in fields {
            let value: DatabaseValue
            if let target = field.relatedModel?.schemaInfo, !target.options.naturalKey.isEmpty {
                let length = try naturalKeyLength(target)
                guard let key = try await resolve(Array(rest.prefix(length)), in: target, database) else { return nil }
                rest = rest.dropFirst(length)
                value = key
            } else {
                value = try FixtureValue.database(rest.first ?? .null, field, allowNull: false)
                rest = rest.dropFirst()
            }
            conditions.append(.column(info.table, field.column, equals: value))
        }
        return try await key(where: .and(conditions), in: info, database)
    }

    /// The key of the row whose natural key columns hold `values` (stored values, in the
    /// order of ``naturalKeyFields(_:)``), for an object given without its key.
    static func existingKey(_ values: [DatabaseValue], in info: SchemaInfo, _ database: any Database) async throws
        -> DatabaseValue?
    {
        let fields = try naturalKeyFields(info)
        guard !fields.isEmpty, fields.count == values.count else { return nil }
        let conditions = zip(fields, values).map { SQLExpression.column(info.table, $0.column, equals: $1) }
        return try await key(where: .and(conditions), in: info, database)
    }

    private static func key(where filter: SQLExpression, in info: SchemaInfo, _ database: any Database)
        async throws -> DatabaseValue?
    {
        let select = SQLSelect(
            items: [.expression(.column(table: info.table, column: info.primaryKey.column), alias: nil)],
            source: .table(info.table), filter: filter, limit: 1)
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        return try await database.query(rendered: sql, binds).first?.values.first
    }

    /// A foreign key's value in a fixture: a natural key (a JSON array) becomes the target's key.
    static func resolvingNaturalKey(_ value: JSONValue, _ field: FieldInfo, _ database: any Database) async throws
        -> JSONValue
    {
        guard case .array(let parts) = value, let target = field.relatedModel?.schemaInfo else { return value }
        guard let key = try await resolve(parts, in: target, database) else {
            throw FixtureError(
                "'\(snakeCase(field.name))' names no \(target.name): "
                    + value.pythonJSON(compact: false, asciiOnly: false).prefix(120) + ".")
        }
        return try FixtureValue.json(key, target.primaryKey)
    }
}
