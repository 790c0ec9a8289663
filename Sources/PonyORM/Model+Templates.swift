public import PonyTemplates

// Models, relations and their rows are template values, as Django's are: `{{ task.name }}`,
// `{{ task.owner.name }}`, `{% for t in owner.tasks.all %}`. Templates render without
// awaiting, so a relation shows what was loaded with it (`selectRelated`, `prefetchRelated`):
// Django would query here, one query per row, which its docs tell you to avoid the same way.

extension Model {
    /// A field, relation or `pk` by name (the Swift name, or the snake_case column name).
    public func lookup(_ key: String) -> TemplateValue? {
        let schema = Self.schema
        if let index = schema.info.fieldIndex(key) {
            return TemplateValue(any: self[keyPath: schema.fields[index].keyPath])
        }
        if let relation = schema.manyToMany.first(where: { $0.info.name == key }) {
            return (self[keyPath: relation.keyPath as AnyKeyPath]).map { TemplateValue(any: $0) }
        }
        if let set = schema.relatedSets.first(where: { $0.name == key }) {
            return (self[keyPath: set.keyPath as AnyKeyPath]).map { TemplateValue(any: $0) }
        }
        return nil
    }

    /// A model is true in `{% if %}`.
    public var isTruthy: Bool { true }
    /// A model is not iterable.
    public var elements: [TemplateValue]? { nil }
    /// A model prints escaped.
    public var isSafeText: Bool { false }

    /// How `{{ task }}` prints a model: Django's default `__str__`, `Task object (1)`. A model
    /// chooses its own with a `var text: String` property.
    public var text: String { "\(Self.schemaInfo.name) object (\(keyText(pk)))" }

    /// The model's own ``text`` when it declares one.
    ///
    /// NB: in this module, `instance.text` on a generic model picks the default above
    /// statically (an extension member of `Model` outranks `TemplateObject`'s requirement);
    /// through the existential, the model's witness answers.
    var displayText: String { (self as any TemplateObject).text }
}

/// A primary key as Python prints it.
private func keyText(_ key: DatabaseValue) -> String {
    switch key {
    case .integer(let value): String(value)
    case .text(let value): value
    case .double(let value): String(value)
    case .null: "None"
    case .blob(let bytes): "b'" + bytes.map { String($0, radix: 16) }.joined() + "'"
    }
}

extension ForeignKey: TemplateObject {
    /// A key is true (an optional key that is `nil` is `None`).
    public var isTruthy: Bool { true }
    /// A key is not iterable.
    public var elements: [TemplateValue]? { nil }
    /// A field of the target when it was loaded; nothing otherwise.
    public func lookup(_ key: String) -> TemplateValue? { cached.flatMap { $0.lookup(key) } }
    /// The target as it prints when loaded, else the key.
    public var text: String { cached?.displayText ?? keyText(key) }
}

extension RelatedSet: TemplateObject {
    /// `all`: the rows `prefetchRelated` loaded (empty when none were).
    public func lookup(_ key: String) -> TemplateValue? {
        key == "all" ? .array((cached ?? []).map { .object($0) }) : nil
    }
    /// The rows, as Django prints a related manager's queryset.
    public var text: String { "[" + (cached ?? []).map(\.displayText).joined(separator: ", ") + "]" }
    /// The loaded rows.
    public var elements: [TemplateValue]? { (cached ?? []).map { .object($0) } }
    /// True, as Django's related managers are.
    public var isTruthy: Bool { true }
}

extension ManyToMany: TemplateObject {
    /// `all`: the rows `prefetchRelated` loaded (empty when none were).
    public func lookup(_ key: String) -> TemplateValue? {
        key == "all" ? .array((cached ?? []).map { .object($0) }) : nil
    }
    /// The rows, as Django prints a related manager's queryset.
    public var text: String { "[" + (cached ?? []).map(\.displayText).joined(separator: ", ") + "]" }
    /// The loaded rows.
    public var elements: [TemplateValue]? { (cached ?? []).map { .object($0) } }
    /// True, as Django's related managers are.
    public var isTruthy: Bool { true }
}
