internal import Foundation
public import PonySupport

/// Django's fixtures: the objects of models as the JSON `dumpdata` writes and `loaddata`
/// reads, `[{"model": "app.model", "pk": 1, "fields": {…}}, …]`, so data moves between
/// databases (SQLite to PostgreSQL), between Pony and Django, and into tests.
///
/// Values are written as Django's `DjangoJSONEncoder` writes them: date-times in UTC to the
/// millisecond with `Z`, dates and times in ISO 8601, decimals as strings with the field's
/// places, durations as Django's `duration_string`, binary data in base64, foreign keys and
/// many-to-many relations as primary keys.
public enum Fixtures {
    /// The objects of `models` in `database`, model by model, each model's by primary key
    /// (Django's `dumpdata`); only those whose key is in `primaryKeys`, when given
    /// (`dumpdata --pks`). With `naturalForeign`, relations to models with a
    /// ``ModelOptions/naturalKey`` are written as their natural keys; with `naturalPrimary`,
    /// such models' objects leave out their own key (Django's `--natural-foreign` and
    /// `--natural-primary`).
    public static func dump(
        _ models: [any Model.Type], from database: any Database, primaryKeys: [String]? = nil,
        naturalForeign: Bool = false, naturalPrimary: Bool = false
    ) async throws -> [JSONValue] {
        var objects: [JSONValue] = []
        var natural = NaturalKeys()
        for model in models {
            let info = model.schemaInfo
            var select = SQLSelect(
                items: [.modelColumns(table: info.table, columns: info.fields.map(\.column))],
                source: .table(info.table),
                orderBy: [
                    .init(expression: .column(table: info.table, column: info.primaryKey.column), descending: false)
                ])
            if let primaryKeys {
                let keys = try primaryKeys.map { key throws(FixtureError) in
                    let json: JSONValue = Int64(key).map(JSONValue.int) ?? .string(key)
                    return try FixtureValue.database(json, info.primaryKey, allowNull: false)
                }
                select.filter = .column(info.table, info.primaryKey.column, in: keys)
            }
            let (sql, binds) = SQLRenderer.render(select, database.dialect)
            let rows = try await database.query(rendered: sql, binds)
            let relations = try await manyToManyKeys(info, in: database)
            for row in rows {
                var fields = JSONObject()
                for (index, field) in info.fields.enumerated() where index != info.primaryKeyIndex {
                    let value = row.values[index]
                    if naturalForeign, value != .null, let target = field.relatedModel?.schemaInfo,
                        !target.options.naturalKey.isEmpty, let key = try await natural.of(value, in: target, database)
                    {
                        fields[snakeCase(field.name)] = .array(key)
                    } else {
                        fields[snakeCase(field.name)] = try FixtureValue.json(value, field)
                    }
                }
                let pk = row.values[info.primaryKeyIndex]
                for (name, target, keys) in relations {
                    var listed: [JSONValue] = []
                    for key in keys[pk] ?? [] {
                        if naturalForeign, !target.options.naturalKey.isEmpty,
                            let parts = try await natural.of(key, in: target, database)
                        {
                            listed.append(.array(parts))
                        } else {
                            listed.append(try FixtureValue.json(key, target.primaryKey))
                        }
                    }
                    fields[name] = .array(listed)
                }
                var object: JSONObject = ["model": .string(info.label)]
                if !(naturalPrimary && !info.options.naturalKey.isEmpty) {
                    object["pk"] = try FixtureValue.json(pk, info.primaryKey)
                }
                object["fields"] = .object(fields)
                objects.append(.object(object))
            }
        }
        return objects
    }

    /// The related keys of each of `info`'s many-to-many relations (those without a `through`
    /// model, which is dumped on its own), by source key, in the order they were added.
    private static func manyToManyKeys(_ info: SchemaInfo, in database: any Database) async throws
        -> [(String, SchemaInfo, [DatabaseValue: [DatabaseValue]])]
    {
        var relations: [(String, SchemaInfo, [DatabaseValue: [DatabaseValue]])] = []
        for relation in info.manyToMany where relation.through == nil {
            let table = relation.throughTable
            let select = SQLSelect(
                items: [
                    .expression(.column(table: table, column: relation.sourceColumn), alias: nil),
                    .expression(.column(table: table, column: relation.targetColumn), alias: nil),
                ],
                source: .table(table),
                orderBy: [.init(expression: .column(table: table, column: "id"), descending: false)])
            let (sql, binds) = SQLRenderer.render(select, database.dialect)
            let pairs = try await database.query(rendered: sql, binds).filter { $0.values.count == 2 }
            // NB: each object's related keys in the target's default ordering, as Django's
            // serializer reads them through the related manager.
            let order = try await orderedKeys(relation.target, Array(Set(pairs.map { $0.values[1] })))
            let position = Dictionary(order.enumerated().map { ($1, $0) }) { first, _ in first }
            let sorted = pairs.sorted { (position[$0.values[1]] ?? 0) < (position[$1.values[1]] ?? 0) }
            var keys: [DatabaseValue: [DatabaseValue]] = [:]
            for row in sorted { keys[row.values[0], default: []].append(row.values[1]) }
            relations.append((snakeCase(relation.name), relation.target.schemaInfo, keys))
        }
        return relations
    }

