internal import Foundation
internal import PonySupport

/// Writes the DDL for schema changes as Django's schema editors write it, per dialect.
/// SQLite cannot alter most of a table, so, as Django does, changes there rebuild the table:
/// create the new one, copy the rows, drop the old one and rename.
struct SchemaEditor {
    let dialect: SQLDialect
    /// The app's models before the change (for foreign key targets).
    let state: ProjectState

    // MARK: Columns

    /// A column as Django's `column_sql` writes it: type, default, null, key, checks, and the
    /// foreign key inline on SQLite (on PostgreSQL ``foreignKeyConstraint(_:_:)`` adds it after
    /// the table, or, in an `ADD COLUMN` to `table`, a named inline constraint).
    func columnDefinition(_ field: FieldState, default value: DatabaseValue? = nil, addingTo table: String? = nil)
        -> String
    {
        var sql = "\(quoteIdentifier(field.column)) \(dialect.columnType(field.fieldType))"
        if let value { sql += " DEFAULT \(literal(value))" }
        if field.isPrimaryKey {
            sql += dialect.primaryKeySuffix(field.fieldType)
        } else {
            sql += field.isNullable ? " NULL" : " NOT NULL"
            if field.isUnique { sql += " UNIQUE" }
        }
        let column = quoteIdentifier(field.column)
        if field.type == .json, dialect.isSQLite { sql += " CHECK ((JSON_VALID(\(column)) OR \(column) IS NULL))" }
        if field.fieldType.isPositive { sql += " CHECK (\(column) >= 0)" }
        if let (target, key) = foreignKeyTarget(field) {
            if dialect.isSQLite {
                sql +=
                    " REFERENCES \(quoteIdentifier(target.table)) (\(quoteIdentifier(key))) DEFERRABLE INITIALLY DEFERRED"
            } else if let table {
                let name = quoteIdentifier(foreignKeyName(table, field.column, target.table, key))
                sql +=
                    " CONSTRAINT \(name) REFERENCES \(quoteIdentifier(target.table))(\(quoteIdentifier(key))) DEFERRABLE INITIALLY DEFERRED"
            }
        }
        return sql
    }

    /// The model and key column a relation points to.
    private func foreignKeyTarget(_ field: FieldState) -> (ModelState, String)? {
        guard let target = field.to.flatMap(targetModel) else { return nil }
        return (target, target.fields.first { $0.isPrimaryKey }?.column ?? "id")
    }

    /// Django's foreign key constraint name: `<table>_<column>_<digest>_fk_<to table>_<to column>`.
    func foreignKeyName(_ table: String, _ column: String, _ targetTable: String, _ targetColumn: String) -> String {
        indexName(table, [column], suffix: "_fk_\(targetTable)_\(targetColumn)")
    }

    /// PostgreSQL: `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY`, as Django adds it after the table.
    func foreignKeyConstraint(_ table: String, _ field: FieldState) -> String? {
        guard !dialect.isSQLite, let (target, key) = foreignKeyTarget(field) else { return nil }
        let name = foreignKeyName(table, field.column, target.table, key)
        return
            "ALTER TABLE \(quoteIdentifier(table)) ADD CONSTRAINT \(quoteIdentifier(name)) FOREIGN KEY (\(quoteIdentifier(field.column))) REFERENCES \(quoteIdentifier(target.table)) (\(quoteIdentifier(key))) DEFERRABLE INITIALLY DEFERRED;"
    }

    private func targetModel(_ label: String) -> ModelState? {
        let name = label.split(separator: ".").last.map(String.init) ?? label
        return state.models[name]
    }

    /// Django's index name: `<table>_<columns>_<md5(table + columns)[:8]><suffix>`.
    func indexName(_ table: String, _ columns: [String], suffix: String = "") -> String {
        let digest = String(md5Hex(([table] + columns).joined()).prefix(8))
        let name = "\(table)_\(columns.joined(separator: "_"))_\(digest)\(suffix)"
        let maximum = dialect.isSQLite ? 200 : 63
        if name.count <= maximum { return name }
        // Django's rule for long names: shortened parts, then the digest.
        let other = (maximum - digest.count - suffix.count - 3) / 3
        let shortened = "\(table.prefix(other))_\(columns.joined(separator: "_").prefix(other))_\(digest)\(suffix)"
        return shortened.first!.isLetter ? shortened : "D" + shortened.dropFirst()
    }

