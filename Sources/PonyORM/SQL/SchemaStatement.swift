/// A column as `CREATE TABLE` and `ADD COLUMN` declare it.
struct ColumnDefinition: Sendable, Equatable {
    /// Where a foreign key column points.
    enum Reference: Sendable, Equatable {
        /// ` REFERENCES "table" ("column") DEFERRABLE INITIALLY DEFERRED` (SQLite, inside the table).
        case inline(table: String, column: String)
        /// ` CONSTRAINT "name" REFERENCES "table"("column") …` (PostgreSQL, in `ADD COLUMN`).
        case named(String, table: String, column: String)
    }

    let column: String
    let type: FieldType
    var defaultValue: DatabaseValue? = nil
    let isPrimaryKey: Bool
    let isNullable: Bool
    let isUnique: Bool
    var reference: Reference? = nil
    /// A generated column's expression.
    var generated: GeneratedColumn? = nil
    /// The default the table keeps (Django's `db_default`).
    var databaseDefault: ColumnDefault? = nil
}

/// A column's default in the database: a value written as a literal, or an expression in
/// parentheses (`DEFAULT (STATEMENT_TIMESTAMP())`), as Django's `db_default_sql` writes them.
enum ColumnDefault: Sendable, Equatable {
    case value(DatabaseValue)
    case expression(SQLExpression)

    /// As DDL writes it for a column of `type`.
    func render(_ dialect: SQLDialect, for type: FieldType) -> String {
        switch self {
        case .value(let value): dialect.literal(value, for: type)
        case .expression(let expression): "(" + SQLRenderer.renderDDL(expression, dialect) + ")"
        }
    }
}

/// `GENERATED ALWAYS AS (expression) STORED` (or `VIRTUAL`: computed when read).
struct GeneratedColumn: Sendable, Equatable {
    let expression: SQLExpression
    let stored: Bool
    /// Whether the value is cast to a decimal, as Django's `SQLiteNumericMixin` casts one on SQLite.
    var castsToNumeric = false
}

/// A column of an index, maybe descending, maybe with an operator class (`varchar_pattern_ops`).
struct IndexColumn: Sendable, Equatable {
    let column: String
    var descending = false
    var operatorClass: String? = nil
    /// An expression indexed instead of the column (`(LOWER("name"))`).
    var expression: SQLExpression? = nil
}

/// What a copied column of a rebuilt table takes: an old column, a value, or an old column
/// with a value where it is `NULL`.
enum CopySource: Sendable, Equatable {
    case column(String)
    case value(DatabaseValue)
    case coalesce(column: String, value: ColumnDefault, type: FieldType)
}

/// A constraint declared in `CREATE TABLE`.
enum TableConstraint: Sendable {
    /// `CONSTRAINT "name" UNIQUE ("a", "b")`.
    case unique(name: String, columns: [String])
    /// `CONSTRAINT "name" CHECK (condition)`, the condition on the row's bare columns.
    case check(name: String, SQLExpression)
}

/// One DDL statement as a value: what the schema editor writes for an operation, what the
/// migration executor orders (indexes and constraints last, as Django defers them), and what
/// a dialect renders. Only `raw` holds SQL text: the app's own `RunSQL`.
enum SchemaStatement: Sendable {
    /// `CREATE TABLE`; `replacing` names the table a SQLite rebuild will replace with it.
    case createTable(
        table: String, columns: [ColumnDefinition], constraints: [TableConstraint] = [],
        ifNotExists: Bool = false, replacing: String? = nil)
    /// `CREATE [UNIQUE] INDEX`, partial (`WHERE condition`) when a condition is given, of
    /// PostgreSQL's kind `using` (`gin`) when one is given.
    case createIndex(
        name: String, table: String, columns: [IndexColumn], unique: Bool = false, condition: SQLExpression? = nil,
        using: String? = nil, nullsDistinct: Bool? = nil)
    case dropIndex(name: String, ifExists: Bool)
    case addForeignKey(table: String, name: String, column: String, targetTable: String, targetColumn: String)
    case addUnique(table: String, name: String, columns: [String], nullsDistinct: Bool? = nil)
    /// PostgreSQL: `ALTER TABLE … ADD CONSTRAINT … CHECK (condition)`.
    case addCheck(table: String, name: String, SQLExpression)
    case dropConstraint(table: String, name: String)
    case renameTable(String, to: String)
    case renameColumn(table: String, String, to: String)
    case dropTable(String, cascade: Bool)
    case addColumn(table: String, ColumnDefinition)
    case dropColumn(table: String, column: String)
    /// PostgreSQL: check a deferred constraint now.
    case checkConstraintNow(name: String)
    case dropDefault(table: String, column: String)
    /// `ALTER COLUMN … SET DEFAULT …`: a database default the column keeps.
    case setDefault(table: String, column: String, ColumnDefault, type: FieldType)
    /// `COMMENT ON TABLE … IS '…'` (PostgreSQL); `''` removes the comment, as Django writes it.
    case commentOnTable(table: String, comment: String)
    /// `COMMENT ON COLUMN … IS '…'` (PostgreSQL); `''` removes the comment, as Django writes it.
    case commentOnColumn(table: String, column: String, comment: String)
    /// `ALTER COLUMN … TYPE`, with `USING column::type` when the kind of field changes.
    case alterType(table: String, column: String, type: FieldType, using: Bool)
    /// `UPDATE … SET column = value WHERE column IS NULL`.
    case fillNulls(table: String, column: String, value: ColumnDefault, type: FieldType)
    case setNullable(table: String, column: String, nullable: Bool)
    /// `INSERT INTO into (targets) SELECT sources FROM table`.
    case copyRows(into: String, from: String, columns: [(target: String, source: CopySource)])
    /// The app's own SQL (`RunSQL`).
    case raw(String)
    /// The end of a SQLite rebuild of `table`: its indexes, which run at once with every
    /// statement deferred so far (Django's `_remake_table` runs its deferred SQL there,
    /// having dropped what referred to the old table).
    case endRebuild(table: String, [SchemaStatement])

