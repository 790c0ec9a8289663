internal import Foundation
internal import PonySupport

/// What a foreign key does when the row it points to is deleted (Django's `on_delete`).
@frozen
public enum OnDelete: String, Sendable, Codable {
    /// Delete the rows that point to it too.
    case cascade = "CASCADE"
    /// Refuse the delete (``ProtectedError``).
    case protect = "PROTECT"
    /// Refuse the delete unless the rows pointing to it are deleted in the same cascade.
    case restrict = "RESTRICT"
    /// Set the key to `NULL` (the field must be optional).
    case setNull = "SET_NULL"
    /// Set the key to the field's default.
    case setDefault = "SET_DEFAULT"
    /// Leave the rows alone (the database's own constraint decides).
    case doNothing = "DO_NOTHING"
}

/// The kind of text a `String` field holds, as Django's `EmailField`/`URLField`/`SlugField`.
public enum TextKind: String, Sendable {
    case email, url, slug
    /// `GenericIPAddressField`: an IPv4 or IPv6 address.
    case ipAddress
    /// `FileField`: the name of a file in the media storage (`attachments/report.pdf`).
    case file
    /// `ImageField`: a `FileField` whose forms accept images only.
    case image
}

/// A field's options: the arguments of `@Field(...)`, named as in Django.
public struct FieldOptions: Sendable {
    /// The column is the table's primary key.
    public var primaryKey: Bool
    /// Maximum length in characters (makes a `String` a `CharField`).
    public var maxLength: Int?
    /// No two rows may share a value.
    public var unique: Bool
    /// Create an index on the column; `nil` takes the field type's default, as Django does
    /// (foreign keys and slugs are indexed).
    public var dbIndex: Bool?
    /// Forms and `fullClean()` accept an empty value.
    public var blank: Bool
    /// The column's name, when not the field's name in snake_case.
    public var dbColumn: String?
    /// A human-readable name for forms and the admin.
    public var verboseName: String?
    /// Help text for forms and the admin.
    public var helpText: String?
    /// Email, URL or slug text.
    public var kind: TextKind?
    /// Set to the current time on every save.
    public var autoNow: Bool
    /// Set to the current time when the row is created.
    public var autoNowAdd: Bool
    /// `Decimal` precision.
    public var maxDigits: Int?
    /// `Decimal` scale.
    public var decimalPlaces: Int?
    /// A foreign key's delete rule.
    public var onDelete: OnDelete
    /// The name of the reverse relation (Django's `related_name`).
    public var relatedName: String?
    /// Extra checks `fullClean()` runs; each throws a ``ValidationMessage`` for a bad value.
    public var validators: [@Sendable (DatabaseValue) throws -> Void]
    /// Allowed values with their labels, for a field that is not a ``Choices`` enum.
    public var choices: [(DatabaseValue, String)]?
    /// Whether forms show the field (Django's `editable`).
    public var editable: Bool
    /// Where a file field's uploads go in the media storage, such as `"attachments/"` or
    /// `"photos/%Y/%m/"` (`%Y`, `%m`, `%d`, `%H`, `%M`, `%S` are the upload's UTC date; Django's
    /// `upload_to`).
    public var uploadTo: String
    /// The expression the database computes the column from, for a generated column (Django's
    /// `GeneratedField`): `@Field(generated: F("price") * F("quantity")) var total: Decimal = 0`.
    /// Saves never write it; they read it back.
    public var generated: F?
    /// Whether a generated column is stored (`STORED`) or computed when read (`VIRTUAL`, SQLite
    /// only); Django's `db_persist`.
    public var dbPersist: Bool
    /// The column's comment in the database (`COMMENT ON COLUMN`, PostgreSQL only); Django's
    /// `db_comment`.
    public var dbComment: String?
    /// The column's default in the database (Django's `db_default`): a value or an expression
    /// of no field, such as `F.now`, that the table keeps. On an Optional property the column
    /// is `NOT NULL` and `nil` means "the database's default": a save leaves the column to the
    /// database and reads the value back, as for the automatic key.
    /// `@Field(dbDefault: F.now) var opened: Date?`.
    public var dbDefault: F?
    /// Messages that replace Django's in validation, by Django's error code (`null`, `blank`,
    /// `unique`, `max_length`, `invalid_choice`, …); `%(limit_value)s` and the like are filled
    /// in, as Django fills them. Django's `error_messages`:
    /// `@Field(unique: true, errorMessages: ["unique": "That name is taken."])`.
    public var errorMessages: [String: String]