    /// Indexes Django creates after the table: foreign keys and `dbIndex` fields, then
    /// `Meta.indexes`.
    func indexStatements(_ model: ModelState) -> [String] {
        model.columns.flatMap { fieldIndexes(model.table, $0) } + model.indexes.map { createIndex(model, $0) }
    }

    /// A field's own indexes: `dbIndex` (and foreign keys), and on PostgreSQL the
    /// `varchar_pattern_ops` index Django adds so that `LIKE 'x%'` can use one.
    func fieldIndexes(_ table: String, _ field: FieldState) -> [String] {
        guard !field.isPrimaryKey else { return [] }
        var statements: [String] = []
        let column = quoteIdentifier(field.column)
        if field.isIndexed && !field.isUnique {
            statements.append(
                "CREATE INDEX \(quoteIdentifier(indexName(table, [field.column]))) ON \(quoteIdentifier(table)) (\(column));"
            )
        }
        let type = dialect.columnType(field.fieldType)
        if !dialect.isSQLite, field.isIndexed || field.isUnique, type.hasPrefix("varchar") || type == "text" {
            let operators = type == "text" ? "text_pattern_ops" : "varchar_pattern_ops"
            let name = indexName(table, [field.column], suffix: "_like")
            statements.append(
                "CREATE INDEX \(quoteIdentifier(name)) ON \(quoteIdentifier(table)) (\(column) \(operators));")
        }
        return statements
    }

    func createIndex(_ model: ModelState, _ index: Index) -> String {
        let columns = index.fields.map { name -> String in
            let descending = name.hasPrefix("-")
            let fieldName = descending ? String(name.dropFirst()) : name
            let column = model.field(fieldName)?.column ?? snakeCase(fieldName)
            return quoteIdentifier(column) + (descending ? " DESC" : "")
        }
        let name = index.name ?? model.indexName(index)
        return
            "CREATE INDEX \(quoteIdentifier(name)) ON \(quoteIdentifier(model.table)) (\(columns.joined(separator: ", ")));"
    }

    func dropIndex(_ model: ModelState, _ index: Index) -> String {
        "DROP INDEX \(dialect.isSQLite ? "" : "IF EXISTS ")\(quoteIdentifier(index.name ?? model.indexName(index)));"
    }

    /// `CONSTRAINT "name" UNIQUE ("a", "b")`, inside `CREATE TABLE` as Django writes it.
    func constraintDefinition(_ model: ModelState, _ constraint: UniqueConstraint) -> String {
        let columns = constraint.fields.map { quoteIdentifier(model.field($0)?.column ?? snakeCase($0)) }
        return "CONSTRAINT \(quoteIdentifier(constraint.name)) UNIQUE (\(columns.joined(separator: ", ")))"
    }

    /// A constraint added to an existing table: `ALTER TABLE` on PostgreSQL; SQLite cannot,
    /// so there the table is rebuilt with it.
    func addConstraint(_ model: ModelState, _ constraint: UniqueConstraint) -> [String] {
        var new = model
        new.constraints.append(constraint)
        guard !dialect.isSQLite else { return rebuild(from: model, to: new, fill: [:]) }
        return ["ALTER TABLE \(quoteIdentifier(model.table)) ADD \(constraintDefinition(model, constraint));"]
    }

    func removeConstraint(_ model: ModelState, _ name: String) -> [String] {
        var new = model
        new.constraints.removeAll { $0.name == name }
        guard !dialect.isSQLite else { return rebuild(from: model, to: new, fill: [:]) }
        return ["ALTER TABLE \(quoteIdentifier(model.table)) DROP CONSTRAINT \(quoteIdentifier(name));"]
    }

    // MARK: Tables

    func createTable(_ model: ModelState) -> [String] {
        ["CREATE TABLE \(quoteIdentifier(model.table)) (\(tableBody(model)));"]
            + model.columns.compactMap { foreignKeyConstraint(model.table, $0) } + indexStatements(model)
            + model.fields.filter(\.hasAutomaticThrough).flatMap { createThrough(model, $0) }
    }

    /// The columns, then the unique constraints.
    private func tableBody(_ model: ModelState) -> String {
        (model.columns.map { columnDefinition($0) } + model.constraints.map { constraintDefinition(model, $0) })
            .joined(separator: ", ")
    }

