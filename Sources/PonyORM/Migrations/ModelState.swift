internal import Foundation
internal import PonyCrypto
internal import PonySupport

/// A field as migrations record it: Django's field class and the options that shape the
/// column. Equal states need no migration.
public struct FieldState: Codable, Sendable, Hashable {
    /// The field name (the Swift property name).
    public var name: String
    /// Django's class: `CharField`, `ForeignKey`, …
    public var type: FieldClass
    public var maxLength: Int?
    public var null: Bool?
    public var unique: Bool?
    public var dbIndex: Bool?
    public var primaryKey: Bool?
    public var dbColumn: String?
    public var maxDigits: Int?
    public var decimalPlaces: Int?
    /// A relation's target model (`todo.owner`).
    public var to: String?
    public var onDelete: OnDelete?
    public var relatedName: String?
    /// A many-to-many relation's model of pairs, when the app declares one (`todo.membership`).
    public var through: String?
    /// The `through` model's foreign keys to the source and the target, when named.
    public var throughFields: [String]?
    /// The default for rows that exist when the field is added, as stored.
    public var `default`: DatabaseValue?
    /// A generated column's expression (Django's `GeneratedField.expression`).
    public var generated: F?
    /// Whether a generated column is stored (Django's `db_persist`).
    public var dbPersist: Bool?
    /// The column's comment (Django's `db_comment`).
    public var dbComment: String?
    /// The column's default in the database, which the table keeps (Django's `db_default`).
    public var dbDefault: F?

    enum CodingKeys: String, CodingKey {
        case name, type, null, unique, to, `default`, generated
        case dbPersist = "db_persist", dbComment = "db_comment", dbDefault = "db_default"
        case maxLength = "max_length", dbIndex = "db_index", primaryKey = "primary_key", dbColumn = "db_column"
        case maxDigits = "max_digits", decimalPlaces = "decimal_places", onDelete = "on_delete"
        case relatedName = "related_name", through, throughFields = "through_fields"
    }

    /// The state of a model's field.
    public init(_ field: FieldInfo) {
        name = field.name
        type = field.type.fieldClass
        maxLength = field.type.maxLength
        null = field.isNullable ? true : nil
        unique = field.options.unique && !field.isPrimaryKey ? true : nil
        let indexedByDefault: Bool
        switch field.type {
        case .slug, .foreignKey: indexedByDefault = true
        default: indexedByDefault = false
        }
        dbIndex = (field.options.dbIndex ?? indexedByDefault) && !field.options.unique ? true : nil
        primaryKey = field.isPrimaryKey ? true : nil
        dbColumn = field.options.dbColumn
        if case .decimal(let digits, let places) = field.type {
            maxDigits = digits
            decimalPlaces = places
        }
        to = field.relationTarget
        onDelete = field.relationTarget != nil ? field.options.onDelete : nil
        relatedName = field.options.relatedName
        dbComment = field.options.dbComment
        // NB: a NULL default is no default: JSON cannot tell them apart.
        `default` = field.defaultValue.map { $0() }.flatMap { $0 == .null ? nil : $0 }
        if let expression = field.options.generated {
            // NB: the database computes every row's value; there is nothing to fill in.
            generated = expression
            dbPersist = field.options.dbPersist
            `default` = nil
        } else if let expression = field.options.dbDefault {
            // NB: as Django, rows that exist when the field is added take the database default.
            dbDefault = expression
            `default` = nil
        } else if `default` == nil, field.options.autoNow || field.options.autoNowAdd {
            // Rows that exist when the field is added get the time of `makemigrations`, as
            // Django's questioner offers `timezone.now` for them.
            `default` = Date().databaseValue
        }
    }

    /// A many-to-many relation's state: `ManyToManyField` to its target.
    public init(manyToMany relation: ManyToManyInfo) {
        name = relation.name
        type = .manyToMany
        to = relation.target.schemaInfo.label
        relatedName = relation.options.relatedName
        through = relation.through?.schemaInfo.label
        throughFields = relation.throughFields.map { [$0.source, $0.target] }
    }

