/// A delete refused because protected rows point to the row (``OnDelete/protect``/``OnDelete/restrict``).
public struct ProtectedError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension Model {
    /// Inserts the instance (when it has no primary key yet) or updates its row, as Django's
    /// `save()`; `updateFields` limits an update to those fields. Runs the save signals.
    public mutating func save(updateFields: [String]? = nil) async throws {
        try await saveRow(updateFields: updateFields)
    }

    /// Saves a new instance and returns it with its primary key: `try await Task(name: n,
    /// owner: owner).save()`, where there is no variable to update.
    @_disfavoredOverload
    @discardableResult
    public func save() async throws -> Self {
        var saved = self
        try await saved.saveRow(updateFields: nil)
        return saved
    }

    private mutating func saveRow(updateFields: [String]?) async throws {
        let database = try ORM.requireDatabase()
        let schema = Self.schema
        let isNew = pk == .null
        for field in schema.fields where field.info.options.autoNow || (isNew && field.info.options.autoNowAdd) {
            field.touch?(&self)
        }
        try await ORM.signals.send(.preSave, self, created: isNew)
        let values = databaseValues
        try Self.validateForStorage(values)
        if isNew {
            try await insert(values, into: database)
        } else {
            let updated = try await update(values, in: database, fields: updateFields)
            if !updated && updateFields == nil { try await insert(values, into: database) }
        }
        try await ORM.signals.send(.postSave, self, created: isNew)
    }

    private mutating func insert(_ values: [DatabaseValue], into database: any Database) async throws {
        let info = Self.schemaInfo
        // NB: only the primary key can be automatic, so there are two statements per backend:
        // with the key left to the database, and with a key given.
        let assignsKey = info.fields[info.primaryKeyIndex].isAutomatic && values[info.primaryKeyIndex] == .null
        // Fields with a database default and no value are left to the database (Django's
        // `DatabaseDefault`), so a statement per set of them.
        let defaulted = info.databaseDefaultIndices.filter { values[$0] == .null }
        let fields = info.fields.indices.filter {
            ($0 != info.primaryKeyIndex || !assignsKey) && !info.fields[$0].isGenerated && !defaulted.contains($0)
        }
        // NB: generated columns and database defaults come back by RETURNING (on SQLite too,
        // with the key before them).
        let computed = info.generatedIndices + defaulted
        let returnsKey = assignsKey && (database.dialect.returnsInsertedKeys || !computed.isEmpty)
        var returned = computed
        if returnsKey { returned.insert(info.primaryKeyIndex, at: 0) }
        var path = assignsKey ? " INSERT" : " INSERT WITH KEY"
        for index in defaulted { path += " \(index)" }
        let key = StatementCache.Key(vendor: database.dialect.vendor, path: path, limited: false)
        let binds = fields.map { values[$0] }
        let sql: String
        if let cached = info.statements[key] {
            sql = cached
        } else {
            // NB: SQLite reports the row id itself; PostgreSQL returns the key the row was given.
            let insert = SQLInsert(
                table: info.table, columns: fields.map { info.fields[$0].column },
                types: fields.map { info.fields[$0].type }, returning: returned.map { info.fields[$0].column })
            sql = SQLRenderer.render(insert, database.dialect)
            info.statements[key] = sql
        }
        guard !computed.isEmpty else {
            let result = try await database.execute(rendered: sql, binds)
            if assignsKey { assignPrimaryKey(result.lastInsertID) }
            return
        }
        guard let row = try await database.writeReturning(rendered: sql, binds).first else { return }
        if returnsKey, case .integer(let id) = row.values[0] { assignPrimaryKey(id) }
        try assign(row.values.suffix(computed.count), to: computed)
    }

    /// Sets the fields at `indices` (generated fields, database defaults) from the values a
    /// statement returned, in their order.
    mutating func assign(_ returned: some Collection<DatabaseValue>, to indices: [Int]) throws {
        let fields = Self.schema.fields
        for (index, value) in zip(indices, returned) {
            try fields[index].assign(&self, value)
        }
    }