    /// Options as `@Field(...)` spells them.
    public init(
        primaryKey: Bool = false, maxLength: Int? = nil, unique: Bool = false, dbIndex: Bool? = nil,
        blank: Bool = false, dbColumn: String? = nil, verboseName: String? = nil, helpText: String? = nil,
        kind: TextKind? = nil, autoNow: Bool = false, autoNowAdd: Bool = false, maxDigits: Int? = nil,
        decimalPlaces: Int? = nil, onDelete: OnDelete = .cascade, relatedName: String? = nil,
        validators: [@Sendable (DatabaseValue) throws -> Void] = [], choices: [(DatabaseValue, String)]? = nil,
        editable: Bool = true, uploadTo: String = "", generated: F? = nil, dbPersist: Bool = true,
        dbComment: String? = nil, dbDefault: F? = nil, errorMessages: [String: String] = [:]
    ) {
        self.primaryKey = primaryKey
        self.maxLength = maxLength
        self.unique = unique
        self.dbIndex = dbIndex
        self.blank = blank
        self.dbColumn = dbColumn
        self.verboseName = verboseName
        self.helpText = helpText
        self.kind = kind
        self.autoNow = autoNow
        self.autoNowAdd = autoNowAdd
        self.maxDigits = maxDigits
        self.decimalPlaces = decimalPlaces
        self.onDelete = onDelete
        self.relatedName = relatedName
        self.validators = validators
        self.choices = choices
        self.editable = editable && !autoNow && !autoNowAdd && generated == nil
        self.uploadTo = uploadTo
        self.generated = generated
        self.dbPersist = dbPersist
        self.dbComment = dbComment
        self.dbDefault = dbDefault
        self.errorMessages = errorMessages
        if generated != nil { self.blank = true }
    }
}

/// Django's field classes, as migration files name them.
public enum FieldClass: String, Codable, Sendable, Hashable, CaseIterable {
    case bigAuto = "BigAutoField", auto = "AutoField"
    case bigInteger = "BigIntegerField", integer = "IntegerField", smallInteger = "SmallIntegerField"
    case positiveSmallInteger = "PositiveSmallIntegerField", positiveInteger = "PositiveIntegerField"
    case positiveBigInteger = "PositiveBigIntegerField"
    case float = "FloatField", boolean = "BooleanField", decimal = "DecimalField"
    case dateTime = "DateTimeField", date = "DateField", time = "TimeField", duration = "DurationField"
    case uuid = "UUIDField", binary = "BinaryField", json = "JSONField", genericIPAddress = "GenericIPAddressField"
    case text = "TextField", char = "CharField", email = "EmailField", url = "URLField", slug = "SlugField"
    case file = "FileField", image = "ImageField"
    case foreignKey = "ForeignKey", oneToOne = "OneToOneField", manyToMany = "ManyToManyField"
}

/// Django's field classes, with the parameters that change the column.
public enum FieldType: Sendable, Hashable {
    case bigAuto, bigInteger, integer, float, boolean, dateTime, uuid, binary, text, json
    /// `AutoField`: an automatic 32-bit key (`var id: Int32?`).
    case auto
    /// `SmallIntegerField` (`Int16`).
    case smallInteger
    /// `PositiveSmallIntegerField` (`UInt16`), `PositiveIntegerField` (`UInt32`) and
    /// `PositiveBigIntegerField` (`UInt64`): never negative, with a `CHECK` saying so.
    case positiveSmallInteger, positiveInteger, positiveBigInteger
    /// `DateField` (``CalendarDate``) and `TimeField` (``TimeOfDay``).
    case date, time
    /// `GenericIPAddressField` (a `String` with `kind: .ipAddress`).
    case genericIPAddress
    /// `DurationField` (a `Duration`): microseconds on SQLite, an `interval` on PostgreSQL.
    case duration
    case char(maxLength: Int)
    case email(maxLength: Int)
    case url(maxLength: Int)
    case slug(maxLength: Int)
    /// `FileField` and `ImageField`: a file's name in the media storage, `varchar(100)` by default.
    case file(maxLength: Int)
    case image(maxLength: Int)
    case decimal(maxDigits: Int, decimalPlaces: Int)
    /// A foreign key to the table `target` (its app label and model name, `todo.owner`).
    case foreignKey(target: String)
    /// A one-to-one key: a unique foreign key.
    case oneToOne(target: String)

    /// Django's class, as migrations record it.
    public var fieldClass: FieldClass {
        switch self {
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
        case .text: .text
        case .json: .json
        case .char: .char
        case .email: .email
        case .url: .url
        case .slug: .slug
        case .file: .file
        case .image: .image
        case .decimal: .decimal
        case .genericIPAddress: .genericIPAddress
        case .duration: .duration
        case .foreignKey: .foreignKey
        case .oneToOne: .oneToOne
        }
    }

