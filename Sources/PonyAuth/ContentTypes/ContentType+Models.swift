public import PonyORM

extension ContentType {
    /// The content type of `model`, made when missing (Django's
    /// `ContentType.objects.get_for_model`): `try await ContentType.for(Task.self)`.
    public static func `for`(_ model: any Model.Type) async throws -> ContentType {
        let info = model.schemaInfo
        let name = info.name.lowercased()
        let (type, _) = try await objects.getOrCreate(Q("appLabel", info.appLabel) & Q("model", name)) {
            ContentType(appLabel: info.appLabel, model: name)
        }
        return type
    }

    /// The content type of `instance`'s model.
    public static func `for`(_ instance: some Model) async throws -> ContentType {
        try await .for(type(of: instance))
    }

    /// The app's model this content type names (Django's `model_class()`); `nil` for a model
    /// the app no longer has.
    public var modelType: (any Model.Type)? {
        ORM.models.first { $0.schemaInfo.appLabel == appLabel && $0.schemaInfo.name.lowercased() == model }
    }

    /// The row of this content type's model whose primary key is `pk` (Django's
    /// `get_object_for_this_type`). Throws ``DoesNotExist`` when there is none, and a
    /// ``FieldError`` when the app has no such model.
    public func object(pk: DatabaseValue) async throws -> any Model {
        guard let type = modelType else {
            throw FieldError(description: "The content type \(text) names no model of this app.")
        }
        func get<M: Model>(_ model: M.Type) async throws -> any Model {
            try await M.objects.filter(Q("pk", pk)).get()
        }
        return try await get(type)
    }
}

extension Model {
    /// Points the ``GenericForeignKey`` at `keyPath` to `target` (Django's
    /// `item.content_object = task`): sets its content type (made when missing) and object id
    /// fields, and keeps `target` as the loaded row. Save the model to store them.
    public mutating func set<Target: Model>(
        _ keyPath: WritableKeyPath<Self, GenericForeignKey>, to target: Target
    ) async throws {
        let key = self[keyPath: keyPath]
        let name = "\(Self.schemaInfo.name).\(Self.schema.fieldName(keyPath) ?? "contentObject")"
        guard target.pk != .null else {
            throw DatabaseError("\(Target.schemaInfo.name) must be saved before \(name) can point to it.")
        }
        guard let typeField = Self.schema.fields.first(where: { $0.name == key.contentTypeField }),
            let idField = Self.schema.fields.first(where: { $0.name == key.objectIdField })
        else {
            throw FieldError(
                description: "\(name) names fields \(Self.schemaInfo.name) does not have: run `pony check`.")
        }
        guard let id = GenericTargets.value(target.pk, as: idField.info) else {
            throw FieldError(
                description:
                    "\(name) cannot point to \(Target.schemaInfo.name) \(target.pk): its key is not an integer,"
                    + " and \(idField.name) holds integers. Make \(idField.name) a String field to point to any model.")
        }
        let type = try await ContentType.for(Target.self)
        try typeField.assign(&self, type.pk)
        try idField.assign(&self, id)
        self[keyPath: keyPath].cached = target
    }
}