    private mutating func update(_ values: [DatabaseValue], in database: any Database, fields names: [String]?)
        async throws -> Bool
    {
        let info = Self.schemaInfo
        var indices = info.fields.indices.filter { $0 != info.primaryKeyIndex && !info.fields[$0].isGenerated }
        if let names {
            indices = try names.map { name in
                guard let index = info.fieldIndex(name) else {
                    throw FieldError(
                        description: "Cannot update \(info.name).\(name): no such field. Fields are: "
                            + info.fields.map(\.name).joined(separator: ", ") + ".")
                }
                try info.refuseGenerated(info.fields[index])
                return index
            }
        }
        // A model of only its key has nothing to update: the row is there or not (Django's
        // `filtered.exists()`); `updateFields` naming none counts as done.
        if indices.isEmpty {
            if names != nil { return true }
            return try await Self.objects.filter(.lookup("pk", .value(pk))).exists()
        }
        // NB: generated columns come back by RETURNING, so the instance holds what the row does;
        // so do database defaults, which a field with no value is set to (as Django's
        // `DatabaseDefault` sets it).
        let defaulted = indices.filter { info.fields[$0].hasDatabaseDefault && values[$0] == .null }
        let computed = info.generatedIndices + defaulted
        let update = SQLUpdate(
            table: info.table, assignments: try indices.map { try info.assignment($0, values, defaulted: defaulted) },
            filter: .column(info.table, info.primaryKey.column, equals: pk),
            returning: computed.map { info.fields[$0].column })
        let (sql, binds) = SQLRenderer.render(update, database.dialect)
        guard !computed.isEmpty else { return try await database.execute(rendered: sql, binds).changes > 0 }
        guard let row = try await database.writeReturning(rendered: sql, binds).first else { return false }
        try assign(row.values, to: computed)
        return true
    }

    /// Deletes the row, applying every foreign key's `onDelete` to the rows pointing to it,
    /// in one transaction. Returns how many rows were deleted, per model label.
    @discardableResult
    public func delete() async throws -> [String: Int] {
        guard pk != .null else {
            throw DatabaseError(
                "\(Self.schemaInfo.name) object can't be deleted because its id attribute is set to None.")
        }
        try await ORM.signals.send(.preDelete, self, created: false)
        let counts = try await Self.objects.filter(.lookup("pk", .value(pk))).delete()
        try await ORM.signals.send(.postDelete, self, created: false)
        return counts
    }

    /// Reloads the fields from the database.
    public mutating func refreshFromDB() async throws {
        self = try await Self.objects.filter(.lookup("pk", .value(pk))).get()
    }
}

extension QuerySet {
    /// Saves a new instance and returns it with its primary key.
    @discardableResult
    public func create(_ instance: M) async throws -> M {
        var instance = instance
        try await instance.save()
        return instance
    }

    /// The row matching `lookup`, or `make()` saved as a new one; `created` says which.
    public func getOrCreate(_ condition: Q, _ make: () -> M) async throws -> (M, created: Bool) {
        if let existing = try await filter(condition).fetch().first { return (existing, false) }
        return (try await create(make()), true)
    }

    /// Updates the row matching `condition` with `change`, or creates `make()`.
    public func updateOrCreate(
        _ condition: Q, _ make: () -> M, update change: (inout M) -> Void
    ) async throws -> (M, created: Bool) {
        if var existing = try await filter(condition).fetch().first {
            change(&existing)
            try await existing.save()
            return (existing, false)
        }
        return (try await create(make()), true)
    }