    /// Django's class name: `CharField`, `ForeignKey`, …
    public var className: String { fieldClass.rawValue }

    /// Whether the column has Django's `CHECK (column >= 0)`.
    var isPositive: Bool {
        switch self {
        case .positiveSmallInteger, .positiveInteger, .positiveBigInteger: return true
        default: return false
        }
    }

    /// The maximum length of a text field.
    public var maxLength: Int? {
        switch self {
        case .char(let n), .email(let n), .url(let n), .slug(let n), .file(let n), .image(let n): return n
        default: return nil
        }
    }

    /// Whether it is a `FileField` or an `ImageField`.
    public var isFile: Bool {
        switch self {
        case .file, .image: return true
        default: return false
        }
    }

    /// The model a relation points to (`app.model`).
    public var relationTarget: String? {
        switch self {
        case .foreignKey(let target), .oneToOne(let target): return target
        default: return nil
        }
    }
}

/// One field of a model, without the model's type: what queries, migrations and forms read.
public struct FieldInfo: Sendable {
    /// The Swift property name.
    public let name: String
    /// The column name: `dbColumn`, else the name in snake_case (`<name>_id` for relations).
    public let column: String
    /// The Django field class.
    public let type: FieldType
    /// Whether `NULL` is allowed (the property is Optional, and the database assigns no value
    /// for `nil`: it is not the automatic key, nor a field with a ``FieldOptions/dbDefault``).
    public let isNullable: Bool
    /// The options from `@Field`.
    public let options: FieldOptions
    /// The database assigns it (the automatic `id`).
    public let isAutomatic: Bool
    /// The default from the property's initial value, encoded.
    public let defaultValue: (@Sendable () -> DatabaseValue)?
    /// The related model, for relations.
    public let relatedModel: (any Model.Type)?
    /// The allowed values of a ``Choices`` field.
    public let choiceValues: [DatabaseValue]?
    /// The labels of a ``Choices`` field's values, in their order.
    public internal(set) var choiceLabels: [String]? = nil
    /// Checks a stored value's type by decoding it.
    let check: @Sendable (DatabaseValue) throws -> Void

    /// The values and labels forms and the admin offer: `choices:` from `@Field`, else a
    /// ``Choices`` enum's cases; `nil` for a field without choices.
    public var choices: [(DatabaseValue, String)]? {
        if let choices = options.choices { return choices }
        guard let choiceValues, let choiceLabels else { return nil }
        return Array(zip(choiceValues, choiceLabels))
    }

    /// Whether this is the primary key.
    public var isPrimaryKey: Bool { options.primaryKey }
    /// Whether the database computes the column (``FieldOptions/generated``): saves leave it out.
    public var isGenerated: Bool { options.generated != nil }
    /// Whether the database fills the column when a save gives it no value
    /// (``FieldOptions/dbDefault``).
    public var hasDatabaseDefault: Bool { options.dbDefault != nil }
    /// The relation's target (`app.model`), if this is a foreign key.
    public var relationTarget: String? { type.relationTarget }
}

/// One field of a model: ``FieldInfo`` and how to read it from an instance.
public struct ModelField<M: Model>: Sendable {
    /// The field's description.
    public let info: FieldInfo
    /// The property.
    public let keyPath: any PartialKeyPath<M> & Sendable
    /// Reads the field's stored value from an instance.
    let read: @Sendable (M) -> DatabaseValue
    /// Sets the field of an instance from a stored value (a generic foreign key's fields).
    package let assign: @Sendable (inout M, DatabaseValue) throws -> Void
    /// Sets a date field to now (for `autoNow`/`autoNowAdd`).
    let touch: (@Sendable (inout M) -> Void)?
    /// Caches a loaded target in a relation field (``QuerySet/selectRelated(_:)``).
    let attach: (@Sendable (inout M, any Model) -> Void)?
    /// The field reached through a foreign key to its model (`\ForeignKey<M>.name`, and
    /// `\ForeignKey<M>?.?.name` for an optional key), which a typed query across a relation
    /// appends to the key's path.
    let throughForeignKey: ThroughKeyPaths
    /// Encodes the field's Swift value under its name (the model's `Encodable` conformance).
    let encode: @Sendable (M, inout KeyedEncodingContainer<FieldCodingKey>) throws -> Void

    /// The Swift property name.
    public var name: String { info.name }