    /// The table of pairs of a many-to-many field, as Django creates its automatic through
    /// model: the table, the pair's uniqueness, the keys' constraints and indexes.
    func createThrough(_ model: ModelState, _ field: FieldState) -> [String] {
        var after = state
        after.models[model.key] = model
        let editor = SchemaEditor(dialect: dialect, state: after)
        let through = model.through(field)
        let keys = through.columns.filter { !$0.isPrimaryKey }.map(\.column)
        let name = indexName(through.table, keys, suffix: "_uniq")
        let quoted = keys.map(quoteIdentifier).joined(separator: ", ")
        let unique =
            dialect.isSQLite
            ? "CREATE UNIQUE INDEX \(quoteIdentifier(name)) ON \(quoteIdentifier(through.table)) (\(quoted));"
            : "ALTER TABLE \(quoteIdentifier(through.table)) ADD CONSTRAINT \(quoteIdentifier(name)) UNIQUE (\(quoted));"
        return ["CREATE TABLE \(quoteIdentifier(through.table)) (\(editor.tableBody(through)));", unique]
            + through.columns.compactMap { editor.foreignKeyConstraint(through.table, $0) }
            + editor.indexStatements(through)
    }

    /// Renames a model's table, the tables of pairs named after it, and the key columns named
    /// after it in its own and other models' tables of pairs, as Django's RenameModel does.
    func renameModel(_ model: ModelState, before: ProjectState, after: ProjectState, to newName: String) -> [String] {
        let renamed = model.renamed(to: newName)
        var statements = renameTable(model.table, renamed.table)
        for field in model.fields where field.hasAutomaticThrough {
            let (old, new) = (model.through(field), renamed.through(field))
            statements += renameTable(old.table, new.table)
            for (column, newColumn) in zip(old.columns, new.columns) where column.column != newColumn.column {
                statements.append(
                    "ALTER TABLE \(quoteIdentifier(new.table)) RENAME COLUMN \(quoteIdentifier(column.column)) TO \(quoteIdentifier(newColumn.column));"
                )
            }
        }
        for other in before.models.values where other.key != model.key {
            for field in other.fields where field.hasAutomaticThrough && field.to?.hasSuffix("." + model.key) == true {
                guard let moved = after.models[other.key]?.field(field.name) else { continue }
                let (old, new) = (other.through(field), other.through(moved))
                for (column, newColumn) in zip(old.columns, new.columns) where column.column != newColumn.column {
                    statements.append(
                        "ALTER TABLE \(quoteIdentifier(old.table)) RENAME COLUMN \(quoteIdentifier(column.column)) TO \(quoteIdentifier(newColumn.column));"
                    )
                }
            }
        }
        return statements
    }

    func renameTable(_ old: String, _ new: String) -> [String] {
        old == new ? [] : ["ALTER TABLE \(quoteIdentifier(old)) RENAME TO \(quoteIdentifier(new));"]
    }

    func dropTable(_ model: ModelState) -> [String] {
        (model.fields.filter(\.hasAutomaticThrough).map { model.through($0).table } + [model.table]).map {
            "DROP TABLE \(quoteIdentifier($0))\(dialect.isSQLite ? "" : " CASCADE");"
        }
    }

    func addField(_ model: ModelState, _ field: FieldState) -> [String] {
        if field.isManyToMany { return field.through == nil ? createThrough(model, field) : [] }
        let table = quoteIdentifier(model.table)
        if dialect.isSQLite {
            let needsRebuild = !field.isNullable || field.default != nil || field.isUnique || field.isPrimaryKey
            if needsRebuild {
                var new = model
                new.fields.append(field)
                return rebuild(from: model, to: new, fill: [field.column: literal(field.default ?? .null)])
            }
            return ["ALTER TABLE \(table) ADD COLUMN \(columnDefinition(field));"] + fieldIndexes(model.table, field)
        }
        // NB: as Django: existing rows take the default, which the column then forgets.
        let value = field.default.flatMap { $0 == .null ? nil : $0 }
        let column = columnDefinition(field, default: value, addingTo: model.table)
        var statements = ["ALTER TABLE \(table) ADD COLUMN \(column);"]
        if let (target, key) = foreignKeyTarget(field) {
            // NB: so that the rows' new values are checked now, not at the end of the migration.
            let name = foreignKeyName(model.table, field.column, target.table, key)
            statements.append("SET CONSTRAINTS \(quoteIdentifier(name)) IMMEDIATE;")
        }
        if value != nil {
            statements.append("ALTER TABLE \(table) ALTER COLUMN \(quoteIdentifier(field.column)) DROP DEFAULT;")
        }
        return statements + fieldIndexes(model.table, field)
    }