    /// An automatic primary key (`BigAutoField`).
    init(automaticKey name: String, type: FieldClass = .bigAuto) {
        self.name = name
        self.type = type
        primaryKey = true
    }

    /// A foreign key of a table of pairs.
    init(throughKey name: String, to target: String) {
        self.name = name
        type = .foreignKey
        to = target
        dbIndex = true
        onDelete = .cascade
    }

    /// A `ManyToManyField`: a table of pairs, no column.
    var isManyToMany: Bool { type == .manyToMany }
    /// A `ManyToManyField` whose table of pairs migrations create (no `through` model).
    var hasAutomaticThrough: Bool { isManyToMany && through == nil }

    /// The column name.
    public var column: String { dbColumn ?? (to != nil ? snakeCase(name) + "_id" : snakeCase(name)) }
    var isNullable: Bool { null ?? false }
    var isUnique: Bool { unique ?? false }
    var isPrimaryKey: Bool { primaryKey ?? false }
    var isIndexed: Bool { dbIndex ?? false }
    /// Whether the database computes the column.
    var isGenerated: Bool { generated != nil }

    /// The field type, for column types.
    var fieldType: FieldType {
        switch type {
        case .bigAuto: .bigAuto
        case .auto: .auto
        case .bigInteger: .bigInteger
        case .integer: .integer
        case .smallInteger: .smallInteger
        case .positiveSmallInteger: .positiveSmallInteger
        case .positiveInteger: .positiveInteger
        case .positiveBigInteger: .positiveBigInteger
        case .float: .float
        case .boolean: .boolean
        case .dateTime: .dateTime
        case .date: .date
        case .time: .time
        case .uuid: .uuid
        case .binary: .binary
        case .json: .json
        case .genericIPAddress: .genericIPAddress
        case .duration: .duration
        case .text, .manyToMany: .text
        case .char: .char(maxLength: maxLength ?? 255)
        case .email: .email(maxLength: maxLength ?? 254)
        case .url: .url(maxLength: maxLength ?? 200)
        case .slug: .slug(maxLength: maxLength ?? 50)
        case .file: .file(maxLength: maxLength ?? 100)
        case .image: .image(maxLength: maxLength ?? 100)
        case .decimal: .decimal(maxDigits: maxDigits ?? 19, decimalPlaces: decimalPlaces ?? 4)
        case .foreignKey: .foreignKey(target: to ?? "")
        case .oneToOne: .oneToOne(target: to ?? "")
        }
    }

    /// The same field without its default (defaults do not change the schema).
    var withoutDefault: FieldState {
        var copy = self
        copy.default = nil
        return copy
    }
}

/// A model as migrations record it.
public struct ModelState: Codable, Sendable, Hashable {
    /// The Swift type name.
    public var name: String
    /// The table.
    public var table: String
    public var fields: [FieldState]
    public var indexes: [Index]
    public var constraints: [ModelConstraint]
    /// Sets of fields unique together (Django's `Meta.unique_together`), made as unique
    /// indexes named `…_uniq` rather than table constraints.
    public var uniqueTogether: [[String]] = []
    /// `false` for a model whose table migrations do not make or change (Django's
    /// `managed = False`); `nil` for the others.
    public var managed: Bool?
    /// The table's comment (Django's `db_table_comment`).
    public var dbTableComment: String?

    /// The state of a model.
    public init(_ info: SchemaInfo) {
        name = info.name
        table = info.table
        dbTableComment = info.options.dbTableComment
        managed = info.options.managed ? nil : false
        fields = info.fields.map(FieldState.init) + info.manyToMany.map(FieldState.init(manyToMany:))
        indexes = []
        constraints = info.options.constraints
        // NB: as Django's Index.set_name_with_model, so migrations record the name.
        indexes = info.options.indexes.map { index in
            var named = index
            named.name = index.name ?? indexName(index)
            return named
        }
    }