    init(
        name: String, type: FieldType, isNullable: Bool, options: FieldOptions, isAutomatic: Bool,
        defaultValue: (@Sendable () -> DatabaseValue)?, relatedModel: (any Model.Type)?,
        keyPath: any PartialKeyPath<M> & Sendable, read: @escaping @Sendable (M) -> DatabaseValue,
        assign: @escaping @Sendable (inout M, DatabaseValue) throws -> Void,
        check: @escaping @Sendable (DatabaseValue) throws -> Void, choices: ([DatabaseValue], [String])? = nil,
        attach: (@Sendable (inout M, any Model) -> Void)? = nil, throughForeignKey: ThroughKeyPaths,
        encode: @escaping @Sendable (M, inout KeyedEncodingContainer<FieldCodingKey>) throws -> Void
    ) {
        self.throughForeignKey = throughForeignKey
        let base = options.dbColumn ?? snakeCase(name)
        var options = options
        if isAutomatic { options.primaryKey = true }
        if case .oneToOne = type { options.unique = true }
        info = FieldInfo(
            name: name, column: options.dbColumn ?? (type.relationTarget != nil ? base + "_id" : base),
            type: isAutomatic ? (type == .integer ? .auto : .bigAuto) : type,
            isNullable: isNullable && !isAutomatic && options.dbDefault == nil, options: options,
            isAutomatic: isAutomatic, defaultValue: defaultValue, relatedModel: relatedModel,
            choiceValues: choices?.0, choiceLabels: choices?.1, check: check)
        self.keyPath = keyPath
        self.read = read
        self.assign = assign
        let writable = keyPath
        if keyPath is WritableKeyPath<M, Date> {
            touch = { $0[keyPath: writable as! WritableKeyPath<M, Date>] = Date() }
        } else if keyPath is WritableKeyPath<M, Date?> {
            touch = { $0[keyPath: writable as! WritableKeyPath<M, Date?>] = Date() }
        } else {
            touch = nil
        }
        self.attach = attach
        self.encode = encode
    }

    /// A field of a ``ModelValue`` type.
    public static func _make<V: ModelValue>(
        _ name: String, _ keyPath: any WritableKeyPath<M, V> & Sendable, _ options: FieldOptions,
        automaticPrimaryKey: Bool = false, default makeDefault: (@Sendable () -> V)? = nil
    ) -> ModelField {
        var defaultValue: (@Sendable () -> DatabaseValue)?
        if let makeDefault { defaultValue = { makeDefault().databaseValue } }
        var attach: (@Sendable (inout M, any Model) -> Void)?
        if V.self is any RelationValue.Type {
            attach = { instance, target in
                guard var relation = instance[keyPath: keyPath] as? any RelationValue else { return }
                relation.attach(target)
                if let value = relation as? V { instance[keyPath: keyPath] = value }
            }
        }
        let read: @Sendable (M) -> DatabaseValue = { $0[keyPath: keyPath].databaseValue }
        let check: @Sendable (DatabaseValue) throws -> Void = { _ = try V(databaseValue: $0) }
        return ModelField(
            name: name, type: V.fieldType(options), isNullable: V.self is any OptionalValue.Type, options: options,
            isAutomatic: automaticPrimaryKey, defaultValue: defaultValue,
            relatedModel: (V.self as? any RelationValue.Type)?.relatedModel, keyPath: keyPath, read: read,
            assign: { $0[keyPath: keyPath] = try V(databaseValue: $1) }, check: check,
            choices: choices(of: V.self), attach: attach,
            throughForeignKey: ThroughKeyPaths(keyPath as KeyPath<M, V>),
            encode: durationEncoding(name, keyPath) ?? decimalEncoding(name, keyPath, V.fieldType(options)) ?? {
                try $1.encode($0[keyPath: keyPath], forKey: FieldCodingKey(name))
            })
    }

    /// How a `Duration` field encodes: as Django's JSON encoder writes a `timedelta`
    /// (`P0DT00H00M01.500000S`), not Swift's `[seconds, attoseconds]`. Chosen once per field.
    private static func durationEncoding<V>(_ name: String, _ keyPath: any KeyPath<M, V> & Sendable) -> (
        @Sendable (M, inout KeyedEncodingContainer<FieldCodingKey>) throws -> Void
    )? {
        guard V.self == Duration.self || V.self == Duration?.self else { return nil }
        let key = FieldCodingKey(name)
        return { try $1.encode(($0[keyPath: keyPath] as? Duration).map(PythonDuration.isoString), forKey: key) }
    }

