internal import Foundation

/// Django's `inspectdb`: a model for each table of an existing database, as Django would
/// write it (``InspectedModel``: its names, field classes and options), then as Swift
/// (``swiftSource(_:)``): `@Model(table:managed: false)` structs to paste into an app.
public enum InspectDB {
    /// The models of the database's tables (`tables`, or every table; views too with
    /// `includeViews`), in name order, as Django 5.2's `inspectdb` makes them.
    public static func models(in database: any Database, tables: [String] = [], includeViews: Bool = false)
        async throws -> [InspectedModel]
    {
        let found = try await Introspection.tables(in: database)
        let views = Set(found.filter(\.isView).map(\.name))
        let names = tables.isEmpty ? found.filter { includeViews || !$0.isView }.map(\.name) : tables
        var models: [InspectedModel] = []
        var known: [String] = []
        for table in names {
            let name = modelName(table)
            do {
                let description = try await Introspection.describe(table, in: database)
                var model = try await inspect(table, description, database: database, known: known)
                model.isView = views.contains(table)
                models.append(model)
            } catch {
                models.append(InspectedModel(name: name, table: table, error: "\(error)"))
            }
            known.append(name)
        }
        return models
    }

    /// Django's `normalize_table_name`: `todo_task` → `TodoTask`.
    static func modelName(_ table: String) -> String {
        var result = ""
        var previousIsLetter = false
        for character in table {
            // NB: Python's `str.title()` starts a word after anything that is not a letter.
            result.append(contentsOf: previousIsLetter ? character.lowercased() : character.uppercased())
            previousIsLetter = character.isLetter
        }
        return String(result.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    private static func inspect(
        _ table: String, _ description: Introspection.Description, database: any Database, known: [String]
    ) async throws -> InspectedModel {
        let name = modelName(table)
        var model = InspectedModel(name: name, table: table)
        model.dbTableComment = description.comment
        let primaryKey = description.primaryKey.count == 1 ? description.primaryKey.first : nil
        if description.primaryKey.count > 1 { model.compositeKey = description.primaryKey }
        let uniqueColumns = Set(description.unique.filter { $0.columns.count == 1 }.compactMap(\.columns.first))
        var used: [String] = []
        var columnToField: [String: String] = [:]
        var usedRelations: Set<String> = []
        for column in description.columns {
            let relation = description.relations[column.name]
            var field = normalized(column.name, used: used, isRelation: relation != nil)
            used.append(field.name)
            columnToField[column.name] = field.name
            if column.name == primaryKey {
                field.isPrimaryKey = true
            } else if uniqueColumns.contains(column.name) {
                field.isUnique = true
            }
            if let relation {
                if field.isUnique || field.isPrimaryKey {
                    field.isUnique = false
                    field.fieldClass = "OneToOneField"
                } else {
                    field.fieldClass = "ForeignKey"
                    let targetKey = try await Introspection.describe(relation.table, in: database).primaryKey
                    if targetKey.count == 1, targetKey[0] != relation.column { field.toField = relation.column }
                }
                let target = relation.table == table ? name : modelName(relation.table)
                field.target = target
                field.targetIsKnown = relation.table == table || known.contains(target)
                if usedRelations.contains(target) { field.relatedName = "\(name.lowercased())_\(field.name)_set" }
                usedRelations.insert(target)
                field.valueClass = fieldClass(column, database.dialect).name
            } else {
                let (fieldClass, notes) = fieldClass(column, database.dialect)
                field.fieldClass = fieldClass
                field.notes += notes
                if fieldClass == "CharField", let length = column.maxLength, length > 0 { field.maxLength = length }
                if fieldClass == "DecimalField" {
                    if let precision = column.precision, let scale = column.scale {
                        (field.maxDigits, field.decimalPlaces) = (precision, scale)
                    } else {
                        field.notes.append(
                            "max_digits and decimal_places have been guessed, as this database handles decimal"
                                + " fields as float")
                        (field.maxDigits, field.decimalPlaces) = (column.precision ?? 10, column.scale ?? 5)
                    }
                }
            }
            // NB: as Django, `id = AutoField(primary_key=True)` goes without saying.
            field.isImplicit =
                field.name == "id" && field.isPrimaryKey && field.dbColumn == nil && field.fieldClass == "AutoField"
            field.isNullable = column.isNullable
            field.dbComment = column.comment.flatMap { $0.isEmpty ? nil : $0 }
            model.fields.append(field)
        }
        for (constraint, columns) in description.unique where columns.count > 1 && columns != description.primaryKey {
            let fields = columns.compactMap { columnToField[$0] }
            if fields.count == columns.count { model.uniqueTogether.append((constraint, fields)) }
        }
        return model
    }

    /// Django's `normalize_col_name`: a Python name for the column, the notes on how it
    /// changed, and `db_column` when it did.
    static func normalized(_ column: String, used: [String], isRelation: Bool) -> InspectedField {
        var field = InspectedField(name: "", column: column)
        var name = column.lowercased()
        if name != column { field.notes.append("Field name made lowercase.") }
        if isRelation {
            if name.hasSuffix("_id") { name = String(name.dropLast(3)) } else { field.dbColumn = column }
        }
        let replaced = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if replaced != name { field.notes.append("Field renamed to remove unsuitable characters.") }
        name = replaced
        if name.contains("__") {
            while name.contains("__") { name = name.replacingOccurrences(of: "__", with: "_") }
            if column.lowercased().contains("__") {
                field.notes.append("Field renamed because it contained more than one '_' in a row.")
            }
        }
        if name.hasPrefix("_") {
            name = "field" + name
            field.notes.append("Field renamed because it started with '_'.")
        }
        if name.hasSuffix("_") {
            name += "field"
            field.notes.append("Field renamed because it ended with '_'.")
        }
        if pythonKeywords.contains(name) {
            name += "_field"
            field.notes.append("Field renamed because it was a Python reserved word.")
        }
        if name.first?.isNumber == true {
            name = "number_" + name
            field.notes.append("Field renamed because it wasn't a valid Python identifier.")
        }
        if used.contains(name) {
            var number = 0
            while used.contains("\(name)_\(number)") { number += 1 }
            name = "\(name)_\(number)"
            field.notes.append("Field renamed because of name conflict.")
        }
        if column != name, !field.notes.isEmpty { field.dbColumn = column }
        field.name = name
        return field
    }

    static let pythonKeywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Django's field class for a column's type (`get_field_type`), with its notes.
    static func fieldClass(_ column: Introspection.Column, _ dialect: SQLDialect) -> (name: String, notes: [String]) {
        let base = column.type.split(separator: "(", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let map = dialect == .sqlite ? sqliteTypes : postgresTypes
        guard var name = base.flatMap({ map[$0] }) else { return ("TextField", ["This field type is a guess."]) }
        if column.isAutomatic {
            switch name {
            case "BigIntegerField": name = dialect == .sqlite ? "AutoField" : "BigAutoField"
            case "IntegerField": name = "AutoField"
            case "SmallIntegerField": name = dialect == .sqlite ? "AutoField" : "SmallAutoField"
            default: break
            }
        }
        if column.isJSON { name = "JSONField" }
        return (name, [])
    }

    /// Django's SQLite `FlexibleFieldLookupDict`.
    static let sqliteTypes: [String: String] = [
        "bool": "BooleanField", "boolean": "BooleanField", "smallint": "SmallIntegerField",
        "smallint unsigned": "PositiveSmallIntegerField", "smallinteger": "SmallIntegerField", "int": "IntegerField",
        "integer": "IntegerField", "bigint": "BigIntegerField", "integer unsigned": "PositiveIntegerField",
        "bigint unsigned": "PositiveBigIntegerField", "decimal": "DecimalField", "real": "FloatField",
        "text": "TextField", "char": "CharField", "varchar": "CharField", "blob": "BinaryField", "date": "DateField",
        "datetime": "DateTimeField", "time": "TimeField",
    ]

    /// Django's PostgreSQL `data_types_reverse`, by type name.
    static let postgresTypes: [String: String] = [
        "bool": "BooleanField", "bytea": "BinaryField", "int8": "BigIntegerField", "int2": "SmallIntegerField",
        "int4": "IntegerField", "text": "TextField", "float4": "FloatField", "float8": "FloatField",
        "inet": "GenericIPAddressField", "date": "DateField", "time": "TimeField", "timestamp": "DateTimeField",
        "timestamptz": "DateTimeField", "interval": "DurationField", "numeric": "DecimalField", "uuid": "UUIDField",
        "jsonb": "JSONField", "varchar": "CharField", "bpchar": "CharField",
    ]
}

/// A model `inspectdb` made for one table, in Django's terms.
public struct InspectedModel: Sendable {
    /// The class name (`TodoTask` for `todo_task`).
    public var name: String
    /// The table.
    public var table: String
    /// Whether the table is a view.
    public var isView = false
    /// The fields, in column order.
    public var fields: [InspectedField] = []
    /// Each unique constraint of several columns, with its fields (Django's `unique_together`).
    public var uniqueTogether: [(constraint: String, fields: [String])] = []
    /// The columns of a primary key of several (Django's `CompositePrimaryKey`).
    public var compositeKey: [String]?
    /// The table's comment (`dbTableComment:`, Django's `db_table_comment`).
    public var dbTableComment: String?
    /// Why the table could not be inspected.
    public var error: String?

    init(name: String, table: String, error: String? = nil) {
        self.name = name
        self.table = table
        self.error = error
    }
}

/// A field `inspectdb` made for one column, in Django's terms.
public struct InspectedField: Sendable {
    /// The Python attribute name (`created_at`; `owner` for `owner_id`).
    public var name: String
    /// The column.
    public var column: String
    /// Django's class: `CharField`, `ForeignKey`, `AutoField`, …
    public var fieldClass = ""
    /// A relation's model.
    public var target: String?
    /// Whether the relation's model comes before this one (Django then names it unquoted).
    public var targetIsKnown = false
    /// The class of a relation's column itself, for a key to a column that is not the target's
    /// primary key.
    public var valueClass: String?
    public var maxLength: Int?
    public var maxDigits: Int?
    public var decimalPlaces: Int?
    public var isNullable = false
    public var isPrimaryKey = false
    public var isUnique = false
    public var dbColumn: String?
    public var relatedName: String?
    /// The target's column a relation points to, when not its primary key.
    public var toField: String?
    /// The column's comment (Django's `db_comment`).
    public var dbComment: String?
    /// Django's comments on the field.
    public var notes: [String] = []
    /// Whether Django leaves it out (`id = AutoField(primary_key=True)`).
    public var isImplicit = false

    init(name: String, column: String) {
        self.name = name
        self.column = column
    }
}