    func removeField(_ model: ModelState, _ name: String) -> [String] {
        guard let field = model.field(name) else { return [] }
        if field.isManyToMany {
            guard field.through == nil else { return [] }
            return ["DROP TABLE \(quoteIdentifier(model.through(field).table))\(dialect.isSQLite ? "" : " CASCADE");"]
        }
        if dialect.isSQLite {
            var new = model
            new.fields.removeAll { $0.name == name }
            return rebuild(from: model, to: new, fill: [:])
        }
        return ["ALTER TABLE \(quoteIdentifier(model.table)) DROP COLUMN \(quoteIdentifier(field.column)) CASCADE;"]
    }

    func alterField(_ model: ModelState, _ field: FieldState) -> [String] {
        guard let old = model.field(field.name), !old.isManyToMany, !field.isManyToMany else { return [] }
        var new = model
        new.fields = model.fields.map { $0.name == field.name ? field : $0 }
        if dialect.isSQLite {
            var fill: [String: String] = [:]
            if old.isNullable && !field.isNullable {
                // Rows with NULL take the new default, as Django's rebuild does.
                fill[field.column] =
                    "coalesce(\(quoteIdentifier(old.column)), \(literal(field.default ?? .null)))"
            }
            return rebuild(from: model, to: new, fill: fill, renamed: [field.column: old.column])
        }
        let table = quoteIdentifier(model.table)
        let column = quoteIdentifier(field.column)
        var statements: [String] = []
        if old.column != field.column {
            statements.append("ALTER TABLE \(table) RENAME COLUMN \(quoteIdentifier(old.column)) TO \(column);")
        }
        if old.fieldType != field.fieldType {
            let type = dialect.columnType(field.fieldType)
            statements.append("ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(type) USING \(column)::\(type);")
        }
        if old.isNullable != field.isNullable {
            if !field.isNullable, let value = field.default, value != .null {
                statements.append("UPDATE \(table) SET \(column) = \(literal(value)) WHERE \(column) IS NULL;")
            }
            statements.append(
                "ALTER TABLE \(table) ALTER COLUMN \(column) \(field.isNullable ? "DROP" : "SET") NOT NULL;")
        }
        return statements
    }

    func renameField(_ model: ModelState, from old: String, to new: String) -> [String] {
        guard let field = model.field(old) else { return [] }
        var renamed = field
        renamed.name = new
        if field.isManyToMany {
            guard field.through == nil else { return [] }
            return renameTable(model.through(field).table, model.through(renamed).table)
        }
        guard renamed.column != field.column else { return [] }
        return [
            "ALTER TABLE \(quoteIdentifier(model.table)) RENAME COLUMN \(quoteIdentifier(field.column)) TO \(quoteIdentifier(renamed.column));"
        ]
    }

    /// Django's SQLite `_remake_table`: new table, copy, drop, rename, indexes.
    /// `fill` gives expressions for new columns; `renamed` maps new columns to old ones.
    func rebuild(
        from old: ModelState, to new: ModelState, fill: [String: String], renamed: [String: String] = [:]
    ) -> [String] {
        let temporary = "new__\(new.table)"
        var staged = new
        staged.table = temporary
        let oldColumns = Set(old.columns.map(\.column))
        var targets: [String] = []
        var sources: [String] = []
        for field in new.columns {
            let source = renamed[field.column] ?? field.column
            if let expression = fill[field.column] {
                targets.append(quoteIdentifier(field.column))
                sources.append(expression)
            } else if oldColumns.contains(source) {
                targets.append(quoteIdentifier(field.column))
                sources.append(quoteIdentifier(source))
            }
        }
        return [
            "CREATE TABLE \(quoteIdentifier(temporary)) (\(tableBody(staged)));",
            "INSERT INTO \(quoteIdentifier(temporary)) (\(targets.joined(separator: ", "))) SELECT \(sources.joined(separator: ", ")) FROM \(quoteIdentifier(old.table));",
            "DROP TABLE \(quoteIdentifier(old.table));",
            "ALTER TABLE \(quoteIdentifier(temporary)) RENAME TO \(quoteIdentifier(new.table));",
        ] + indexStatements(new)
    }

    /// A value written into DDL, quoted as Django's `quote_value` does.
    func literal(_ value: DatabaseValue) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .text(let text): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let bytes):
            let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            return dialect.isSQLite ? "X'\(hex)'" : "'\\x\(hex)'::bytea"
        }
    }
}