    /// Whether Django's schema editor defers it to the end of the migration: indexes and
    /// constraints added to existing tables.
    var isDeferred: Bool {
        switch self {
        case .createIndex, .addForeignKey, .addUnique: return true
        default: return false
        }
    }

    /// Whether it is about `table` (as Django's `Statement.references_table`).
    func references(_ table: String) -> Bool {
        switch self {
        case .createIndex(_, let other, _, _, _, _, _), .addUnique(let other, _, _, _): other == table
        case .addForeignKey(let other, _, _, let target, _): other == table || target == table
        default: false
        }
    }
}

extension SchemaStatement {
    /// The statement in `dialect`'s SQL, ending with `;` as `sqlmigrate` prints it.
    func render(_ dialect: SQLDialect) -> String {
        let q = quoteIdentifier
        switch self {
        case .endRebuild(_, let statements):
            // NB: the executor runs these one by one; this text is for reading only.
            return statements.map { $0.render(dialect) }.joined(separator: "\n")
        case .createTable(let table, let columns, let constraints, let ifNotExists, _):
            let parts = columns.map { $0.render(dialect) } + constraints.map { $0.render(dialect) }
            return "CREATE TABLE \(ifNotExists ? "IF NOT EXISTS " : "")\(q(table)) (\(parts.joined(separator: ", ")));"
        case .createIndex(let name, let table, let columns, let unique, let condition, let using, let nullsDistinct):
            let list = columns.map { column in
                let indexed =
                    column.expression.map { "(" + SQLRenderer.renderDDL($0, dialect) + ")" } ?? q(column.column)
                return indexed + (column.operatorClass.map { " " + $0 } ?? "") + (column.descending ? " DESC" : "")
            }
            let filter = condition.map { " WHERE " + SQLRenderer.renderDDL($0, dialect) } ?? ""
            return
                "CREATE \(unique ? "UNIQUE " : "")INDEX \(q(name)) ON \(q(table))\(using.map { " USING " + $0 } ?? "")"
                + " (\(list.joined(separator: ", ")))\(nullsClause(nullsDistinct))\(filter);"
        case .dropIndex(let name, let ifExists):
            return "DROP INDEX \(ifExists ? "IF EXISTS " : "")\(q(name));"
        case .addForeignKey(let table, let name, let column, let targetTable, let targetColumn):
            return
                "ALTER TABLE \(q(table)) ADD CONSTRAINT \(q(name)) FOREIGN KEY (\(q(column))) REFERENCES \(q(targetTable)) (\(q(targetColumn))) DEFERRABLE INITIALLY DEFERRED;"
        case .addUnique(let table, let name, let columns, let nullsDistinct):
            return
                "ALTER TABLE \(q(table)) ADD CONSTRAINT \(q(name)) UNIQUE\(nullsClause(nullsDistinct))"
                + " (\(columns.map(q).joined(separator: ", ")));"
        case .addCheck(let table, let name, let condition):
            return "ALTER TABLE \(q(table)) ADD \(TableConstraint.check(name: name, condition).render(dialect));"
        case .dropConstraint(let table, let name):
            return "ALTER TABLE \(q(table)) DROP CONSTRAINT \(q(name));"
        case .renameTable(let old, let new):
            return "ALTER TABLE \(q(old)) RENAME TO \(q(new));"
        case .renameColumn(let table, let old, let new):
            return "ALTER TABLE \(q(table)) RENAME COLUMN \(q(old)) TO \(q(new));"
        case .dropTable(let table, let cascade):
            return "DROP TABLE \(q(table))\(cascade ? " CASCADE" : "");"
        case .addColumn(let table, let column):
            return "ALTER TABLE \(q(table)) ADD COLUMN \(column.render(dialect));"
        case .dropColumn(let table, let column):
            return "ALTER TABLE \(q(table)) DROP COLUMN \(q(column))\(dialect.rebuildsTables ? "" : " CASCADE");"
        case .checkConstraintNow(let name):
            return "SET CONSTRAINTS \(q(name)) IMMEDIATE;"
        case .dropDefault(let table, let column):
            return "ALTER TABLE \(q(table)) ALTER COLUMN \(q(column)) DROP DEFAULT;"
        case .setDefault(let table, let column, let value, let type):
            return "ALTER TABLE \(q(table)) ALTER COLUMN \(q(column)) SET DEFAULT \(value.render(dialect, for: type));"
        case .commentOnTable(let table, let comment):
            return "COMMENT ON TABLE \(q(table)) IS \(dialect.literal(.text(comment)));"
        case .commentOnColumn(let table, let column, let comment):
            return "COMMENT ON COLUMN \(q(table)).\(q(column)) IS \(dialect.literal(.text(comment)));"
        case .alterType(let table, let column, let type, let using):
            let name = dialect.columnType(type)
            return "ALTER TABLE \(q(table)) ALTER COLUMN \(q(column)) TYPE \(name)"
                + (using ? " USING \(q(column))::\(name);" : ";")
        case .fillNulls(let table, let column, let value, let type):
            return
                "UPDATE \(q(table)) SET \(q(column)) = \(value.render(dialect, for: type)) WHERE \(q(column)) IS NULL;"
        case .setNullable(let table, let column, let nullable):
            return "ALTER TABLE \(q(table)) ALTER COLUMN \(q(column)) \(nullable ? "DROP" : "SET") NOT NULL;"
        case .copyRows(let into, let from, let columns):
            let sources = columns.map { column -> String in
                switch column.source {
                case .column(let name): return q(name)
                case .value(let value): return dialect.literal(value)
                case .coalesce(let name, let value, let type):
                    return "coalesce(\(q(name)), \(value.render(dialect, for: type)))"
                }
            }
            return
                "INSERT INTO \(q(into)) (\(columns.map { q($0.target) }.joined(separator: ", "))) SELECT \(sources.joined(separator: ", ")) FROM \(q(from));"
        case .raw(let sql):
            return sql
        }
    }
}

