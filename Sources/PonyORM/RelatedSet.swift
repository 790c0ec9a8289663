/// The rows of another model whose foreign key points to this one: Django's reverse accessor
/// (`owner.task_set`), declared on the model pointed to, naming that foreign key:
///
/// ```swift
/// @Model struct Owner {
///     @Field(maxLength: 100) var name: String
///     var tasks = RelatedSet<Task>(\.owner)
/// }
///
/// let open = try await owner.related(\.tasks).filter("completed", false).fetch()
/// let owners = try await Owner.objects.prefetchRelated("tasks").fetch()   // owner.tasks.cached
/// ```
///
/// It is not a column and needs no migration. Queries across the relation keep using its
/// query name (`relatedName`, else the model's name: `Owner.objects.filter("task__name", …)`).
///
/// Following a ``GenericForeignKey`` back instead, it is Django's `GenericRelation`:
/// `var tags = RelatedSet<TaggedItem>(generic: \.contentObject)`. Its rows are those whose
/// content type is this model's and whose object id is this row's key; they are deleted with
/// the row, as Django's are.
public struct RelatedSet<Source: Model>: Sendable {
    /// The related rows, when ``QuerySet/prefetchRelated(_:)`` loaded them.
    public internal(set) var cached: [Source]?
    /// The foreign key (or ``GenericForeignKey``) of `Source` this set follows back.
    let foreignKey: any AnyKeyPath & Sendable
    /// The model the foreign key points to, which should declare this set; `nil` for a
    /// generic foreign key, which points to any.
    let target: (any Model.Type)?

    /// The rows of `Source` whose foreign key `foreignKey` points here.
    public init<Target: Model>(_ foreignKey: any KeyPath<Source, ForeignKey<Target>> & Sendable) {
        cached = nil
        self.foreignKey = foreignKey
        target = Target.self
    }

    /// The rows of `Source` whose optional foreign key `foreignKey` points here.
    public init<Target: Model>(_ foreignKey: any KeyPath<Source, ForeignKey<Target>?> & Sendable) {
        cached = nil
        self.foreignKey = foreignKey
        target = Target.self
    }

    /// The rows of `Source` whose generic foreign key `key` points here (Django's
    /// `GenericRelation`).
    public init(generic key: any KeyPath<Source, GenericForeignKey> & Sendable) {
        cached = nil
        foreignKey = key
        target = nil
    }

    /// The foreign key's field name on `Source`.
    var fieldName: String { Source.objects.fieldName(foreignKey) }

    /// For a set that follows a generic foreign key: its fields on `Source`; `nil` for a
    /// foreign key, or a key path ``ORM/check(_:)`` reports.
    var genericLink: GenericLink? {
        guard target == nil, let field = try? Source.genericForeignKey(foreignKey),
            let (contentType, objectId) = try? field.positions()
        else { return nil }
        let info = Source.schemaInfo
        return GenericLink(source: info, contentType: info.fields[contentType], objectId: info.fields[objectId])
    }
}

/// The fields of a model's generic foreign key, followed back from the models it points to.
struct GenericLink: Sendable {
    /// The model that declares the generic foreign key (`TaggedItem`).
    let source: SchemaInfo
    /// Its foreign key to the content type.
    let contentType: FieldInfo
    /// Its object id field.
    let objectId: FieldInfo

    /// The rows of ``source`` that point to rows of `target`: a join to the content type's
    /// app label and model name, which need no query for the content type's key first.
    func pointing(to target: SchemaInfo) -> Q {
        Q(contentType.name + "__app_label", .text(target.appLabel))
            & Q(contentType.name + "__model", .text(target.name.lowercased()))
    }

    /// `keys` of `target`'s rows as the object id field stores them.
    func objectIds(_ keys: [DatabaseValue]) -> [DatabaseValue] {
        keys.compactMap { GenericTargets.value($0, as: objectId) }
    }

    /// The rows of ``source`` that point to the rows of `target` with keys `keys`.
    func condition(to target: SchemaInfo, keys: [DatabaseValue]) -> Q {
        pointing(to: target) & .lookup(objectId.name + "__in", .list(objectIds(keys)))
    }

