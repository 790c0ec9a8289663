/// A many-to-one relation: `var owner: ForeignKey<Owner>` stores the owner's primary key in
/// the column `owner_id`. Loading the owner is explicit: `try await task.owner.load()`
/// (free after `selectRelated("owner")`). Optional for `NULL` (`ForeignKey<Owner>?`).
///
/// The target's fields are members of the key, so typed queries follow the relation:
/// `Task.objects.filter(\.owner.name, .iexact("ann"))` is `filter("owner__name__iexact", "ann")`.
@dynamicMemberLookup
public struct ForeignKey<Target: Model>: ModelValue, RelationValue {
    /// The target's primary key.
    public var key: DatabaseValue
    /// The target, when it was loaded with the row (``QuerySet/selectRelated(_:)``).
    public internal(set) var cached: Target? {
        get { loaded?.target }
        set { loaded = newValue.map(Loaded.init) }
    }
    // NB: boxed, so that a model may point to its own kind (`var parent: ForeignKey<Category>?`,
    // Django's `ForeignKey("self")`): a struct cannot hold itself inline.
    private var loaded: Loaded?

    private final class Loaded: Sendable {
        let target: Target
        init(_ target: Target) { self.target = target }
    }

    /// A key to `target`, which must have been saved.
    public init(_ target: Target) {
        key = target.pk
        cached = target
    }

    /// A key to the row whose primary key is `id`.
    public init(id: Int64) {
        key = .integer(id)
        cached = nil
    }

    /// The target's primary key as an integer (the automatic `id`).
    public var id: Int64? {
        if case .integer(let value) = key { return value }
        return nil
    }

    /// The target: the cached one, else one query.
    public func load() async throws -> Target {
        if let cached { return cached }
        return try await Target.objects.filter(Q("pk", key)).get()
    }

    /// A field of the target, for typed lookups across the relation (`\Task.owner.name`);
    /// its ``RelatedField/loaded`` value is the field's when the target was loaded.
    public subscript<V>(dynamicMember field: KeyPath<Target, V>) -> RelatedField<V> {
        RelatedField(loaded: cached?[keyPath: field])
    }

    public static func fieldType(_ options: FieldOptions) -> FieldType { .foreignKey(target: Target._label) }
    static var relatedModel: any Model.Type { Target.self }
    mutating func attach(_ target: any Model) { cached = target as? Target }
    var isLoaded: Bool { cached != nil || key == .null }
    public var databaseValue: DatabaseValue { key }
    public init(databaseValue: DatabaseValue) throws {
        key = databaseValue
        cached = nil
    }

    /// Encodes the key, as Django's serialisers do.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch key {
        case .integer(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        default: try container.encodeNil()
        }
    }

    /// Decodes a key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) {
            key = .integer(value)
        } else {
            key = .text(try container.decode(String.self))
        }
        cached = nil
    }
}

/// A one-to-one relation: a unique foreign key (`OneToOneField`).
public struct OneToOne<Target: Model>: ModelValue, RelationValue {
    /// The relation as a foreign key.
    public var foreignKey: ForeignKey<Target>

    /// A key to `target`, which must have been saved.
    public init(_ target: Target) { foreignKey = ForeignKey(target) }
    /// A key to the row whose primary key is `id`.
    public init(id: Int64) { foreignKey = ForeignKey(id: id) }
    /// The target's primary key.
    public var key: DatabaseValue { foreignKey.key }
    /// The target: the cached one, else one query.
    public func load() async throws -> Target { try await foreignKey.load() }

    public static func fieldType(_ options: FieldOptions) -> FieldType { .oneToOne(target: Target._label) }
    static var relatedModel: any Model.Type { Target.self }
    mutating func attach(_ target: any Model) { foreignKey.attach(target) }
    var isLoaded: Bool { foreignKey.isLoaded }
    public var databaseValue: DatabaseValue { foreignKey.key }
    public init(databaseValue: DatabaseValue) throws { foreignKey = try ForeignKey(databaseValue: databaseValue) }
    public func encode(to encoder: any Encoder) throws { try foreignKey.encode(to: encoder) }
    public init(from decoder: any Decoder) throws { foreignKey = try ForeignKey(from: decoder) }
}

extension Optional: RelationValue where Wrapped: RelationValue {
    static var relatedModel: any Model.Type { Wrapped.relatedModel }
    mutating func attach(_ target: any Model) { self?.attach(target) }
    var isLoaded: Bool { self?.isLoaded ?? true }
}

extension Model {
    /// The rows of `Source` whose foreign key `field` points to this instance: a reverse
    /// accessor, declared on the target as
    /// `var tasks: QuerySet<Task> { related(\Task.owner) }`, or as a ``RelatedSet``, which
    /// `prefetchRelated` can also fill.
    public func related<Source: Model>(_ field: any KeyPath<Source, ForeignKey<Self>> & Sendable) -> QuerySet<Source> {
        Source.objects.filtered(field, pk)
    }

    /// The rows of `Source` whose optional foreign key `field` points to this instance.
    public func related<Source: Model>(_ field: any KeyPath<Source, ForeignKey<Self>?> & Sendable) -> QuerySet<Source> {
        Source.objects.filtered(field, pk)
    }
}

/// A field of a foreign key's target, reached through the key: what `\Task.owner.name` points
/// to. Typed queries turn such key paths into lookups across the relation (`owner__name`).
public struct RelatedField<Value> {
    /// The field's value when the target was loaded (`selectRelated`, `prefetchRelated`, or
    /// after `load()`), else `nil`.
    public let loaded: Value?
}

extension RelatedField: Sendable where Value: Sendable {}