    /// Inserts many instances in few statements (no signals, as in Django) and returns them;
    /// their automatic keys are filled in (as Django does on PostgreSQL and SQLite).
    ///
    /// `onConflict` is what a row does when it breaks a unique constraint (Django's
    /// `ignore_conflicts` and `update_conflicts`): ``BulkConflict/ignore`` skips it (and, as in
    /// Django, no keys are filled in), ``BulkConflict/update(_:uniqueFields:)`` updates the
    /// row already there (an upsert, whose keys are filled in).
    @discardableResult
    public func bulkCreate(_ instances: [M], batchSize: Int? = nil, onConflict: BulkConflict? = nil) async throws
        -> [M]
    {
        let database = try ORM.requireDatabase()
        let info = M.schemaInfo
        let schema = M.schema
        let fields = info.fields.indices.filter { !info.fields[$0].isAutomatic && !info.fields[$0].isGenerated }
        let perRow = Swift.max(1, fields.count)
        let batch = Swift.max(1, Swift.min(batchSize ?? 500, 32_000 / perRow))
        let conflict = try onConflict.map { try $0.sql(info) }
        var saved = instances
        for index in saved.indices {
            for field in schema.fields where field.info.options.autoNow || field.info.options.autoNowAdd {
                field.touch?(&saved[index])
            }
        }
        let rows = saved.map(\.databaseValues)
        for values in rows { try M.validateForStorage(values) }
        // NB: with conflicts the keys come back by RETURNING on both backends (a skipped row
        // has none, so then none are filled in, as in Django); rowids would not be consecutive.
        // Generated columns and database defaults come back the same way, after the key.
        let defaults = info.databaseDefaultIndices
        let returnsKeys =
            info.primaryKey.isAutomatic && (database.dialect.returnsInsertedKeys || onConflict != nil)
        let returnsRows =
            onConflict != .ignore && (returnsKeys || !info.generatedIndices.isEmpty || !defaults.isEmpty)
        let countsKeys = info.primaryKey.isAutomatic && onConflict == nil && !returnsRows
        let (lastID, returned) = try await database.transaction {
            var start = 0
            var lastID: Int64 = 0
            var returned: [(values: [DatabaseValue], computed: [Int])] = []
            while start < rows.count {
                // A statement inserts rows that leave the same database defaults to the database.
                let defaulted = defaults.filter { rows[start][$0] == .null }
                var end = start + 1
                while end < Swift.min(start + batch, rows.count),
                    defaults.allSatisfy({ (rows[end][$0] == .null) == defaulted.contains($0) })
                {
                    end += 1
                }
                let written = fields.filter { !defaulted.contains($0) }
                let computed = info.generatedIndices + defaulted
                var binds: [DatabaseValue] = []
                binds.reserveCapacity((end - start) * written.count)
                for values in rows[start..<end] {
                    for field in written { binds.append(values[field]) }
                }
                let insert = SQLInsert(
                    table: info.table, columns: written.map { info.fields[$0].column },
                    types: written.map { info.fields[$0].type }, rows: end - start, onConflict: conflict,
                    returning: returnsRows ? ([info.primaryKeyIndex] + computed).map { info.fields[$0].column } : [])
                let sql = SQLRenderer.render(insert, database.dialect)
                if returnsRows {
                    // NB: PostgreSQL returns the rows in the order of VALUES.
                    returned += try await database.query(rendered: sql, binds).map { ($0.values, computed) }
                } else {
                    lastID = try await database.execute(rendered: sql, binds).lastInsertID
                }
                start = end
            }
            return (lastID, returned)
        }
        for (index, row) in zip(saved.indices, returned) {
            if info.primaryKey.isAutomatic, case .integer(let id) = row.values[0] { saved[index].assignPrimaryKey(id) }
            try saved[index].assign(row.values.dropFirst(), to: row.computed)
        }
        if countsKeys, !saved.isEmpty {
            // NB: writes are serialised and the rows went in one transaction, so their keys
            // are consecutive, ending at the last insert's rowid.
            let first = lastID - Int64(saved.count) + 1
            for index in saved.indices { saved[index].assignPrimaryKey(first + Int64(index)) }
        }
        return saved
    }

    /// Updates the fields `fields` of many saved instances, in one transaction.
    public func bulkUpdate(_ instances: [M], fields: [String]) async throws {
        try await ORM.requireDatabase().transaction {
            for instance in instances {
                var copy = instance
                try await copy.save(updateFields: fields)
            }
        }
    }