    /// The keys of ``source``'s rows that point to the rows of `target` with keys `keys`.
    func keys(pointingTo target: SchemaInfo, _ keys: [DatabaseValue]) async throws -> [DatabaseValue] {
        let condition = condition(to: target, keys: keys)
        func select<S: Model>(_ source: S.Type) async throws -> [DatabaseValue] {
            try await S.objects.filter(condition).valuesList(["pk"]).map { $0[0] }
        }
        return try await select(source.model)
    }
}

extension Model {
    /// The generic foreign keys of other models that this model's related sets follow back.
    static var genericLinks: [GenericLink] { schema.relatedSets.compactMap { $0.genericLink() } }
}

/// A ``RelatedSet`` property of a model, as `@Model` describes it.
public struct RelatedSetField<M: Model>: Sendable {
    /// The property's name (`tasks`).
    public let name: String
    /// The property.
    let keyPath: any AnyKeyPath & Sendable
    /// The model of the related rows.
    let source: any Model.Type
    /// The foreign key's model (`nil` for a generic one) and field name, for ``ORM/check(_:)``.
    let foreignKey: @Sendable () -> (target: (any Model.Type)?, field: String)
    /// The generic foreign key's fields, for a set that follows one back.
    let genericLink: @Sendable () -> GenericLink?
    /// Loads the related rows of `instances` with one query (the step's, when a ``Prefetch``
    /// gives one), into their sets; and the step's next relations of those rows.
    let prefetch: @Sendable (inout [M], PrefetchStep) async throws -> Void

    /// Describes the set at `keyPath` (generated by `@Model`); `initial` is the property's
    /// initial value, which names the foreign key.
    public static func _make<Source: Model>(
        _ name: String, _ keyPath: any WritableKeyPath<M, RelatedSet<Source>> & Sendable,
        initial: @escaping @Sendable () -> RelatedSet<Source>
    ) -> RelatedSetField {
        RelatedSetField(
            name: name, keyPath: keyPath, source: Source.self,
            foreignKey: {
                let set = initial()
                return (set.target, set.fieldName)
            },
            genericLink: { initial().genericLink },
            prefetch: { instances, step in
                let field = initial().fieldName
                let keys = instances.map(\.pk).filter { $0 != .null }.uniqued()
                var groups: [DatabaseValue: [Source]] = [:]
                if !keys.isEmpty, let link = initial().genericLink {
                    let query = try step.query(of: Source.self, on: M.self) as? QuerySet<Source> ?? Source.objects
                    let index = Source.schemaInfo.fieldIndex(link.objectId.name) ?? 0
                    groups = try await query.filter(link.pointing(to: M.schemaInfo))
                        .prefetchGroups(link.objectId.name, in: link.objectIds(keys), next: step.next) {
                            [GenericTargets.value($0.databaseValues[index], as: M.schemaInfo.primaryKey) ?? .null]
                        }
                } else if !keys.isEmpty, let index = Source.schemaInfo.fieldIndex(field) {
                    groups = try await step.query(of: Source.self, on: M.self)
                        .prefetchGroups(field, in: keys, next: step.next) { [$0.databaseValues[index]] }
                }
                for position in instances.indices {
                    instances[position][keyPath: keyPath].cached = groups[instances[position].pk] ?? []
                }
            })
    }
}

extension Model {
    /// The query of the rows in the related set at `keyPath`:
    /// `owner.related(\.tasks).filter("completed", false)`.
    public func related<Source: Model>(_ keyPath: any KeyPath<Self, RelatedSet<Source>> & Sendable)
        -> QuerySet<Source>
    {
        let set = self[keyPath: keyPath]
        guard set.target == nil else { return Source.objects.filtered(set.foreignKey, pk) }
        guard let link = set.genericLink else { return Source.objects.none() }
        return Source.objects.filter(link.condition(to: Self.schemaInfo, keys: [pk]))
    }
}
