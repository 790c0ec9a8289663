internal import Foundation
public import PonyTemplates
internal import Synchronization

/// A database model: a struct marked `@Model`, which generates this conformance.
///
/// Models are structs: values are `Sendable` without locks, a copy handed to another task
/// cannot change under it, and saving is explicit (`try await task.save()`, a `mutating`
/// call that fills in the `id`). See the ORM article for the reasons.
///
/// Models are `Encodable`: a view may return one (or an array) as JSON, and templates see
/// its fields. Each field is encoded under its Swift name, a foreign key as the target's
/// primary key and a decimal as a string with its field's places, `"9.90"` (as Django's
/// serialisers do); many-to-many and reverse relations are left
/// out. Write `encode(to:)` in the model to choose another shape. In templates, fields and
/// loaded relations are attributes (`{{ task.owner.name }}`; see `Model+Templates.swift`).
public protocol Model: Sendable, Encodable, TemplateObject {
    /// The fields, table and options (generated).
    static var schema: ModelSchema<Self> { get }
    /// Decodes an instance from a row whose columns are ``ModelSchema/fields`` in order (generated).
    init(row: ModelRow) throws
    /// The stored values, in ``ModelSchema/fields`` order (generated).
    var databaseValues: [DatabaseValue] { get }
    /// Sets the automatic primary key after an insert (generated; nothing for other keys).
    mutating func assignPrimaryKey(_ id: Int64)
    /// ``ModelSchema/label``, known without building the schema (generated), so that a
    /// model's foreign key may point to its own kind.
    static var _label: String { get }
}

extension Model {
    /// The schema's label.
    public static var _label: String { schema.label }
}

/// A model's options: the arguments of `@Model(...)`, as Django's `Meta`.
public struct ModelOptions: Sendable {
    /// The model's name in Django's terms (migrations, content types, `app.model` labels)
    /// when the Swift type's name differs: `SessionRecord` is Django's `Session`.
    public var modelName: String?
    /// The table name; Django's `<app_label>_<modelname>` when not given.
    public var table: String?
    /// The app label; the module's name (a single-file app's file name) when not given.
    public var appLabel: String?
    /// Default ordering: field names, `-` for descending.
    public var ordering: [String]
    /// The fields ``QuerySet/latest(_:)`` and ``QuerySet/earliest(_:)`` order by when given
    /// none (Django's `Meta.get_latest_by`), `-` for descending.
    public var getLatestBy: [String]
    /// Human-readable names.
    public var verboseName: String?
    /// Human-readable plural.
    public var verboseNamePlural: String?
    /// Extra indexes.
    public var indexes: [Index]
    /// Conditions the rows must meet (Django's `Meta.constraints`): ``ModelConstraint/unique(fields:name:condition:violationErrorMessage:nullsDistinct:)``
    /// and ``ModelConstraint/check(_:name:violationErrorMessage:)``.
    public var constraints: [ModelConstraint]

    /// The fields whose values name an instance in fixtures (Django's `natural_key()` and
    /// `get_by_natural_key()`), such as `["username"]`; a foreign key among them stands for
    /// its target's natural key (`Permission`'s `["codename", "contentType"]` is Django's
    /// `(codename,) + content_type.natural_key()`). Empty: none.
    public var naturalKey: [String]

    /// Whether migrations make and change the table (Django's `Meta.managed`). An unmanaged
    /// model's table is someone else's (a legacy database, a view, what `inspectdb` found):
    /// migrations record the model with no SQL, and `flush` leaves the table alone.
    public var managed: Bool

    /// Permissions of the model's own, as `(codename, name)` pairs (Django's `Meta.permissions`):
    /// `[("close_task", "Can close task")]`. The auth app makes them after `migrate`, beside
    /// the default ones, for `user.hasPerm("todo.close_task")`.
    public var permissions: [(String, String)]

    /// The actions whose permissions the auth app makes for the model (Django's
    /// `Meta.default_permissions`): `add`, `change`, `delete` and `view`; `[]` for none.
    public var defaultPermissions: [String]

    /// The table's comment in the database (`COMMENT ON TABLE`, PostgreSQL only); Django's
    /// `Meta.db_table_comment`.
    public var dbTableComment: String?