/// ` NULLS NOT DISTINCT` (or ` NULLS DISTINCT`) for a unique constraint's rule, as Django writes it.
private func nullsClause(_ nullsDistinct: Bool?) -> String {
    nullsDistinct.map { $0 ? " NULLS DISTINCT" : " NULLS NOT DISTINCT" } ?? ""
}

extension TableConstraint {
    /// As `CREATE TABLE` declares it: `CONSTRAINT "name" CHECK ("pages" >= 1)`.
    func render(_ dialect: SQLDialect) -> String {
        switch self {
        case .unique(let name, let columns):
            "CONSTRAINT \(quoteIdentifier(name)) UNIQUE (\(columns.map(quoteIdentifier).joined(separator: ", ")))"
        case .check(let name, let condition):
            "CONSTRAINT \(quoteIdentifier(name)) CHECK (\(SQLRenderer.renderDDL(condition, dialect)))"
        }
    }
}

extension ColumnDefinition {
    /// As Django's `column_sql` writes it: type, default, null, key, checks, reference.
    func render(_ dialect: SQLDialect) -> String {
        let quoted = quoteIdentifier(column)
        var sql = "\(quoted) \(dialect.columnType(type))"
        if let defaultValue { sql += " DEFAULT \(dialect.literal(defaultValue, for: type))" }
        if let databaseDefault { sql += " DEFAULT \(databaseDefault.render(dialect, for: type))" }
        if let generated {
            // NB: as Django, the generated clause takes the place of NULL/NOT NULL, and values
            // are written into it (DDL has no parameters).
            let expression = SQLRenderer.renderDDL(generated.expression, dialect)
            sql +=
                " GENERATED ALWAYS AS (\(generated.castsToNumeric ? "(CAST(\(expression) AS NUMERIC))" : expression))"
            sql += generated.stored ? " STORED" : " VIRTUAL"
            if isUnique { sql += " UNIQUE" }
        } else if isPrimaryKey {
            sql += dialect.primaryKeySuffix(type)
        } else {
            sql += isNullable ? " NULL" : " NOT NULL"
            if isUnique { sql += " UNIQUE" }
        }
        if type == .json, dialect.checksJSON { sql += " CHECK ((JSON_VALID(\(quoted)) OR \(quoted) IS NULL))" }
        if type.isPositive { sql += " CHECK (\(quoted) >= 0)" }
        switch reference {
        case .inline(let table, let key)?:
            sql += " REFERENCES \(quoteIdentifier(table)) (\(quoteIdentifier(key))) DEFERRABLE INITIALLY DEFERRED"
        case .named(let name, let table, let key)?:
            sql +=
                " CONSTRAINT \(quoteIdentifier(name)) REFERENCES \(quoteIdentifier(table))(\(quoteIdentifier(key))) DEFERRABLE INITIALLY DEFERRED"
        case nil:
            break
        }
        return sql
    }
}