    /// How a `DecimalField` encodes: as Django's JSON encoder and django-ninja write a
    /// `Decimal`, a string with the field's places (`"9.90"`), which keeps every digit.
    private static func decimalEncoding<V>(_ name: String, _ keyPath: any KeyPath<M, V> & Sendable, _ type: FieldType)
        -> (@Sendable (M, inout KeyedEncodingContainer<FieldCodingKey>) throws -> Void)?
    {
        guard case .decimal(_, let places) = type, V.self == Decimal.self || V.self == Decimal?.self else { return nil }
        let key = FieldCodingKey(name)
        return { instance, container in
            guard let value = instance[keyPath: keyPath] as? Decimal else {
                return try container.encodeNil(forKey: key)
            }
            guard !value.isNaN else {
                throw EncodingError.invalidValue(
                    value,
                    EncodingError.Context(
                        codingPath: container.codingPath + [key],
                        debugDescription: "Unable to encode Decimal.nan in JSON."
                    ))
            }
            try container.encode(FixtureValue.decimal(value, places: places), forKey: key)
        }
    }

    /// A field of any other `Codable` type, stored as JSON.
    @_disfavoredOverload
    public static func _make<V: Codable & Sendable>(
        _ name: String, _ keyPath: any WritableKeyPath<M, V> & Sendable, _ options: FieldOptions,
        default makeDefault: (@Sendable () -> V)? = nil
    ) -> ModelField {
        var defaultValue: (@Sendable () -> DatabaseValue)?
        if let makeDefault { defaultValue = { _DatabaseCoding.encode(makeDefault()) } }
        let read: @Sendable (M) -> DatabaseValue = { _DatabaseCoding.encode($0[keyPath: keyPath]) }
        let check: @Sendable (DatabaseValue) throws -> Void = { _ = try _DatabaseCoding.decodeJSON($0, as: V.self) }
        return ModelField(
            name: name, type: .json, isNullable: V.self is any OptionalValue.Type, options: options,
            isAutomatic: false, defaultValue: defaultValue, relatedModel: nil, keyPath: keyPath, read: read,
            assign: { $0[keyPath: keyPath] = try _DatabaseCoding.decodeJSON($1, as: V.self) }, check: check,
            throughForeignKey: ThroughKeyPaths(keyPath as KeyPath<M, V>),
            encode: { try $1.encode($0[keyPath: keyPath], forKey: FieldCodingKey(name)) })
    }
}

/// Optionals, recognised at run time.
protocol OptionalValue {
    /// `nil`.
    static var noValue: Self { get }
}
extension Optional: OptionalValue {
    static var noValue: Self { nil }
}

/// Relation values, recognised at run time.
protocol RelationValue {
    static var relatedModel: any Model.Type { get }
    /// Keeps a loaded target.
    mutating func attach(_ target: any Model)
    /// Whether the target was loaded (or there is none).
    var isLoaded: Bool { get }
}

/// ``Choices`` values (also optional ones), recognised at run time.
protocol ChoiceValues {
    static var storedChoices: ([DatabaseValue], [String]) { get }
}

extension Optional: ChoiceValues where Wrapped: Choices {
    static var storedChoices: ([DatabaseValue], [String]) { (Wrapped.choiceValues, Wrapped.choiceLabels) }
}

/// The raw values and labels of a ``Choices`` type or of an optional one.
func choices(of type: Any.Type) -> ([DatabaseValue], [String])? {
    func values<C: Choices>(_: C.Type) -> ([DatabaseValue], [String]) { (C.choiceValues, C.choiceLabels) }
    if let choices = type as? any Choices.Type { return values(choices) }
    return (type as? any ChoiceValues.Type)?.storedChoices
}

/// `createdAt` → `created_at`, as a Django developer would name the column.
package func snakeCase(_ name: String) -> String {
    var result = ""
    let characters = Array(name)
    for (index, character) in characters.enumerated() {
        if character.isUppercase {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if let previous, previous != "_",
                previous.isLowercase || previous.isNumber || (next?.isLowercase ?? false)
            {
                result.append("_")
            }
            result.append(contentsOf: character.lowercased())
        } else {
            result.append(character)
        }
    }
    return result
}

/// A field's name as a coding key.
struct FieldCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A field of `M` reached through a foreign key to `M`, required or optional.
// NB: @unchecked because key path objects are immutable once made; they are not declared
// Sendable when a component's index (here a key path) is not.
struct ThroughKeyPaths: @unchecked Sendable {
    let required: AnyKeyPath
    let optional: AnyKeyPath

    init<M: Model, V>(_ field: KeyPath<M, V>) {
        required = \ForeignKey<M>.[dynamicMember: field]
        optional = \ForeignKey<M>?.?[dynamicMember: field]
    }
}