    /// Options as `@Model(...)` spells them.
    public init(
        modelName: String? = nil, table: String? = nil, appLabel: String? = nil, ordering: [String] = [],
        getLatestBy: [String] = [], verboseName: String? = nil, verboseNamePlural: String? = nil,
        indexes: [Index] = [], constraints: [ModelConstraint] = [], naturalKey: [String] = [], managed: Bool = true,
        permissions: [(String, String)] = [], defaultPermissions: [String] = ["add", "change", "delete", "view"],
        dbTableComment: String? = nil
    ) {
        self.dbTableComment = dbTableComment
        self.permissions = permissions
        self.defaultPermissions = defaultPermissions
        self.managed = managed
        self.naturalKey = naturalKey
        self.getLatestBy = getLatestBy
        self.modelName = modelName
        self.table = table
        self.appLabel = appLabel
        self.ordering = ordering
        self.verboseName = verboseName
        self.verboseNamePlural = verboseNamePlural
        self.indexes = indexes
        self.constraints = constraints
    }
}

/// An index over fields or expressions (`Meta.indexes`), of PostgreSQL's kind `type` when one
/// is given (django.contrib.postgres's `GinIndex`, `GistIndex`, …).
public struct Index: Sendable, Hashable, Codable {
    /// Field names, `-` for descending.
    public var fields: [String]
    /// The index name; generated as Django does when not given.
    public var name: String?
    /// Expressions indexed instead of fields (Django's `Index(Lower("title"), name=…)`).
    public var expressions: [F]?
    /// PostgreSQL's kind of index (`USING gin`); `nil` for the default B-tree.
    public var type: IndexType?
    /// PostgreSQL's operator class of each field (`varchar_pattern_ops`, `gin_trgm_ops`), as
    /// Django's `opclasses`: one per field, on a named index. SQLite has none, and leaves them out.
    public var opclasses: [String]?

    /// An index on `fields`, of PostgreSQL's kind `type` and with the operator classes
    /// `opclasses` when they are given.
    public init(fields: [String], name: String? = nil, type: IndexType? = nil, opclasses: [String]? = nil) {
        self.fields = fields
        self.name = name
        self.type = type
        self.opclasses = opclasses
    }

    /// An index on expressions, which must be named, as in Django:
    /// `Index(.searchVector("title", "body", config: "english"), name: "post_search", type: .gin)`.
    public init(_ expressions: F..., name: String, type: IndexType? = nil) {
        self.fields = []
        self.name = name
        self.expressions = expressions
        self.type = type
    }
}

/// PostgreSQL's kinds of index (django.contrib.postgres's index classes). SQLite has only its
/// own: there, such an index is a plain one, as Django makes it, except that an index of a
/// search vector is not made at all (SQLite has no full-text search), so that one app serves
/// both backends.
public enum IndexType: String, Sendable, Hashable, Codable {
    /// `BTreeIndex`, the default kind.
    case btree
    /// `GinIndex`: for search vectors, JSON and arrays.
    case gin
    /// `GistIndex`: for geometry, ranges and search vectors.
    case gist
    /// `BrinIndex`: small, for columns that follow the rows' order.
    case brin
    /// `HashIndex`: equality only.
    case hash
    /// `SpGistIndex`.
    case spgist
}

/// A model's table and fields, without the model's type: what queries and migrations read.
public final class SchemaInfo: Sendable {
    /// The Swift type name (`Task`).
    public let name: String
    /// The app label (`todo`).
    public let appLabel: String
    /// The table (`todo_task`).
    public let table: String
    /// The fields, in declaration order with the automatic `id` first.
    public let fields: [FieldInfo]
    /// The options from `@Model`.
    public let options: ModelOptions
    /// The primary key's position in ``fields``.
    public let primaryKeyIndex: Int
    /// The model type.
    public let model: any Model.Type
    /// The many-to-many fields (not columns: each has a table of pairs).
    public let manyToMany: [ManyToManyInfo]
    /// The columns, in field order (what a `SELECT` of the model reads).
    let columns: [String]
    /// The positions of the generated fields, which saves read back rather than write.
    let generatedIndices: [Int]
    /// The positions of the fields with a database default, which saves leave to the database
    /// when they hold `nil`.
    let databaseDefaultIndices: [Int]
    /// SQL of the commonest queries, by their shape (see `QuerySet.selectSQL`).
    let statements = StatementCache()
    private let indexByName: [String: Int]