    /// Sets fields on every matching row in one statement: `update(["views": F("views") + 1])`.
    /// Returns the number of rows changed. Runs no signals, as in Django.
    @discardableResult
    public func update(_ changes: [String: F]) async throws -> Int {
        try refuseCombined("update")
        let database = try ORM.requireDatabase()
        let info = M.schemaInfo
        var compiler = SQLCompiler(root: info)
        var assignments: [(column: String, value: SQLExpression)] = []
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            guard let field = info.field(named: name) else {
                throw FieldError(
                    description: "Cannot update \(info.name).\(name): no such field. Fields are: "
                        + info.fields.map(\.name).joined(separator: ", ") + ".")
            }
            try info.refuseGenerated(field)
            var expression = try compiler.expression(value)
            // NB: a constant takes the column's type (a `Bool` into a `boolean` column), converted
            // as a lookup's value is (Django's `get_db_prep_save`: `"12"` into an integer).
            if case .constant(let constant) = expression {
                expression = .typedBind(try field.prepared(constant, rounding: .truncate, lookup: name), field.type)
            }
            assignments.append((field.column, expression))
        }
        let key = SQLExpression.column(table: info.table, column: info.primaryKey.column)
        let (keys, _) = try selectTree(columns: [key], ordered: false)
        let update = SQLUpdate(table: info.table, assignments: assignments, filter: .inSelect(key, keys))
        let (sql, binds) = SQLRenderer.render(update, database.dialect)
        return try await database.execute(rendered: sql, binds).changes
    }

    /// Sets fields to values: `update(["completed": true])`.
    @discardableResult
    public func update<V: ModelValue>(_ changes: [String: V]) async throws -> Int {
        try await update(changes.mapValues { F.value($0.databaseValue) })
    }

    /// Deletes every matching row, applying `onDelete` of the foreign keys pointing to them,
    /// in one transaction. Returns the rows deleted per model label.
    @discardableResult
    public func delete() async throws -> [String: Int] {
        try refuseCombined("delete")
        let database = try ORM.requireDatabase()
        let query = self
        return try await database.transaction {
            let keys = try await query.valuesList(["pk"]).map { $0[0] }
            var counts: [String: Int] = [:]
            try await Collector(database: database).delete(M.schemaInfo, keys: keys, counts: &counts)
            return counts
        }
    }
}

/// Applies `onDelete` rules, then deletes, as Django's deletion collector.
struct Collector {
    let database: any Database

    func delete(_ info: SchemaInfo, keys: [DatabaseValue], counts: inout [String: Int]) async throws {
        guard !keys.isEmpty else { return }
        for model in ORM.models {
            let source = model.schemaInfo
            for field in source.fields where field.relationTarget == info.label {
                let match = SQLExpression.column(source.table, field.column, in: keys)
                let key = SQLExpression.column(table: source.table, column: source.primaryKey.column)
                switch field.options.onDelete {
                case .cascade:
                    let select = SQLSelect(
                        items: [.expression(key, alias: nil)], source: .table(source.table), filter: match)
                    let rows = try await query(select)
                    try await delete(source, keys: rows.map { $0.values[0] }, counts: &counts)
                case .protect, .restrict:
                    let select = SQLSelect(
                        items: [.expression(.integer(1), alias: nil)], source: .table(source.table), filter: match,
                        limit: 1)
                    if !(try await query(select)).isEmpty {
                        throw ProtectedError(
                            description: "Cannot delete some instances of model \(info.name) because they are"
                                + " referenced through protected foreign keys: \(source.name).\(field.name).")
                    }
                case .setNull, .setDefault:
                    let value = field.options.onDelete == .setNull ? .null : field.defaultValue?() ?? .null
                    let update = SQLUpdate(
                        table: source.table, assignments: [(field.column, .typedBind(value, field.type))],
                        filter: match)
                    let (sql, binds) = SQLRenderer.render(update, database.dialect)
                    try await database.execute(rendered: sql, binds)
                case .doNothing:
                    break
                }
            }
        }
        // Rows of generic foreign keys that this model's related sets follow back go with them.
        for link in info.model.genericLinks {
            try await delete(link.source, keys: try await link.keys(pointingTo: info, keys), counts: &counts)
        }
        // The rows' many-to-many pairs go with them, either side.
        for model in ORM.models {
            // NB: the rows of a `through` model follow its foreign keys' rules instead.
            for relation in model.schemaInfo.manyToMany where relation.through == nil {
                for (side, column) in [
                    (relation.source, relation.sourceColumn), (relation.target, relation.targetColumn),
                ]
                where side.schemaInfo.label == info.label {
                    _ = try await execute(
                        SQLDelete(
                            table: relation.throughTable, filter: .column(relation.throughTable, column, in: keys)))
                }
            }
        }
        let result = try await execute(
            SQLDelete(table: info.table, filter: .column(info.table, info.primaryKey.column, in: keys)))
        counts[info.label, default: 0] += result.changes
    }

