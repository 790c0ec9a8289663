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

    func columnDefinition(_ field: FieldState) -> String {
        var sql = "\(quoteIdentifier(field.column)) \(dialect.columnType(field.fieldType))"
        if field.isPrimaryKey {
            sql += dialect.primaryKeySuffix(field.fieldType)
        } else {
            sql += field.isNullable ? " NULL" : " NOT NULL"
            if field.isUnique { sql += " UNIQUE" }
        }
        if field.type == "JSONField", dialect.isSQLite {
            let column = quoteIdentifier(field.column)
            sql += " CHECK ((JSON_VALID(\(column)) OR \(column) IS NULL))"
        }
        if let target = field.to.flatMap(targetModel) {
            let key = target.fields.first { $0.isPrimaryKey }?.column ?? "id"
            sql +=
                " REFERENCES \(quoteIdentifier(target.table)) (\(quoteIdentifier(key))) DEFERRABLE INITIALLY DEFERRED"
        }
        return sql
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
        var statements: [String] = []
        for field in model.fields where field.isIndexed && !field.isUnique && !field.isPrimaryKey {
            statements.append(
                "CREATE INDEX \(quoteIdentifier(indexName(model.table, [field.column]))) ON \(quoteIdentifier(model.table)) (\(quoteIdentifier(field.column)));"
            )
        }
        for index in model.indexes { statements.append(createIndex(model, index)) }
        for constraint in model.constraints { statements.append(createConstraint(model, constraint)) }
        return statements
    }

    func createIndex(_ model: ModelState, _ index: Index) -> String {
        let columns = index.fields.map { name -> String in
            let descending = name.hasPrefix("-")
            let fieldName = descending ? String(name.dropFirst()) : name
            let column = model.field(fieldName)?.column ?? snakeCase(fieldName)
            return quoteIdentifier(column) + (descending ? " DESC" : "")
        }
        let name = index.name ?? indexName(model.table, index.fields.map { snakeCase($0) }, suffix: "_idx")
        return
            "CREATE INDEX \(quoteIdentifier(name)) ON \(quoteIdentifier(model.table)) (\(columns.joined(separator: ", ")));"
    }

    func createConstraint(_ model: ModelState, _ constraint: UniqueConstraint) -> String {
        let columns = constraint.fields.map { quoteIdentifier(model.field($0)?.column ?? snakeCase($0)) }
        return
            "CREATE UNIQUE INDEX \(quoteIdentifier(constraint.name)) ON \(quoteIdentifier(model.table)) (\(columns.joined(separator: ", ")));"
    }

    // MARK: Tables

    func createTable(_ model: ModelState) -> [String] {
        let columns = model.fields.map(columnDefinition).joined(separator: ", ")
        return ["CREATE TABLE \(quoteIdentifier(model.table)) (\(columns));"] + indexStatements(model)
    }

    func dropTable(_ model: ModelState) -> [String] {
        ["DROP TABLE \(quoteIdentifier(model.table))\(dialect.isSQLite ? "" : " CASCADE");"]
    }

    func addField(_ model: ModelState, _ field: FieldState) -> [String] {
        let needsRebuild = !field.isNullable || field.default != nil || field.isUnique || field.isPrimaryKey
        if dialect.isSQLite {
            if needsRebuild {
                var new = model
                new.fields.append(field)
                return rebuild(from: model, to: new, fill: [field.column: literal(field.default ?? .null)])
            }
            var statements = ["ALTER TABLE \(quoteIdentifier(model.table)) ADD COLUMN \(columnDefinition(field));"]
            if field.isIndexed {
                statements.append(
                    "CREATE INDEX \(quoteIdentifier(indexName(model.table, [field.column]))) ON \(quoteIdentifier(model.table)) (\(quoteIdentifier(field.column)));"
                )
            }
            return statements
        }
        let table = quoteIdentifier(model.table)
        var statements: [String] = []
        if let value = field.default, value != .null {
            statements.append("ALTER TABLE \(table) ADD COLUMN \(columnDefinition(field)) DEFAULT \(literal(value));")
            statements.append("ALTER TABLE \(table) ALTER COLUMN \(quoteIdentifier(field.column)) DROP DEFAULT;")
        } else {
            statements.append("ALTER TABLE \(table) ADD COLUMN \(columnDefinition(field));")
        }
        if field.isIndexed {
            statements.append(
                "CREATE INDEX \(quoteIdentifier(indexName(model.table, [field.column]))) ON \(table) (\(quoteIdentifier(field.column)));"
            )
        }
        return statements
    }

    func removeField(_ model: ModelState, _ name: String) -> [String] {
        guard let field = model.field(name) else { return [] }
        if dialect.isSQLite {
            var new = model
            new.fields.removeAll { $0.name == name }
            return rebuild(from: model, to: new, fill: [:])
        }
        return ["ALTER TABLE \(quoteIdentifier(model.table)) DROP COLUMN \(quoteIdentifier(field.column)) CASCADE;"]
    }

    func alterField(_ model: ModelState, _ field: FieldState) -> [String] {
        guard let old = model.field(field.name) else { return [] }
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
        let oldColumns = Set(old.fields.map(\.column))
        var targets: [String] = []
        var sources: [String] = []
        for field in new.fields {
            let source = renamed[field.column] ?? field.column
            if let expression = fill[field.column] {
                targets.append(quoteIdentifier(field.column))
                sources.append(expression)
            } else if oldColumns.contains(source) {
                targets.append(quoteIdentifier(field.column))
                sources.append(quoteIdentifier(source))
            }
        }
        let columns = new.fields.map(columnDefinition).joined(separator: ", ")
        return [
            "CREATE TABLE \(quoteIdentifier(temporary)) (\(columns));",
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