    /// `keys` of `model` in its default ordering (then by key, as the pairs came).
    private static func orderedKeys<T: Model>(_ model: T.Type, _ keys: [DatabaseValue]) async throws
        -> [DatabaseValue]
    {
        guard !keys.isEmpty else { return [] }
        let ordering = T.schemaInfo.options.ordering
        let query = T.objects.filter(.lookup("pk__in", .list(keys)))
        let rows = try await (ordering.isEmpty ? query.orderBy("pk") : query).valuesList("pk")
        return rows.compactMap(\.first)
    }

    /// The text `dumpdata --format jsonl` prints for `objects`: JSON Lines, one object a line.
    public static func jsonLines(_ objects: [JSONValue]) -> [UInt8] {
        objects.flatMap { $0.pythonJSONBytes(separators: .colonSpaced, asciiOnly: false) + [UInt8(ascii: "\n")] }
    }

    /// The objects of a fixture in JSON Lines (`loaddata` of a `.jsonl` file), as one array.
    public static func parseJSONLines(_ bytes: [UInt8]) throws(FixtureError) -> JSONValue {
        var objects: [JSONValue] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) {
            do {
                objects.append(try JSONValue(parsing: Array(line)))
            } catch {
                throw FixtureError("line \(number + 1) is not JSON (\(error.description)).")
            }
        }
        return .array(objects)
    }

    /// The text `dumpdata` prints for `objects`: on one line as Python's `json.dump` writes
    /// it, or with `indent`, one object after another at the left margin.
    public static func text(_ objects: [JSONValue], indent: Int? = nil) -> [UInt8] {
        guard let indent, indent > 0 else {
            return JSONValue.array(objects).pythonJSONBytes(compact: false, asciiOnly: false)
        }
        var output = Array("[".utf8)
        for (position, object) in objects.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\n"))
            output += object.pythonJSONBytes(indent: indent, asciiOnly: false)
        }
        output += Array("\n]\n".utf8)
        return output
    }

    /// Saves each object of a fixture (Django's `loaddata`): its row is updated when its key
    /// exists and inserted otherwise, its many-to-many relations replaced, all in one
    /// transaction, so that a fixture that fails loads nothing. Signals are not sent and
    /// `autoNow` fields are not touched, as Django saves fixtures raw. On PostgreSQL the
    /// tables' key sequences are moved past the keys loaded. Returns how many objects it saved.
    @discardableResult
    public static func load(_ fixture: JSONValue, models: [any Model.Type], into database: any Database)
        async throws -> Int
    {
        guard case .array(let objects) = fixture else {
            throw FixtureError("A fixture is a JSON array of objects, not \(fixture.kindName).")
        }
        let byLabel = Dictionary(models.map { ($0.schemaInfo.label, $0.schemaInfo) }) { first, _ in first }
        let saved = try await database.transaction {
            var saved = Set<String>()
            for (position, object) in objects.enumerated() {
                do {
                    saved.insert(try await save(object, byLabel, database).label)
                } catch let error as FixtureError {
                    throw FixtureError("Object \(position + 1): \(error.description)")
                }
            }
            return saved
        }
        if database.dialect == .postgresql {
            for label in saved.sorted() { if let info = byLabel[label] { try await resetSequence(info, database) } }
        }
        return objects.count
    }

    private static func save(_ object: JSONValue, _ byLabel: [String: SchemaInfo], _ database: any Database)
        async throws -> SchemaInfo
    {
        guard case .object(let members) = object else {
            throw FixtureError("each object of a fixture is a JSON object, not \(object.kindName).")
        }
        guard let label = members["model"]?.stringValue else { throw FixtureError("it has no \"model\".") }
        guard let info = byLabel[label.lowercased()] else {
            throw FixtureError("Invalid model identifier: '\(label)'.")
        }
        var fields = JSONObject()
        if let given = members["fields"] {
            guard case .object(let object) = given else { throw FixtureError("\"fields\" is not an object.") }
            fields = object
        }
        for (name, value) in fields {
            if let field = info.field(named: name) {
                fields[name] = try await resolvingNaturalKey(value, field, database)
            } else if !info.manyToMany.contains(where: { snakeCase($0.name) == name }) {
                throw FixtureError("\(info.name) has no field named '\(name)'.")
            }
        }
        var values: [DatabaseValue] = []
        // Fields with a database default that the object leaves out are the database's, as
        // Django's `DatabaseDefault` leaves them.
        var defaulted: [Int] = []
        for (index, field) in info.fields.enumerated() {
            if index == info.primaryKeyIndex {
                values.append(try FixtureValue.database(members["pk"] ?? .null, field, allowNull: field.isAutomatic))
            } else if field.isGenerated {
                values.append(.null)
            } else if let value = fields[snakeCase(field.name)] ?? fields[field.name] {
                values.append(try FixtureValue.database(value, field, allowNull: field.isNullable))
            } else if field.hasDatabaseDefault {
                values.append(.null)
                defaulted.append(index)
            } else {
                values.append(try FixtureValue.missing(field))
            }
        }
        var pk = values[info.primaryKeyIndex]
        if pk == .null, !info.options.naturalKey.isEmpty {
            // NB: as Django's build_instance: an object without its key is the row its
            // natural key names, when there is one.
            let indices = try naturalKeyFields(info).compactMap { field in
                info.fields.firstIndex { $0.name == field.name }
            }
            if let existing = try await existingKey(indices.map { values[$0] }, in: info, database) {
                pk = existing
                values[info.primaryKeyIndex] = existing
            }
        }
        var updated = false
        if pk != .null {
            // NB: generated columns are the database's; a fixture's values for them are ignored,
            // as Django's loaddata ignores them.
            let assignments = info.fields.indices.filter { $0 != info.primaryKeyIndex && !info.fields[$0].isGenerated }
            if !assignments.isEmpty {
                let update = SQLUpdate(
                    table: info.table,
                    assignments: try assignments.map { try info.assignment($0, values, defaulted: defaulted) },
                    filter: .column(info.table, info.primaryKey.column, equals: pk))
                let (sql, binds) = SQLRenderer.render(update, database.dialect)
                updated = try await database.execute(rendered: sql, binds).changes > 0
            } else {
                let select = SQLSelect(
                    items: [.expression(.integer(1), alias: nil)], source: .table(info.table),
                    filter: .column(info.table, info.primaryKey.column, equals: pk))
                let (sql, binds) = SQLRenderer.render(select, database.dialect)
                updated = try await !database.query(rendered: sql, binds).isEmpty
            }
        }
        if !updated {
            let columns = info.fields.indices.filter {
                ($0 != info.primaryKeyIndex || pk != .null) && !info.fields[$0].isGenerated && !defaulted.contains($0)
            }
            let insert = SQLInsert(
                table: info.table, columns: columns.map { info.fields[$0].column },
                types: columns.map { info.fields[$0].type },
                returning: pk == .null && database.dialect.returnsInsertedKeys ? [info.primaryKey.column] : [])
            let result = try await database.execute(
                rendered: SQLRenderer.render(insert, database.dialect), columns.map { values[$0] })
            if pk == .null { pk = .integer(result.lastInsertID) }
        }
        for relation in info.manyToMany where relation.through == nil {
            guard let given = fields[snakeCase(relation.name)] ?? fields[relation.name] else { continue }
            guard case .array(let targets) = given else {
                throw FixtureError("'\(snakeCase(relation.name))' is a list of keys, not \(given.kindName).")
            }
            let target = relation.target.schemaInfo
            var keys: [DatabaseValue] = []
            for element in targets {
                guard case .array(let parts) = element else {
                    keys.append(try FixtureValue.database(element, target.primaryKey, allowNull: false))
                    continue
                }
                guard let key = try await resolve(parts, in: target, database) else {
                    throw FixtureError(
                        "'\(snakeCase(relation.name))' names no \(target.name): "
                            + element.pythonJSON(compact: false, asciiOnly: false).prefix(120) + ".")
                }
                keys.append(key)
            }
            let table = relation.throughTable
            let (sql, binds) = SQLRenderer.render(
                SQLDelete(table: table, filter: .column(table, relation.sourceColumn, equals: pk)), database.dialect)
            try await database.execute(rendered: sql, binds)
            guard !keys.isEmpty else { continue }
            let insert = SQLInsert(
                table: table, columns: [relation.sourceColumn, relation.targetColumn], rows: keys.count)
            try await database.execute(
                rendered: SQLRenderer.render(insert, database.dialect), keys.flatMap { [pk, $0] })
        }
        return info
    }

    /// Django's `sequence_reset_sql`: on PostgreSQL, the table's key sequence continues after
    /// its largest key (SQLite needs nothing).
    package static func resetSequence(_ info: SchemaInfo, _ database: any Database) async throws {
        guard database.dialect == .postgresql, info.primaryKey.isAutomatic else { return }
        let table = quoteIdentifier(info.table)
        let column = quoteIdentifier(info.primaryKey.column)
        let sql =
            "SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max(\(column)), 1), max(\(column)) IS NOT null)"
            + " FROM \(table)"
        _ = try await database.query(sql, [.text(table), .text(info.primaryKey.column)])
    }
}

/// A fixture that cannot be loaded, and why.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// What kind of JSON value this is, for messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