    init(
        name: String, appLabel: String, table: String, fields: [FieldInfo], options: ModelOptions,
        model: any Model.Type, manyToMany: [ManyToManyInfo] = []
    ) {
        self.manyToMany = manyToMany
        self.name = name
        self.appLabel = appLabel
        self.table = table
        self.fields = fields
        columns = fields.map(\.column)
        generatedIndices = fields.indices.filter { fields[$0].isGenerated }
        databaseDefaultIndices = fields.indices.filter { fields[$0].hasDatabaseDefault }
        self.options = options
        self.model = model
        primaryKeyIndex = fields.firstIndex { $0.isPrimaryKey } ?? 0
        var index: [String: Int] = [:]
        for (position, field) in fields.enumerated() {
            index[field.name] = position
            index[snakeCase(field.name), default: position] = position
            if field.relationTarget != nil { index[field.column, default: position] = position }
        }
        index["pk"] = primaryKeyIndex
        indexByName = index
    }

    /// Django's model label, lower-cased: `todo.task`.
    public var label: String { "\(appLabel).\(name.lowercased())" }
    /// The primary key field.
    public var primaryKey: FieldInfo { fields[primaryKeyIndex] }
    /// The field named `name` (Swift name, snake_case name, `<fk>_id`, or `pk`).
    public func field(named name: String) -> FieldInfo? { indexByName[name].map { fields[$0] } }
    /// The position of the field named `name`.
    func fieldIndex(_ name: String) -> Int? { indexByName[name] }
    /// The human-readable name: `verboseName`, else the type name split into words.
    public var verboseName: String { options.verboseName ?? words(name) }
    /// The human-readable plural: `verboseNamePlural`, else ``verboseName`` and "s" (as Django
    /// makes it).
    public var verboseNamePlural: String { options.verboseNamePlural ?? verboseName + "s" }
}

/// Everything the ORM knows of a model: generated by `@Model`.
public struct ModelSchema<M: Model>: Sendable {
    /// The table and fields.
    public let info: SchemaInfo
    /// The fields with their key paths.
    public let fields: [ModelField<M>]
    /// The many-to-many fields with their key paths.
    public let manyToMany: [ManyToManyField<M>]
    /// The ``RelatedSet`` properties: other models' rows pointing here.
    public let relatedSets: [RelatedSetField<M>]
    /// The ``GenericForeignKey`` properties.
    public let genericForeignKeys: [GenericForeignKeyField<M>]
    /// Field positions by their key path's hash (key paths are not `Sendable`).
    private let indexByKeyPathHash: [Int: Int]

    /// Builds the schema; `fileID` is the declaring file's `#fileID`, whose module is the
    /// default app label.
    public init(
        name: String, fileID: String, options: ModelOptions, fields: [ModelField<M>],
        manyToMany: [ManyToManyField<M>] = [], relatedSets: [RelatedSetField<M>] = [],
        genericForeignKeys: [GenericForeignKeyField<M>] = []
    ) {
        let (name, appLabel) = Self.names(name: name, fileID: fileID, options: options)
        info = SchemaInfo(
            name: name, appLabel: appLabel, table: options.table ?? "\(appLabel)_\(name.lowercased())",
            fields: fields.map(\.info), options: options, model: M.self, manyToMany: manyToMany.map(\.info))
        self.fields = fields
        self.manyToMany = manyToMany
        self.relatedSets = relatedSets
        self.genericForeignKeys = genericForeignKeys
        indexByKeyPathHash = Dictionary(fields.indices.map { (fields[$0].keyPath.hashValue, $0) }) { first, _ in first }
    }

    /// Django's model label, lower-cased: `todo.task`.
    public var label: String { info.label }

    /// The label a schema of these arguments has (what `@Model` generates ``Model/_label``
    /// from).
    public static func label(name: String, fileID: String, options: ModelOptions) -> String {
        let (name, appLabel) = names(name: name, fileID: fileID, options: options)
        return "\(appLabel).\(name.lowercased())"
    }

    /// The model's name in Django's terms and its app label: the declaring module's, unless
    /// the options name another.
    private static func names(name: String, fileID: String, options: ModelOptions) -> (String, String) {
        let module = fileID.split(separator: "/").first.map(String.init) ?? "app"
        return (options.modelName ?? name, options.appLabel ?? module.lowercased())
    }
    /// The table.
    public var table: String { info.table }
    /// The primary key field.
    public var primaryKey: FieldInfo { info.primaryKey }
    /// The lookup path of `keyPath`: a field's name, a relation's (many-to-many or reverse),
    /// or `key__field` for a field reached through a foreign key (`\Task.owner.name`).
    package func fieldName(_ keyPath: AnyKeyPath) -> String? {
        if let index = indexByKeyPathHash[keyPath.hashValue], fields[index].keyPath == keyPath {
            return fields[index].name
        }
        if let field = fields.first(where: { $0.keyPath == keyPath }) { return field.name }
        if let relation = manyToMany.first(where: { $0.keyPath == keyPath }) { return relation.info.name }
        if let set = relatedSets.first(where: { $0.keyPath == keyPath }) { return set.name }
        if let key = genericForeignKeys.first(where: { $0.keyPath == keyPath }) { return key.name }
        for field in fields {
            guard let target = field.info.relatedModel,
                let name = Self.name(of: keyPath, through: field.keyPath, to: target)
            else { continue }
            return field.name + "__" + name
        }
        return nil
    }

