internal import Foundation
internal import PonyCrypto
internal import PonySupport

/// Writes the DDL for schema changes as Django's schema editors write it, per dialect.
/// Where a dialect ``SQLDialect/rebuildsTables`` (SQLite cannot alter most of a table), changes
/// rebuild the table, as Django does: create the new one, copy the rows, drop the old one and
/// rename; there foreign keys are declared inline and the table's constraints with it.
struct SchemaEditor {
    let dialect: SQLDialect
    /// The app's models before the change (for foreign key targets).
    let state: ProjectState

    // MARK: Columns

    /// A column as Django's `column_sql` declares it, with the foreign key inline on SQLite
    /// (on PostgreSQL ``foreignKeyConstraint(_:_:)`` adds it after the table, or, in an
    /// `ADD COLUMN` to `table`, a named inline constraint).
    func columnDefinition(
        _ field: FieldState, of model: ModelState, default value: DatabaseValue? = nil, addingTo table: String? = nil
    ) throws -> ColumnDefinition {
        var reference: ColumnDefinition.Reference?
        if let (target, key) = foreignKeyTarget(field) {
            if dialect.rebuildsTables {
                reference = .inline(table: target.table, column: key)
            } else if let table {
                reference = .named(
                    foreignKeyName(table, field.column, target.table, key), table: target.table, column: key)
            }
        }
        var definition = ColumnDefinition(
            column: field.column, type: columnType(field), defaultValue: value, isPrimaryKey: field.isPrimaryKey,
            isNullable: field.isNullable, isUnique: field.isUnique, reference: reference)
        definition.generated = try generatedColumn(field, of: model)
        definition.databaseDefault = try databaseDefault(field, of: model)
        return definition
    }

    /// `COMMENT ON COLUMN` for a field with a comment, after its table or column is made, as
    /// Django writes it on PostgreSQL; SQLite keeps no comments.
    func comment(_ table: String, _ field: FieldState) -> SchemaStatement? {
        guard let comment = field.dbComment, !dialect.rebuildsTables else { return nil }
        return .commentOnColumn(table: table, column: field.column, comment: comment)
    }

    /// `COMMENT ON TABLE` (`''` removes it), as Django writes it on PostgreSQL; SQLite keeps no
    /// comments.
    func tableComment(_ table: String, _ comment: String) -> SchemaStatement? {
        dialect.rebuildsTables ? nil : .commentOnTable(table: table, comment: comment)
    }

