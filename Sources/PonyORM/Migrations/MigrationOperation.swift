/// A migration operation: Django's, stored as JSON with a `type` key.
public enum MigrationOperation: Codable, Sendable, Equatable {
    case createModel(ModelState)
    case deleteModel(name: String)
    case addField(model: String, field: FieldState)
    case removeField(model: String, name: String)
    case alterField(model: String, field: FieldState)
    case renameField(model: String, oldName: String, newName: String)
    /// Renames a model (and its table, when the table was named after it).
    case renameModel(oldName: String, newName: String)
    case addIndex(model: String, index: Index)
    case removeIndex(model: String, name: String)
    case addConstraint(model: String, constraint: ModelConstraint)
    case removeConstraint(model: String, name: String)
    case runSQL(sql: [String], reverseSQL: [String]?)
    /// Makes a model managed or unmanaged (Django's `AlterModelOptions` of `managed`): a
    /// change of the record only, no SQL.
    case alterModelOptions(name: String, managed: Bool)
    /// Changes the table's comment (Django's `AlterModelTableComment`); `nil` removes it.
    case alterModelTableComment(name: String, comment: String?)

    private enum CodingKeys: String, CodingKey {
        case type, name, model = "model_name", field, fields, table, indexes, constraints, index, constraint
        case oldName = "old_name", newName = "new_name", sql, reverseSQL = "reverse_sql"
        case uniqueTogether = "unique_together", managed
        case dbTableComment = "db_table_comment", tableComment = "table_comment"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "CreateModel":
            self = .createModel(
                ModelState(
                    name: try c.decode(String.self, forKey: .name), table: try c.decode(String.self, forKey: .table),
                    fields: try c.decode([FieldState].self, forKey: .fields),
                    indexes: try c.decodeIfPresent([Index].self, forKey: .indexes) ?? [],
                    constraints: try c.decodeIfPresent([ModelConstraint].self, forKey: .constraints) ?? [],
                    uniqueTogether: try c.decodeIfPresent([[String]].self, forKey: .uniqueTogether) ?? [],
                    managed: try c.decodeIfPresent(Bool.self, forKey: .managed) == false ? false : nil,
                    dbTableComment: try c.decodeIfPresent(String.self, forKey: .dbTableComment)))
        case "DeleteModel": self = .deleteModel(name: try c.decode(String.self, forKey: .name))
        case "AddField":
            self = .addField(
                model: try c.decode(String.self, forKey: .model), field: try c.decode(FieldState.self, forKey: .field))
        case "RemoveField":
            self = .removeField(
                model: try c.decode(String.self, forKey: .model), name: try c.decode(String.self, forKey: .name))
        case "AlterField":
            self = .alterField(
                model: try c.decode(String.self, forKey: .model), field: try c.decode(FieldState.self, forKey: .field))
        case "RenameField":
            self = .renameField(
                model: try c.decode(String.self, forKey: .model), oldName: try c.decode(String.self, forKey: .oldName),
                newName: try c.decode(String.self, forKey: .newName))
        case "RenameModel":
            self = .renameModel(
                oldName: try c.decode(String.self, forKey: .oldName),
                newName: try c.decode(String.self, forKey: .newName))
        case "AddIndex":
            self = .addIndex(
                model: try c.decode(String.self, forKey: .model), index: try c.decode(Index.self, forKey: .index))
        case "RemoveIndex":
            self = .removeIndex(
                model: try c.decode(String.self, forKey: .model), name: try c.decode(String.self, forKey: .name))
        case "AddConstraint":
            self = .addConstraint(
                model: try c.decode(String.self, forKey: .model),
                constraint: try c.decode(ModelConstraint.self, forKey: .constraint))
        case "RemoveConstraint":
            self = .removeConstraint(
                model: try c.decode(String.self, forKey: .model), name: try c.decode(String.self, forKey: .name))
        case "AlterModelOptions":
            self = .alterModelOptions(
                name: try c.decode(String.self, forKey: .name), managed: try c.decode(Bool.self, forKey: .managed))
        case "AlterModelTableComment":
            self = .alterModelTableComment(
                name: try c.decode(String.self, forKey: .name),
                comment: try c.decodeIfPresent(String.self, forKey: .tableComment))
        case "RunSQL":
            self = .runSQL(
                sql: try c.decode([String].self, forKey: .sql),
                reverseSQL: try c.decodeIfPresent([String].self, forKey: .reverseSQL))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription:
                    "Unknown migration operation \"\(type)\"; Pony knows CreateModel, DeleteModel, RenameModel, AddField, RemoveField, AlterField, RenameField, AddIndex, RemoveIndex, AddConstraint, RemoveConstraint, AlterModelOptions, AlterModelTableComment and RunSQL."
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .createModel(let model):
            try c.encode("CreateModel", forKey: .type)
            try c.encode(model.name, forKey: .name)
            try c.encode(model.table, forKey: .table)
            try c.encode(model.fields, forKey: .fields)
            if !model.indexes.isEmpty { try c.encode(model.indexes, forKey: .indexes) }
            if !model.constraints.isEmpty { try c.encode(model.constraints, forKey: .constraints) }
            if !model.uniqueTogether.isEmpty { try c.encode(model.uniqueTogether, forKey: .uniqueTogether) }
            if !model.isManaged { try c.encode(false, forKey: .managed) }
            try c.encodeIfPresent(model.dbTableComment, forKey: .dbTableComment)
        case .deleteModel(let name):
            try c.encode("DeleteModel", forKey: .type)
            try c.encode(name, forKey: .name)
        case .addField(let model, let field):
            try c.encode("AddField", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(field, forKey: .field)
        case .removeField(let model, let name):
            try c.encode("RemoveField", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(name, forKey: .name)
        case .alterField(let model, let field):
            try c.encode("AlterField", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(field, forKey: .field)
        case .renameField(let model, let oldName, let newName):
            try c.encode("RenameField", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(oldName, forKey: .oldName)
            try c.encode(newName, forKey: .newName)
        case .renameModel(let old, let new):
            try c.encode("RenameModel", forKey: .type)
            try c.encode(old, forKey: .oldName)
            try c.encode(new, forKey: .newName)
        case .addIndex(let model, let index):
            try c.encode("AddIndex", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(index, forKey: .index)
        case .removeIndex(let model, let name):
            try c.encode("RemoveIndex", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(name, forKey: .name)
        case .addConstraint(let model, let constraint):
            try c.encode("AddConstraint", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(constraint, forKey: .constraint)
        case .removeConstraint(let model, let name):
            try c.encode("RemoveConstraint", forKey: .type)
            try c.encode(model, forKey: .model)
            try c.encode(name, forKey: .name)
        case .alterModelOptions(let name, let managed):
            try c.encode("AlterModelOptions", forKey: .type)
            try c.encode(name, forKey: .name)
            try c.encode(managed, forKey: .managed)
        case .alterModelTableComment(let name, let comment):
            try c.encode("AlterModelTableComment", forKey: .type)
            try c.encode(name, forKey: .name)
            try c.encode(comment, forKey: .tableComment)
        case .runSQL(let sql, let reverse):
            try c.encode("RunSQL", forKey: .type)
            try c.encode(sql, forKey: .sql)
            try c.encodeIfPresent(reverse, forKey: .reverseSQL)
        }
    }

    /// Django's description, as `makemigrations` prints it.
    public var description: String {
        switch self {
        case .createModel(let model): return "Create model \(model.name)"
        case .deleteModel(let name): return "Delete model \(name)"
        case .addField(let model, let field): return "Add field \(field.name) to \(model)"
        case .removeField(let model, let name): return "Remove field \(name) from \(model)"
        case .alterField(let model, let field): return "Alter field \(field.name) on \(model)"
        case .renameField(let model, let old, let new): return "Rename field \(old) on \(model) to \(new)"
        case .renameModel(let old, let new): return "Rename model \(old) to \(new)"
        case .addIndex(let model, let index):
            let fields = index.fields.map { $0.hasPrefix("-") ? String($0.dropFirst()) : $0 }
            return "Create index \(index.name ?? "") on field(s) \(fields.joined(separator: ", ")) of model \(model)"
        case .removeIndex(let model, let name): return "Remove index \(name) from \(model)"
        case .addConstraint(let model, let constraint): return "Create constraint \(constraint.name) on model \(model)"
        case .removeConstraint(let model, let name): return "Remove constraint \(name) from model \(model)"
        case .runSQL: return "Raw SQL operation"
        case .alterModelOptions(let name, _): return "Change Meta options on \(name)"
        case .alterModelTableComment(let name, _): return "Alter \(name) table comment"
        }
    }

    /// The line `migrate --plan` prints for it, as Django's `describe_operation`: the
    /// description (`Undo …` backwards), and raw SQL's statement after ` -> `, cut at 40
    /// characters; raw SQL that cannot be undone is `IRREVERSIBLE`.
    public func planned(backwards: Bool) -> String {
        var action = ""
        if case .runSQL(let sql, let reverse) = self {
            action =
                (backwards ? reverse : sql).map { String($0.joined(separator: " ").filter { $0 != "\n" }) }
                ?? "IRREVERSIBLE"
        }
        if !action.isEmpty { action = " -> " + action }
        if action.count > 40 { action = action.prefix(39) + "…" }
        let prefix = backwards && !isRawSQL ? "Undo " : ""
        return prefix + description + action
    }

    private var isRawSQL: Bool {
        if case .runSQL = self { return true }
        return false
    }

    /// A fragment for migration names (`task_owner`), as Django's `migration_name_fragment`.
    /// The models the operation's relations point to, by label (`auth.user`).
    public var relationTargets: [String] {
        switch self {
        case .createModel(let model): model.fields.compactMap(\.to)
        case .addField(_, let field), .alterField(_, let field): field.to.map { [$0] } ?? []
        default: []
        }
    }

    var nameFragment: String? {
        switch self {
        case .createModel(let model): return model.key
        case .deleteModel(let name): return "delete_\(name.lowercased())"
        case .addField(let model, let field): return "\(model)_\(snakeCase(field.name))"
        case .removeField(let model, let name): return "remove_\(model)_\(snakeCase(name))"
        case .alterField(let model, let field): return "alter_\(model)_\(snakeCase(field.name))"
        case .renameField(let model, let old, let new):
            return "rename_\(snakeCase(old))_\(model)_\(snakeCase(new))"
        case .renameModel(let old, let new): return "rename_\(old.lowercased())_\(new.lowercased())"
        case .addIndex(let model, let index): return "\(model)_\((index.name ?? "").lowercased())"
        case .removeIndex(let model, let name): return "remove_\(model)_\(name.lowercased())"
        case .addConstraint(let model, let constraint): return "\(model)_\(constraint.name.lowercased())"
        case .removeConstraint(let model, let name): return "remove_\(model)_\(name.lowercased())"
        case .runSQL: return nil
        case .alterModelOptions(let name, _): return "alter_\(name.lowercased())_options"
        case .alterModelTableComment(let name, _): return "alter_\(name.lowercased())_table_comment"
        }
    }

    /// Changes `state` as the operation does.
    func apply(to state: inout ProjectState) throws {
        func model(_ key: String) throws -> ModelState {
            guard let model = state.models[key] else {
                throw MigrationError("The migration refers to model \"\(key)\", which no earlier migration creates.")
            }
            return model
        }
        switch self {
        case .createModel(let model): state.models[model.key] = model
        case .deleteModel(let name): state.models[name.lowercased()] = nil
        case .addField(let key, let field):
            var current = try model(key)
            current.fields.append(field)
            state.models[key] = current
        case .removeField(let key, let name):
            var current = try model(key)
            current.fields.removeAll { $0.name == name }
            current.uniqueTogether = current.uniqueTogether.map { $0.filter { $0 != name } }.filter { !$0.isEmpty }
            state.models[key] = current
        case .alterField(let key, let field):
            var current = try model(key)
            current.fields = current.fields.map { $0.name == field.name ? field : $0 }
            state.models[key] = current
        case .renameField(let key, let old, let new):
            state.models[key] = try model(key).renamingField(old, to: new)
        case .renameModel(let old, let new):
            let current = try model(old.lowercased())
            state.models[old.lowercased()] = nil
            state.models[new.lowercased()] = current.renamed(to: new)
            // Relations to the model (`app.old`), and many-to-many relations through it, follow it.
            let retarget = { (label: String?) -> String? in
                guard let label, label.split(separator: ".").last.map(String.init) == old.lowercased() else {
                    return label
                }
                return (label.lastIndex(of: ".").map { String(label[...$0]) } ?? "") + new.lowercased()
            }
            for (key, var other) in state.models {
                other.fields = other.fields.map { field in
                    var field = field
                    field.to = retarget(field.to)
                    field.through = retarget(field.through)
                    return field
                }
                state.models[key] = other
            }
        case .addIndex(let key, let index):
            var current = try model(key)
            current.indexes.append(index)
            state.models[key] = current
        case .removeIndex(let key, let name):
            var current = try model(key)
            let before = current
            current.indexes.removeAll { ($0.name ?? before.indexName($0)) == name }
            state.models[key] = current
        case .addConstraint(let key, let constraint):
            var current = try model(key)
            current.constraints.append(constraint)
            state.models[key] = current
        case .removeConstraint(let key, let name):
            var current = try model(key)
            current.constraints.removeAll { $0.name == name }
            state.models[key] = current
        case .runSQL: break
        case .alterModelOptions(let name, let managed):
            var current = try model(name.lowercased())
            current.managed = managed ? nil : false
            state.models[name.lowercased()] = current
        case .alterModelTableComment(let name, let comment):
            var current = try model(name.lowercased())
            current.dbTableComment = comment
            state.models[name.lowercased()] = current
        }
    }

    /// Whether its statements run where it stands, as Django's `add_index` and
    /// `add_constraint` execute theirs, rather than deferred like a new table's indexes.
    var runsAtOnce: Bool {
        switch self {
        case .addIndex, .addConstraint: true
        default: false
        }
    }

    /// The lower-cased name of the model the operation changes (`nil` for raw SQL).
    var modelKey: String? {
        switch self {
        case .createModel(let model): model.key
        case .deleteModel(let name), .alterModelOptions(let name, _), .renameModel(let name, _),
            .alterModelTableComment(let name, _):
            name.lowercased()
        case .addField(let model, _), .removeField(let model, _), .alterField(let model, _),
            .renameField(let model, _, _), .addIndex(let model, _), .removeIndex(let model, _),
            .addConstraint(let model, _), .removeConstraint(let model, _):
            model
        case .runSQL: nil
        }
    }

    /// Whether the operation changes a model whose table migrations leave alone, in `state`
    /// (before it): then it changes the record only, as Django's `allow_migrate_model`.
    private func isUnmanaged(in state: ProjectState) -> Bool {
        if case .createModel(let model) = self { return !model.isManaged }
        guard let key = modelKey, let model = state.models[key] else { return false }
        return !model.isManaged
    }

    /// The SQL that applies the operation to a database in `state` (before it).
    func forwards(_ state: ProjectState, _ dialect: SQLDialect) throws -> [SchemaStatement] {
        if isUnmanaged(in: state) { return [] }
        let editor = SchemaEditor(dialect: dialect, state: state)
        func model(_ key: String) throws -> ModelState {
            guard let model = state.models[key] else {
                throw MigrationError("The migration refers to model \"\(key)\", which no earlier migration creates.")
            }
            return model
        }
        switch self {
        case .createModel(let model):
            var after = state
            after.models[model.key] = model
            return try SchemaEditor(dialect: dialect, state: after).createTable(model)
        case .deleteModel(let name): return editor.dropTable(try model(name.lowercased()))
        case .addField(let key, let field): return try editor.addField(try model(key), field)
        case .removeField(let key, let name): return try editor.removeField(try model(key), name)
        case .alterField(let key, let field): return try editor.alterField(try model(key), field)
        case .renameField(let key, let old, let new): return try editor.renameField(try model(key), from: old, to: new)
        case .renameModel(let old, let new):
            var after = state
            try apply(to: &after)
            return try editor.renameModel(model(old.lowercased()), before: state, after: after, to: new)
        case .addIndex(let key, let index): return try editor.createIndex(try model(key), index)
        case .removeIndex(let key, let name):
            let current = try model(key)
            guard let index = current.indexes.first(where: { ($0.name ?? current.indexName($0)) == name }) else {
                throw MigrationError("Model \(key) has no index named \(name).")
            }
            return editor.dropIndex(current, index)
        case .addConstraint(let key, let constraint): return try editor.addConstraint(try model(key), constraint)
        case .removeConstraint(let key, let name): return try editor.removeConstraint(try model(key), name)
        case .runSQL(let sql, _): return sql.map(SchemaStatement.raw)
        case .alterModelOptions: return []
        case .alterModelTableComment(let name, let comment):
            return editor.tableComment(try model(name.lowercased()).table, comment ?? "").map { [$0] } ?? []
        }
    }

    /// The SQL that undoes the operation, given the state before it; `nil` when it cannot be undone.
    func backwards(_ state: ProjectState, _ dialect: SQLDialect) throws -> [SchemaStatement]? {
        if isUnmanaged(in: state) { return [] }
        var after = state
        try apply(to: &after)
        let editor = SchemaEditor(dialect: dialect, state: after)
        switch self {
        case .createModel(let model): return editor.dropTable(model)
        case .deleteModel(let name):
            guard let model = state.models[name.lowercased()] else { return nil }
            return try editor.createTable(model)
        case .addField(let key, let field):
            guard let model = after.models[key] else { return nil }
            return try editor.removeField(model, field.name)
        case .removeField(let key, let name):
            guard let model = after.models[key], let field = state.models[key]?.field(name) else { return nil }
            return try editor.addField(model, field)
        case .alterField(let key, let field):
            guard let model = after.models[key], let old = state.models[key]?.field(field.name) else { return nil }
            return try editor.alterField(model, old)
        case .renameField(let key, let old, let new):
            guard let model = after.models[key] else { return nil }
            return try editor.renameField(model, from: new, to: old)
        case .renameModel(let old, let new):
            guard after.models[new.lowercased()] != nil else { return nil }
            return try MigrationOperation.renameModel(oldName: new, newName: old).forwards(after, dialect)
        case .addIndex(let key, let index):
            guard let model = after.models[key] else { return nil }
            return editor.dropIndex(model, index)
        case .removeIndex(let key, let name):
            guard let before = state.models[key],
                let index = before.indexes.first(where: { ($0.name ?? before.indexName($0)) == name }),
                let model = after.models[key]
            else { return nil }
            return try editor.createIndex(model, index)
        case .addConstraint(let key, let constraint):
            guard let model = after.models[key] else { return nil }
            return try editor.removeConstraint(model, constraint.name)
        case .removeConstraint(let key, let name):
            guard let constraint = state.models[key]?.constraints.first(where: { $0.name == name }),
                let model = after.models[key]
            else { return nil }
            return try editor.addConstraint(model, constraint)
        case .runSQL(_, let reverse): return reverse?.map(SchemaStatement.raw)
        case .alterModelOptions: return []
        case .alterModelTableComment(let name, _):
            guard let model = state.models[name.lowercased()] else { return nil }
            return editor.tableComment(model.table, model.dbTableComment ?? "").map { [$0] } ?? []
        }
    }
}

/// A migration problem: a bad file, a missing dependency, a failed statement.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
