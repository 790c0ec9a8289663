// The Swift that `inspectdb` prints: a `@Model(table:managed: false)` struct for each table,
// its fields declared as a Pony developer would, with Django's notes as comments.
extension InspectDB {
    /// The models as Swift source, to paste into an app's file.
    public static func swiftSource(_ models: [InspectedModel]) -> String {
        var lines = [
            "// This is a model file `inspectdb` wrote from the database's tables.",
            "// You'll have to do the following manually to clean this up:",
            "//   * Rearrange models' order",
            "//   * Make sure each model has one field with primaryKey: true (or an automatic `id`)",
            "//   * Make sure each ForeignKey and OneToOne has `onDelete` set to the desired behavior",
            "//   * Remove `managed: false` from the models you wish to give Pony create, modify, and delete the table",
            "// Feel free to rename the models, but don't change their `table:` or `dbColumn:` values.",
            "",
            "import Pony",
        ]
        for model in models {
            lines.append("")
            if let error = model.error {
                lines += ["// Unable to inspect table '\(model.table)'", "// The error was: \(error)"]
                continue
            }
            lines += swiftLines(model)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func swiftLines(_ model: InspectedModel) -> [String] {
        var lines: [String] = []
        var fieldNames: [String: String] = [:]
        var used: Set<String> = []
        var body: [String] = []
        for field in model.fields where !field.isImplicit {
            var name = camelCase(field.name)
            if name.isEmpty { name = "field" }
            if swiftReserved.contains(name) || used.contains(name) { name += "Field" }
            if name.first?.isNumber == true { name = "field" + name }
            used.insert(name)
            fieldNames[field.name] = name
            body.append("    " + declaration(field, name: name))
        }
        var arguments = ["table: \(literal(model.table))"]
        if !model.uniqueTogether.isEmpty {
            let constraints = model.uniqueTogether.map { constraint, fields in
                let names = fields.map { literal(fieldNames[$0] ?? $0) }.joined(separator: ", ")
                let name =
                    constraint.hasPrefix("sqlite_autoindex_")
                    ? "\(model.table)_\(fields.joined(separator: "_"))_uniq" : constraint
                return ".unique(fields: [\(names)], name: \(literal(name)))"
            }
            arguments.append("constraints: [\(constraints.joined(separator: ", "))]")
        }
        arguments.append("managed: false")
        if let comment = model.dbTableComment { arguments.append("dbTableComment: \(literal(comment))") }
        if let key = model.compositeKey {
            lines.append(
                "// The primary key is (\(key.joined(separator: ", "))): a Pony model has one key column; mark one"
                    + " with primaryKey: true.")
        }
        lines.append(
            "@Model(\(arguments.joined(separator: ", ")))"
                + (model.isView ? "  // Created from a view. Don't remove." : ""))
        let typeName = swiftTypeName(model.name)
        lines.append("struct \(typeName) {")
        lines += body
        lines.append("}")
        return lines
    }

    /// One field's line: its options, name and type, and notes.
    private static func declaration(_ field: InspectedField, name: String) -> String {
        var options: [String] = []
        var notes = field.notes
        var type: String
        let isAutomatic = ["AutoField", "BigAutoField", "SmallAutoField"].contains(field.fieldClass)
        if let target = field.target, field.toField == nil {
            let swiftTarget = swiftTypeName(target)
            type = "\(field.fieldClass == "OneToOneField" ? "OneToOne" : "ForeignKey")<\(swiftTarget)>"
        } else {
            type = swiftType(field.valueClass ?? field.fieldClass)
            if let target = field.target, let column = field.toField {
                notes.append(
                    "A key to \(target).\(column), which is not its primary key: Pony's relations point to primary keys."
                )
            }
        }
        let column = field.target != nil && field.toField == nil ? snakeCase(name) + "_id" : snakeCase(name)
        if isAutomatic && name == "id" {
            type = "Int64?"
        } else if field.isPrimaryKey {
            options.append("primaryKey: true")
            if isAutomatic { notes.append("The database fills it in; Pony's automatic key is `var id: Int64?`.") }
        }
        if field.fieldClass == "CharField" {
            if let length = field.maxLength {
                options.append("maxLength: \(length)")
            } else {
                notes.append("A varchar without a length: a TextField here.")
            }
        }
        if field.isUnique { options.append("unique: true") }
        if column != field.column { options.append("dbColumn: \(literal(field.column))") }
        if field.fieldClass == "GenericIPAddressField" { options.append("kind: .ipAddress") }
        if let digits = field.maxDigits, let places = field.decimalPlaces {
            options += ["maxDigits: \(digits)", "decimalPlaces: \(places)"]
        }
        if field.target != nil && field.toField == nil { options.append("onDelete: .doNothing") }
        if let related = field.relatedName { options.append("relatedName: \(literal(related))") }
        if let comment = field.dbComment { options.append("dbComment: \(literal(comment))") }
        if field.isNullable && !type.hasSuffix("?") { type += "?" }
        // NB: `@Model` takes `var id: Int64?` or `Int32?` for its automatic key, and refuses any
        // other `id` that is not the primary key.
        if name == "id" && !field.isPrimaryKey && !["Int64?", "Int32?"].contains(type) {
            notes.append("Pony's `id` is the primary key: rename this field, or mark it primaryKey: true.")
        }
        let attribute = options.isEmpty ? "" : "@Field(\(options.joined(separator: ", "))) "
        return "\(attribute)var \(name): \(type)" + (notes.isEmpty ? "" : "  // " + notes.joined(separator: " "))
    }

    /// A struct name for a model name: `Table` before one that is empty or starts with a digit.
    private static func swiftTypeName(_ name: String) -> String {
        name.first.map { !$0.isNumber } == true ? name : "Table" + name
    }

    /// The Swift type of a Django field class.
    private static func swiftType(_ fieldClass: String) -> String {
        switch fieldClass {
        case "AutoField", "BigAutoField", "BigIntegerField": "Int64"
        case "IntegerField": "Int32"
        case "SmallAutoField", "SmallIntegerField": "Int16"
        case "PositiveSmallIntegerField": "UInt16"
        case "PositiveIntegerField": "UInt32"
        case "PositiveBigIntegerField": "UInt64"
        case "FloatField": "Double"
        case "BooleanField": "Bool"
        case "DecimalField": "Decimal"
        case "DateTimeField": "Date"
        case "DateField": "CalendarDate"
        case "TimeField": "TimeOfDay"
        case "DurationField": "Duration"
        case "UUIDField": "UUID"
        case "BinaryField": "Data"
        case "JSONField": "JSONValue"
        default: "String"
        }
    }

    /// `created_at` → `createdAt`.
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_")
        guard let first = parts.first else { return name }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A Swift string literal.
    private static func literal(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return "\"\(escaped)\""
    }

    /// Names a property cannot have: Swift's keywords and what `@Model` declares.
    static let swiftReserved: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Any",
        "Type", "Protocol", "schema", "objects", "databaseValues", "pk",
    ]
}