    /// The column type; a relation's column has the type of the key it points to, as Django's
    /// `rel_db_type` (an `AutoField` key is an `integer` column, a `BigAutoField` a `bigint`).
    func columnType(_ field: FieldState) -> FieldType {
        guard let target = field.to.flatMap(targetModel), !field.isManyToMany,
            let key = target.fields.first(where: { $0.isPrimaryKey })
        else { return field.fieldType }
        switch key.type {
        case .auto: return .integer
        case .bigAuto, .foreignKey, .oneToOne: return .bigInteger
        default: return key.fieldType
        }
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
    func foreignKeyConstraint(_ table: String, _ field: FieldState) -> SchemaStatement? {
        guard !dialect.rebuildsTables, let (target, key) = foreignKeyTarget(field) else { return nil }
        return .addForeignKey(
            table: table, name: foreignKeyName(table, field.column, target.table, key), column: field.column,
            targetTable: target.table, targetColumn: key)
    }

    private func targetModel(_ label: String) -> ModelState? {
        if let other = state.otherApps[label] { return other }
        let name = label.split(separator: ".").last.map(String.init) ?? label
        return state.models[name]
    }

    /// Django's index name (`_create_index_name`): `<table>_<columns>_<md5(table + columns)[:8]><suffix>`.
    func indexName(_ table: String, _ columns: [String], suffix: String = "") -> String {
        let digest = String(hexString(Digester<MD5>.hash(([table] + columns).joined().utf8)).prefix(8))
        let joined = columns.joined(separator: "_")
        var hashAndSuffix = digest + suffix
        let name = "\(table)_\(joined)_\(hashAndSuffix)"
        let maximum = dialect.maxIdentifierLength
        if name.count <= maximum { return name }
        // Django's rule for long names: a long suffix cut to a third, then the table and the
        // columns cut to share the rest.
        if hashAndSuffix.count > maximum / 3 { hashAndSuffix = String(hashAndSuffix.prefix(maximum / 3)) }
        let other = (maximum - hashAndSuffix.count) / 2 - 1
        let shortened = "\(table.prefix(other))_\(joined.prefix(other))_\(hashAndSuffix)"
        guard let first = shortened.first, first != "_", !first.isNumber else { return "D" + shortened.dropLast() }
        return shortened
    }

    /// Indexes Django creates after the table: foreign keys and `dbIndex` fields, then
    /// `Meta.indexes`.
    func indexStatements(_ model: ModelState) throws -> [SchemaStatement] {
        try model.columns.flatMap { fieldIndexes(model.table, $0) }
            + model.indexes.flatMap { try createIndex(model, $0) }
    }

    /// A field's own indexes: `dbIndex` (and foreign keys), and on PostgreSQL the
    /// `varchar_pattern_ops` index Django adds so that `LIKE 'x%'` can use one.
    /// A primary key is unique, so a text one gets the pattern index too.
    func fieldIndexes(_ table: String, _ field: FieldState) -> [SchemaStatement] {
        var statements: [SchemaStatement] = []
        if field.isIndexed && !field.isUnique && !field.isPrimaryKey {
            statements.append(
                .createIndex(
                    name: indexName(table, [field.column]), table: table, columns: [IndexColumn(column: field.column)]))
        }
        if field.isIndexed || field.isUnique || field.isPrimaryKey,
            let operators = dialect.patternOperatorClass(field.fieldType)
        {
            statements.append(
                .createIndex(
                    name: indexName(table, [field.column], suffix: "_like"), table: table,
                    columns: [IndexColumn(column: field.column, operatorClass: operators)]))
        }
        return statements
    }

    /// `CREATE INDEX` for one of `Meta.indexes`: on fields, or on expressions as Django writes
    /// them (`((LOWER("title")))`), `USING` PostgreSQL's kind of index. SQLite has none of those
    /// kinds, so there it is a plain index, as Django makes it; and it has no full-text search,
    /// so an index of a search vector is not made there (Django's would fail).
    func createIndex(_ model: ModelState, _ index: Index) throws -> [SchemaStatement] {
        guard isMade(index) else { return [] }
        let classes = try operatorClasses(index)
        var columns = index.fields.enumerated().map { position, name -> IndexColumn in
            let descending = name.hasPrefix("-")
            let fieldName = descending ? String(name.dropFirst()) : name
            return IndexColumn(
                column: model.field(fieldName)?.column ?? snakeCase(fieldName), descending: descending,
                operatorClass: dialect.rebuildsTables ? nil : classes?[position])
        }
        if let expressions = index.expressions {
            var compiler = SQLCompiler(root: SchemaInfo(historical: model))
            columns += try expressions.map { expression in
                IndexColumn(column: "", expression: try compiler.expression(expression))
            }
        }
        return [
            .createIndex(
                name: index.name ?? model.indexName(index), table: model.table, columns: columns,
                using: dialect.rebuildsTables ? nil : index.type.map(\.rawValue))
        ]
    }

    func dropIndex(_ model: ModelState, _ index: Index) -> [SchemaStatement] {
        guard isMade(index) else { return [] }
        return [.dropIndex(name: index.name ?? model.indexName(index), ifExists: !dialect.rebuildsTables)]
    }

    /// The index's operator classes, checked as Django's `Index` checks them; they are written
    /// into the SQL as they are, so only names are allowed.
    private func operatorClasses(_ index: Index) throws -> [String]? {
        guard let opclasses = index.opclasses, !opclasses.isEmpty else { return nil }
        guard index.name != nil else { throw FieldError(description: "An index must be named to use opclasses.") }
        guard opclasses.count == index.fields.count else {
            throw FieldError(description: "Index.fields and Index.opclasses must have the same number of elements.")
        }
        for name in opclasses {
            let allowed =
                !name.isEmpty
                && name.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                            || "_.".unicodeScalars.contains(scalar))
                }
            guard allowed else {
                throw FieldError(
                    description:
                        "Index \(index.name ?? "") has an operator class \(pythonRepr(name)); an operator class is"
                        + " a name such as varchar_pattern_ops.")
            }
        }
        return opclasses
    }

    /// Whether the index exists on this backend: on SQLite, not when it indexes a search vector.
    private func isMade(_ index: Index) -> Bool {
        !dialect.rebuildsTables || !(index.expressions ?? []).contains { $0.searchVector != nil }
    }

    /// A constraint as `CREATE TABLE` declares it; `nil` for a unique constraint with a
    /// condition or expressions, which is a unique index (``uniqueIndexes(_:)``), as in Django.
    func tableConstraint(_ model: ModelState, _ constraint: ModelConstraint) throws -> TableConstraint? {
        switch constraint {
        case .unique(let unique):
            // NB: as Django, a rule for NULLs makes it an `ALTER TABLE` after the table.
            guard !unique.isIndex, unique.nullsDistinct == nil else { return nil }
            return .unique(name: unique.name, columns: unique.fields.map { model.field($0)?.column ?? snakeCase($0) })
        case .check(let check):
            return .check(name: check.name, try condition(model, check.condition))
        }
    }

    /// The model's unique constraints made after the table, as Django defers them: `CREATE
    /// UNIQUE INDEX` for those with a condition or expressions, `ALTER TABLE … ADD CONSTRAINT`
    /// for those with a rule for `NULL`s.
    func uniqueIndexes(_ model: ModelState) throws -> [SchemaStatement] {
        try model.constraints.compactMap { constraint in
            guard case .unique(let unique) = constraint, isMade(unique) else { return nil }
            if unique.isIndex { return try uniqueIndex(model, unique) }
            return unique.nullsDistinct.map { nulls in
                .addUnique(
                    table: model.table, name: unique.name,
                    columns: unique.fields.map { model.field($0)?.column ?? snakeCase($0) }, nullsDistinct: nulls)
            }
        }
    }

    /// Whether the unique index exists on this backend: SQLite has no rule for `NULL`s, and
    /// Django makes no constraint there with one (its check warns, `models.W047`).
    private func isMade(_ unique: UniqueConstraint) -> Bool {
        unique.nullsDistinct == nil || !dialect.rebuildsTables
    }

    /// A unique constraint with a condition or expressions, as Django makes it: a unique
    /// index, on `(LOWER("name"))` for an expression and on the bare column for a field.
    private func uniqueIndex(_ model: ModelState, _ unique: UniqueConstraint) throws -> SchemaStatement {
        var compiler = SQLCompiler(root: SchemaInfo(historical: model))
        let expressions = try unique.expressions.map { expression -> IndexColumn in
            let compiled = try compiler.expression(expression)
            if case .column(_, let column) = compiled { return IndexColumn(column: column) }
            return IndexColumn(column: "", expression: compiled)
        }
        return .createIndex(
            name: unique.name, table: model.table,
            columns: unique.fields.map { IndexColumn(column: model.field($0)?.column ?? snakeCase($0)) } + expressions,
            unique: true, condition: try unique.condition.map { try condition(model, $0) },
            nullsDistinct: unique.nullsDistinct)
    }

    /// A constraint's condition on the model's own columns.
    func condition(_ model: ModelState, _ condition: Q) throws -> SQLExpression {
        var compiler = SQLCompiler(root: SchemaInfo(historical: model))
        let expression = try compiler.compile(condition)
        guard compiler.joins.isEmpty else {
            throw MigrationError(
                "A constraint of \(model.name) names a field of another model; a constraint's condition can only name the model's own fields."
            )
        }
        return expression
    }

    /// A constraint added to an existing table: `ALTER TABLE` on PostgreSQL; SQLite cannot,
    /// so there the table is rebuilt with it. A unique constraint with a condition is an
    /// index on both.
    func addConstraint(_ model: ModelState, _ constraint: ModelConstraint) throws -> [SchemaStatement] {
        var new = model
        new.constraints.append(constraint)
        if case .unique(let unique) = constraint, unique.isIndex || unique.nullsDistinct != nil {
            var only = model
            only.constraints = [constraint]
            return try uniqueIndexes(only)
        }
        guard !dialect.rebuildsTables else { return try rebuild(from: model, to: new, fill: [:]) }
        switch try tableConstraint(model, constraint) {
        case .unique(let name, let columns)?: return [.addUnique(table: model.table, name: name, columns: columns)]
        case .check(let name, let condition)?: return [.addCheck(table: model.table, name: name, condition)]
        case nil: return []
        }
    }

    func removeConstraint(_ model: ModelState, _ name: String) throws -> [SchemaStatement] {
        var new = model
        new.constraints.removeAll { $0.name == name }
        if case .unique(let unique)? = model.constraints.first(where: { $0.name == name }) {
            if !isMade(unique) { return [] }
            if unique.isIndex { return [.dropIndex(name: name, ifExists: !dialect.rebuildsTables)] }
        }
        guard !dialect.rebuildsTables else { return try rebuild(from: model, to: new, fill: [:]) }
        return [.dropConstraint(table: model.table, name: name)]
    }

    // MARK: Tables

    func createTable(_ model: ModelState, replacing: String? = nil) throws -> [SchemaStatement] {
        [
            .createTable(
                table: model.table, columns: try model.columns.map { try columnDefinition($0, of: model) },
                constraints: try model.constraints.compactMap { try tableConstraint(model, $0) }, replacing: replacing)
        ] + (model.dbTableComment.flatMap { tableComment(model.table, $0) }.map { [$0] } ?? [])
            + model.columns.compactMap { comment(model.table, $0) } + uniqueTogether(model)
            + model.columns.compactMap { foreignKeyConstraint(model.table, $0) } + (try uniqueIndexes(model))
            + (try indexStatements(model))
            + (try model.fields.filter(\.hasAutomaticThrough).flatMap { try createThrough(model, $0) })
    }

    /// `unique_together`: a unique index on SQLite, a constraint on PostgreSQL, named `…_uniq`.
    func uniqueTogether(_ model: ModelState) -> [SchemaStatement] {
        model.uniqueTogether.map { fields in
            unique(model.table, fields.map { model.field($0)?.column ?? snakeCase($0) })
        }
    }

    private func unique(_ table: String, _ columns: [String]) -> SchemaStatement {
        let name = indexName(table, columns, suffix: "_uniq")
        return dialect.rebuildsTables
            ? .createIndex(name: name, table: table, columns: columns.map { IndexColumn(column: $0) }, unique: true)
            : .addUnique(table: table, name: name, columns: columns)
    }

    /// The table of pairs of a many-to-many field, as Django creates its automatic through
    /// model: the table, the pair's uniqueness, the keys' constraints and indexes.
    func createThrough(_ model: ModelState, _ field: FieldState) throws -> [SchemaStatement] {
        var after = state
        after.models[model.key] = model
        let editor = SchemaEditor(dialect: dialect, state: after)
        let through = model.through(field)
        let keys = through.columns.filter { !$0.isPrimaryKey }.map(\.column)
        let unique = unique(through.table, keys)
        let table = SchemaStatement.createTable(
            table: through.table, columns: try through.columns.map { try editor.columnDefinition($0, of: through) })
        return [table, unique]
            + through.columns.compactMap { editor.foreignKeyConstraint(through.table, $0) }
            // NB: a table of pairs has no `Meta.indexes`, only its columns' indexes.
            + through.columns.flatMap { editor.fieldIndexes(through.table, $0) }
    }

    /// Renames a model's table, the tables of pairs named after it, and the key columns named
    /// after it in its own and other models' tables of pairs, as Django's RenameModel does.
    func renameModel(_ model: ModelState, before: ProjectState, after: ProjectState, to newName: String)
        -> [SchemaStatement]
    {
        let renamed = model.renamed(to: newName)
        var statements = renameTable(model.table, renamed.table)
        for field in model.fields where field.hasAutomaticThrough {
            let (old, new) = (model.through(field), renamed.through(field))
            statements += renameTable(old.table, new.table)
            for (column, newColumn) in zip(old.columns, new.columns) where column.column != newColumn.column {
                statements.append(.renameColumn(table: new.table, column.column, to: newColumn.column))
            }
        }
        for other in before.models.values where other.key != model.key {
            for field in other.fields where field.hasAutomaticThrough && field.to?.hasSuffix("." + model.key) == true {
                guard let moved = after.models[other.key]?.field(field.name) else { continue }
                let (old, new) = (other.through(field), other.through(moved))
                for (column, newColumn) in zip(old.columns, new.columns) where column.column != newColumn.column {
                    statements.append(.renameColumn(table: old.table, column.column, to: newColumn.column))
                }
            }
        }
        return statements
    }

    func renameTable(_ old: String, _ new: String) -> [SchemaStatement] {
        old == new ? [] : [.renameTable(old, to: new)]
    }

    func dropTable(_ model: ModelState) -> [SchemaStatement] {
        (model.fields.filter(\.hasAutomaticThrough).map { model.through($0).table } + [model.table]).map {
            .dropTable($0, cascade: !dialect.rebuildsTables)
        }
    }

    func addField(_ model: ModelState, _ field: FieldState) throws -> [SchemaStatement] {
        if field.isManyToMany { return field.through == nil ? try createThrough(model, field) : [] }
        let table = model.table
        var new = model
        new.fields.append(field)
        if dialect.rebuildsTables {
            // NB: SQLite cannot add a stored generated column to a table; Django rebuilds it.
            let needsRebuild =
                !field.isNullable || field.default != nil || field.isUnique || field.isPrimaryKey
                || (field.isGenerated && field.dbPersist != false)
            if needsRebuild {
                // NB: as Django, existing rows take a database default from the new table.
                let fill: [String: CopySource] =
                    field.isGenerated || field.dbDefault != nil ? [:] : [field.column: .value(field.default ?? .null)]
                return try rebuild(from: model, to: new, fill: fill, moving: field.column)
            }
            return [.addColumn(table: table, try columnDefinition(field, of: new))] + fieldIndexes(model.table, field)
        }
        // NB: as Django: existing rows take the default, which the column then forgets.
        let value = field.default.flatMap { $0 == .null ? nil : $0 }
        let column = try columnDefinition(field, of: new, default: value, addingTo: model.table)
        var statements: [SchemaStatement] = [.addColumn(table: table, column)]
        if let (target, key) = foreignKeyTarget(field) {
            // NB: so that the rows' new values are checked now, not at the end of the migration.
            let name = foreignKeyName(model.table, field.column, target.table, key)
            statements.append(.checkConstraintNow(name: name))
        }
        if value != nil {
            statements.append(.dropDefault(table: table, column: field.column))
        }
        if let comment = comment(table, field) { statements.append(comment) }
        return statements + fieldIndexes(model.table, field)
    }

    func removeField(_ model: ModelState, _ name: String) throws -> [SchemaStatement] {
        guard let field = model.field(name) else { return [] }
        if field.isManyToMany {
            guard field.through == nil else { return [] }
            return [.dropTable(model.through(field).table, cascade: !dialect.rebuildsTables)]
        }
        // NB: as Django, SQLite drops a plain column in place (SQLite 3.35); a key, a unique or
        // indexed column and a foreign key need the table rebuilt.
        let plain = !field.isPrimaryKey && !field.isUnique && !field.isIndexed && field.to == nil
        if dialect.rebuildsTables && !plain {
            var new = model
            new.fields.removeAll { $0.name == name }
            return try rebuild(from: model, to: new, fill: [:])
        }
        return [.dropColumn(table: model.table, column: field.column)]
    }

    func alterField(_ model: ModelState, _ field: FieldState) throws -> [SchemaStatement] {
        guard let old = model.field(field.name), !old.isManyToMany, !field.isManyToMany else { return [] }
        var new = model
        new.fields = model.fields.map { $0.name == field.name ? field : $0 }
        if dialect.rebuildsTables {
            var fill: [String: CopySource] = [:]
            if old.isNullable && !field.isNullable {
                // Rows with NULL take the new default, as Django's rebuild does.
                fill[field.column] = .coalesce(
                    column: old.column, value: try databaseDefault(field, of: new) ?? .value(field.default ?? .null),
                    type: field.fieldType)
            }
            return try rebuild(
                from: model, to: new, fill: fill, renamed: [field.column: old.column], moving: field.column)
        }
        let table = model.table
        var statements = droppedConstraintsAndIndexes(table, old: old, new: field)
        if old.column != field.column {
            statements.append(.renameColumn(table: table, old.column, to: field.column))
        }
        if old.fieldType != field.fieldType {
            // NB: as Django, `USING column::type` only when the kind of field changes, not
            // for a longer varchar. (Django also alters the type to itself for a new comment,
            // which PostgreSQL refuses for a column a generated column uses; Pony does not.)
            statements.append(
                .alterType(table: table, column: field.column, type: columnType(field), using: old.type != field.type))
        }
        if old.dbComment != field.dbComment {
            statements.append(.commentOnColumn(table: table, column: field.column, comment: field.dbComment ?? ""))
        }
        let databaseDefault = try databaseDefault(field, of: new)
        if old.dbDefault != field.dbDefault {
            statements.append(
                databaseDefault.map { .setDefault(table: table, column: field.column, $0, type: field.fieldType) }
                    ?? .dropDefault(table: table, column: field.column))
        }
        if old.isNullable != field.isNullable {
            let fill = databaseDefault ?? field.default.flatMap { $0 == .null ? nil : .value($0) }
            if !field.isNullable, let fill {
                statements.append(.fillNulls(table: table, column: field.column, value: fill, type: field.fieldType))
            }
            statements.append(.setNullable(table: table, column: field.column, nullable: field.isNullable))
        }
        return statements + addedConstraintsAndIndexes(table, old: old, new: field)
    }

    /// Whether a field has a plain index (`dbIndex`, a foreign key), and the pattern index
    /// PostgreSQL gives an indexed text column (``fieldIndexes(_:_:)``).
    private func hasPlainIndex(_ field: FieldState) -> Bool {
        field.isIndexed && !field.isUnique && !field.isPrimaryKey
    }

    private func hasPatternIndex(_ field: FieldState) -> Bool {
        (field.isIndexed || field.isUnique || field.isPrimaryKey)
            && dialect.patternOperatorClass(field.fieldType) != nil
    }

    /// Django's `_alter_field` before the column changes: the uniqueness and the indexes the
    /// field loses. A unique column's constraint is named by PostgreSQL when `CREATE TABLE`
    /// declared it (`…_key`) and by Django when a change added it (`…_uniq`); Django looks the
    /// name up, Pony drops either that exists.
    private func droppedConstraintsAndIndexes(_ table: String, old: FieldState, new: FieldState) -> [SchemaStatement] {
        var statements: [SchemaStatement] = []
        if old.isUnique, !new.isUnique, !old.isPrimaryKey {
            for name in ["\(table)_\(old.column)_key", indexName(table, [old.column], suffix: "_uniq")] {
                statements.append(
                    .raw("ALTER TABLE \(quoteIdentifier(table)) DROP CONSTRAINT IF EXISTS \(quoteIdentifier(name));"))
            }
        }
        if hasPlainIndex(old), !hasPlainIndex(new) {
            statements.append(.dropIndex(name: indexName(table, [old.column]), ifExists: true))
        }
        if hasPatternIndex(old), !hasPatternIndex(new) {
            statements.append(.dropIndex(name: indexName(table, [old.column], suffix: "_like"), ifExists: true))
        }
        return statements
    }

    /// Django's `_alter_field` after the column changes: the uniqueness and indexes the field
    /// gains (`ADD CONSTRAINT … UNIQUE`, then its indexes).
    private func addedConstraintsAndIndexes(_ table: String, old: FieldState, new: FieldState) -> [SchemaStatement] {
        var statements: [SchemaStatement] = []
        if !old.isUnique, new.isUnique, !new.isPrimaryKey {
            statements.append(
                .addUnique(table: table, name: indexName(table, [new.column], suffix: "_uniq"), columns: [new.column]))
        }
        let indexes = fieldIndexes(table, new)
        if !hasPlainIndex(old), hasPlainIndex(new), let plain = indexes.first {
            statements.append(plain)
        }
        if !hasPatternIndex(old), hasPatternIndex(new), let pattern = indexes.last {
            statements.append(pattern)
        }
        return statements
    }

    func renameField(_ model: ModelState, from old: String, to new: String) throws -> [SchemaStatement] {
        guard let field = model.field(old) else { return [] }
        var renamed = field
        renamed.name = new
        if field.isManyToMany {
            guard field.through == nil else { return [] }
            return renameTable(model.through(field).table, model.through(renamed).table)
        }
        guard renamed.column != field.column else { return [] }
        return [.renameColumn(table: model.table, field.column, to: renamed.column)]
    }

    /// Django's SQLite `_remake_table`: new table, copy, drop, rename, indexes.
    /// `fill` gives what new columns take; `renamed` maps new columns to old ones.
    ///
    /// `moving` is the column of an altered field: Django's rebuild puts it right after an
    /// automatic key in the new table and last in the copy (its field object is newer than
    /// the copies of the others, and Django orders fields by creation).
    func rebuild(
        from old: ModelState, to new: ModelState, fill: [String: CopySource], renamed: [String: String] = [:],
        moving: String? = nil
    ) throws -> [SchemaStatement] {
        let temporary = "new__\(new.table)"
        var staged = new
        staged.table = temporary
        if let moving, let field = new.fields.first(where: { $0.column == moving }) {
            let isAutomaticKey = { (field: FieldState) in
                field.isPrimaryKey && (field.type == .auto || field.type == .bigAuto)
            }
            let rest = new.fields.filter { $0.column != moving }
            staged.fields = rest.filter(isAutomaticKey) + [field] + rest.filter { !isAutomaticKey($0) }
        }
        let oldColumns = Set(old.columns.map(\.column))
        var columns: [(target: String, source: CopySource)] = []
        let copyOrder = new.columns.filter { $0.column != moving } + new.columns.filter { $0.column == moving }
        // NB: generated columns are computed in the new table, never copied.
        for field in copyOrder where !field.isGenerated {
            let source = renamed[field.column] ?? field.column
            if let value = fill[field.column] {
                columns.append((field.column, value))
            } else if oldColumns.contains(source) {
                columns.append((field.column, .column(source)))
            }
        }
        let table = SchemaStatement.createTable(
            table: temporary, columns: try staged.columns.map { try columnDefinition($0, of: staged) },
            constraints: try staged.constraints.compactMap { try tableConstraint(staged, $0) }, replacing: old.table)
        return [
            table, .copyRows(into: temporary, from: old.table, columns: columns),
            .dropTable(old.table, cascade: false), .renameTable(temporary, to: new.table),
            .endRebuild(table: old.table, uniqueTogether(new) + (try uniqueIndexes(new)) + (try indexStatements(new))),
        ]
    }
}