    /// The name of the field of `target` that `keyPath` reaches by appending it to `key`.
    private static func name<T: Model>(of keyPath: AnyKeyPath, through key: AnyKeyPath, to target: T.Type) -> String? {
        T.schema.fields.first { field in
            key.appending(path: field.throughForeignKey.required) == keyPath
                || key.appending(path: field.throughForeignKey.optional) == keyPath
        }?.name
    }
}

extension Model {
    /// Encodes the fields by name (see ``Model``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldCodingKey.self)
        for field in Self.schema.fields { try field.encode(self, &container) }
    }

    /// Encodes only the fields named in `fields`, by name (Django's `model_to_dict(row, fields=…)`).
    public func encode(to encoder: any Encoder, fields: Set<String>) throws {
        var container = encoder.container(keyedBy: FieldCodingKey.self)
        for field in Self.schema.fields where fields.contains(field.name) { try field.encode(self, &container) }
    }

    /// The default manager: `Task.objects.filter(...)`.
    public static var objects: QuerySet<Self> { QuerySet() }

    /// The primary key's stored value (`.null` before the first save).
    public var pk: DatabaseValue { databaseValues[Self.schema.info.primaryKeyIndex] }
}

/// A row being decoded into a model; generated `init(row:)` code reads it by position.
public struct ModelRow: Sendable {
    let values: ArraySlice<DatabaseValue>
    let model: String

    package init(values: ArraySlice<DatabaseValue>, model: String) {
        self.values = values
        self.model = model
    }

    /// The value of field `index`.
    public func _decode<V: ModelValue>(_ index: Int, _ name: String) throws -> V {
        do { return try V(databaseValue: values[values.startIndex + index]) } catch {
            throw DatabaseError("Cannot read \(model).\(name): \(error)")
        }
    }

    /// The value of JSON field `index` (`nil` for `NULL` when the field is optional).
    @_disfavoredOverload
    public func _decode<V: Codable & Sendable>(_ index: Int, _ name: String) throws -> V {
        let value = values[values.startIndex + index]
        if value == .null, let optional = V.self as? any OptionalValue.Type, let none = optional.noValue as? V {
            return none
        }
        do { return try _DatabaseCoding.decodeJSON(value, as: V.self) } catch {
            throw DatabaseError("Cannot read \(model).\(name) as JSON: \(error)")
        }
    }
}

/// Quotes an identifier for SQL (`"name"`, inner quotes doubled): names never reach SQL
/// unquoted, and every name is checked against a model before it gets here.
func quoteIdentifier(_ name: String) -> String {
    guard name.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + name + "\"" }
    return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// SQL text by query shape, shared by every task. The shapes are the queries written in code
/// (lookups, orderings, backend, limited or not), so the cache stays small; filters built from
/// request data could make many, so it stops growing at ``limit`` entries.
final class StatementCache: Sendable {
    /// The most shapes kept per model.
    static let limit = 256

    /// A query's shape: backend, lookup paths with their values' kinds and the ordering, and
    /// whether it has a `LIMIT`. (Inserts use paths that start with a blank, which no lookup
    /// does.)
    struct Key: Hashable {
        let vendor: String
        let path: String
        let limited: Bool
    }

    private let entries = Mutex<[Key: String]>([:])

    subscript(key: Key) -> String? {
        get { entries.withLock { $0[key] } }
        set {
            entries.withLock { entries in
                if entries.count < StatementCache.limit || entries[key] != nil { entries[key] = newValue }
            }
        }
    }
}

extension DatabaseValue {
    /// A separator and a letter for the value's kind, which a cached statement's key holds
    /// after each lookup path (no path contains the separator).
    var kindMark: String {
        switch self {
        case .null: "\u{1}n"
        case .integer: "\u{1}i"
        case .double: "\u{1}d"
        case .text: "\u{1}t"
        case .blob: "\u{1}b"
        }
    }
}