    private func query(_ select: SQLSelect) async throws -> [DatabaseRow] {
        let (sql, binds) = SQLRenderer.render(select, database.dialect)
        return try await database.query(rendered: sql, binds)
    }

    private func execute(_ delete: SQLDelete) async throws -> ExecutionResult {
        let (sql, binds) = SQLRenderer.render(delete, database.dialect)
        return try await database.execute(rendered: sql, binds)
    }
}

/// What ``QuerySet/bulkCreate(_:batchSize:onConflict:)`` does with a row that breaks a unique
/// constraint.
public enum BulkConflict: Sendable, Equatable {
    /// Skip it (Django's `ignore_conflicts=True`).
    case ignore
    /// Update `fields` of the row already there, the one with the same `uniqueFields`
    /// (Django's `update_conflicts=True, update_fields=…, unique_fields=…`).
    case update(_ fields: [String], uniqueFields: [String])

    /// The `ON CONFLICT` clause, its field names made columns.
    func sql(_ info: SchemaInfo) throws -> SQLConflict {
        guard case .update(let fields, let uniqueFields) = self else { return .doNothing }
        func columns(_ names: [String], _ role: String) throws -> [String] {
            guard !names.isEmpty else {
                throw FieldError(description: "bulkCreate(onConflict: .update(…)) needs \(role).")
            }
            return try names.map { name in
                guard let field = info.field(named: name) else {
                    throw FieldError(
                        description: "bulkCreate(onConflict:): \(info.name) has no field \"\(name)\". Fields are: "
                            + info.fields.map(\.name).joined(separator: ", ") + ".")
                }
                return field.column
            }
        }
        return .update(
            uniqueColumns: try columns(uniqueFields, "the unique fields that find the row"),
            columns: try columns(fields, "fields to update"))
    }
}

extension SchemaInfo {
    /// Refuses to write `field` when the database computes it (a generated field).
    func refuseGenerated(_ field: FieldInfo) throws {
        guard field.isGenerated else { return }
        throw FieldError(
            description: "Cannot update \(name).\(field.name): it is a generated field, which the database"
                + " computes from its expression; update the fields it is computed from.")
    }

    /// What an `UPDATE` sets the field at `index` to: its value, or, for a field with a database
    /// default listed in `defaulted`, that default (Django's `SET … = DEFAULT`).
    func assignment(_ index: Int, _ values: [DatabaseValue], defaulted: [Int]) throws -> (String, SQLExpression) {
        let field = fields[index]
        guard defaulted.contains(index), let expression = field.options.dbDefault else {
            return (field.column, .typedBind(values[index], field.type))
        }
        // NB: a value is bound as the column's type (PostgreSQL takes no integer for a boolean).
        if case .value(let value) = expression { return (field.column, .typedBind(value, field.type)) }
        var compiler = SQLCompiler(root: self)
        return (field.column, try compiler.expression(expression))
    }
}

extension Database {
    /// Runs a write that returns rows (`INSERT … RETURNING`) in a transaction, so that SQLite
    /// runs it on its writer connection rather than a reader.
    func writeReturning(rendered sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        try await transaction { try await query(rendered: sql, binds) }
    }
}