    /// Django's name for an index without one: `<table[:11]>_<column[:7]>_<digest>_idx`.
    func indexName(_ index: Index) -> String {
        let table = String(table.split(separator: ".").last ?? Substring(table))
        let columns = index.fields.map { name in
            let descending = name.hasPrefix("-")
            let fieldName = descending ? String(name.dropFirst()) : name
            return (descending ? "-" : "") + (field(fieldName)?.column ?? snakeCase(fieldName))
        }
        let first = columns.first.map { $0.hasPrefix("-") ? String($0.dropFirst()) : $0 } ?? ""
        let digest = hexString(Digester<MD5>.hash(([table] + columns + ["idx"]).joined().utf8)).prefix(6)
        let name = "\(table.prefix(11))_\(first.prefix(7))_\(digest)_idx"
        return name.first == "_" || name.first?.isNumber == true ? "D" + name.dropFirst() : name
    }

    init(
        name: String, table: String, fields: [FieldState], indexes: [Index] = [], constraints: [ModelConstraint] = [],
        uniqueTogether: [[String]] = [], managed: Bool? = nil, dbTableComment: String? = nil
    ) {
        self.dbTableComment = dbTableComment
        self.managed = managed
        self.name = name
        self.table = table
        self.fields = fields
        self.indexes = indexes
        self.constraints = constraints
        self.uniqueTogether = uniqueTogether
    }

    /// The lower-cased name migrations use (`task`).
    public var key: String { name.lowercased() }

    /// Whether migrations make and change its table.
    var isManaged: Bool { managed ?? true }

    /// The fields that are columns (not many-to-many relations).
    var columns: [FieldState] { fields.filter { !$0.isManyToMany } }

    /// The table of pairs of the many-to-many field `field`, as Django's automatic through
    /// model: `<table>_<field>` with `id`, `<model>_id` and `<target>_id`.
    func through(_ field: FieldState) -> ModelState {
        let target = field.to ?? ""
        let app = target.lastIndex(of: ".").map { String(target[...$0]) } ?? ""
        let targetName = String(target.split(separator: ".").last ?? "")
        let (from, to) = targetName == key ? ("from_\(key)", "to_\(key)") : (key, targetName)
        let own = appLabel.map { $0 + "." } ?? app
        // NB: Django gives the pairs the app's default automatic key; an app whose models have
        // 32-bit keys (auth, contenttypes) has that default, so the pairs follow the model's key.
        let keyType: FieldClass = fields.first { $0.isPrimaryKey }?.type == .auto ? .auto : .bigAuto
        return ModelState(
            name: "\(name)_\(field.name)", table: "\(table)_\(snakeCase(field.name))",
            fields: [
                FieldState(automaticKey: "id", type: keyType), FieldState(throughKey: from, to: own + key),
                FieldState(throughKey: to, to: target),
            ])
    }

    /// The app label, when the table has Django's default name (`<app_label>_<model>`).
    var appLabel: String? {
        table.hasSuffix("_" + key) ? String(table.dropLast(key.count + 1)) : nil
    }

    /// The model under another name; a table named after the model follows the name.
    func renamed(to newName: String) -> ModelState {
        var renamed = self
        renamed.name = newName
        if let appLabel { renamed.table = "\(appLabel)_\(newName.lowercased())" }
        return renamed
    }

    func field(_ name: String) -> FieldState? { fields.first { $0.name == name } }
}

/// Every model of an app, as the migrations so far make it.
public struct ProjectState: Sendable, Equatable {
    /// By lower-cased model name.
    public var models: [String: ModelState] = [:]
    /// The models of the other installed apps, by label (`auth.user`), as their migrations
    /// so far make them: what this app's relations to other apps point to.
    public var otherApps: [String: ModelState] = [:]

    /// No models.
    public init() {}
}

extension DatabaseValue: Codable {
    /// `null`, a number, a string, or `{"blob": "<hex>"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .integer(value ? 1 : 0)
        } else {
            let blob = try container.decode([String: String].self)
            var bytes: [UInt8] = []
            var hex = Substring(blob["blob"] ?? "")
            while hex.count >= 2 {
                bytes.append(UInt8(hex.prefix(2), radix: 16) ?? 0)
                hex = hex.dropFirst(2)
            }
            self = .blob(bytes)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .blob(let bytes):
            try container.encode(["blob": hexString(bytes)])
        }
    }
}
