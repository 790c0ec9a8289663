internal import Foundation
internal import PonySupport
public import PonyTemplates

// Models, relations and their rows are template values, as Django's are: `{{ task.name }}`,
// `{{ task.owner.name }}`, `{% for t in owner.tasks.all %}`. Templates render without
// awaiting, so a relation that was not loaded with its row (`selectRelated`,
// `prefetchRelated`) is asked of the render's `TemplateLoads`: `render(request, …)` loads it
// between passes, one query per relation for every row that reached it (where Django queries
// once per row), and renders again.

extension Model {
    /// A field, relation or `pk` by name (the Swift name, or the snake_case column name).
    public func lookup(_ key: String) -> TemplateValue? {
        let schema = Self.schema
        if let index = schema.info.fieldIndex(key) {
            let field = schema.info.fields[index]
            let value = self[keyPath: schema.fields[index].keyPath]
            // NB: only relations and decimals pay for a cast (a fortunes page looks up plain
            // fields). A decimal prints with its field's places, as Django's `9.90` does.
            if case .decimal(_, let places) = field.type, let decimal = value as? Decimal {
                return .decimal(decimal, places: places)
            }
            guard field.relatedModel != nil, let relation = value as? any RelationValue else {
                return TemplateValue(any: value)
            }
            // `owner_id` is the key itself, as in Django.
            if key == field.column, key != field.name { return templateValue(of: databaseValues[index]) }
            return relation.isLoaded ? TemplateValue(any: value) : loaded(field.name) ?? TemplateValue(any: value)
        }
        if let relation = schema.manyToMany.first(where: { $0.info.name == key }) {
            return relationValue(relation.info.name, self[keyPath: relation.keyPath as AnyKeyPath])
        }
        if let set = schema.relatedSets.first(where: { $0.name == key }) {
            return relationValue(set.name, self[keyPath: set.keyPath as AnyKeyPath])
        }
        if let generic = schema.genericForeignKeys.first(where: { $0.name == key }) {
            if let row = self[keyPath: generic.keyPath as AnyKeyPath] as? GenericForeignKey, let cached = row.cached {
                return TemplateValue(any: cached)
            }
            return loaded(generic.name) ?? .null
        }
        if key.hasPrefix("get_"), key.hasSuffix("_display") { return choiceLabel(key) }
        return nil
    }

    /// Django's `get_<field>_display`: the label of the field's value among its choices
    /// (translated), the value itself when it is none of them; `nil` for a field without
    /// choices, which Django gives no such method.
    private func choiceLabel(_ key: String) -> TemplateValue? {
        let name = String(key.dropFirst(4).dropLast(8))
        let schema = Self.schema
        guard let index = schema.info.fieldIndex(name), let choices = schema.info.fields[index].choices else {
            return nil
        }
        let value = schema.fields[index].read(self)
        if let label = choices.first(where: { $0.0 == value })?.1 { return .string(translate(label)) }
        return value == .null ? .null : templateValue(of: value)
    }

    /// A set of related rows (`RelatedSet`, `ManyToMany`): its rows when loaded, else what
    /// the render loaded for it.
    private func relationValue(_ name: String, _ value: Any?) -> TemplateValue? {
        guard let value else { return nil }
        if (value as? any LoadableRows)?.isLoaded ?? true { return TemplateValue(any: value) }
        return loaded(name) ?? TemplateValue(any: value)
    }

    /// The relation `name` as the render in progress loaded it, or `nil` after asking for it
    /// (with `prefetchRelated`'s query, for every instance that asks).
    private func loaded(_ name: String) -> TemplateValue? {
        let key = pk
        guard key != .null, let loads = TemplateLoads.current else { return nil }
        let group = Self.schemaInfo.label + "." + name
        let id = String(describing: key)
        if let value = loads.value(group: group, key: id) { return value }
        // NB: the loads run after the view returns, so they take the view's database along.
        let (database, models, signals) = (ORM.database, ORM.models, ORM.signals)
        loads.request(group: group, key: id, payload: self) { payloads in
            var instances = payloads.compactMap { $0 as? Self }
            try await ORM.$database.withValue(database) {
                try await ORM.$models.withValue(models) {
                    try await ORM.$signals.withValue(signals) {
                        try await Self.objects.prefetch(name, into: &instances)
                    }
                }
            }
            var values: [String: TemplateValue] = [:]
            // NB: outside the render's loads, so a target that is gone is not asked for again.
            TemplateLoads.$current.withValue(nil) {
                for instance in instances { values[String(describing: instance.pk)] = instance.lookup(name) }
            }
            return values
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
    package var displayText: String { (self as any TemplateObject).text }
}

/// A stored value as a template value: a number or text, as Django's `owner_id` and an
/// annotation's value are.
func templateValue(of key: DatabaseValue) -> TemplateValue {
    switch key {
    case .null: .null
    case .integer(let value): .int(Int(truncatingIfNeeded: value))
    case .double(let value): .double(value)
    case .text(let value): .string(value)
    case .blob: .string(keyText(key))
    }
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

/// A relation holding rows (`RelatedSet`, `ManyToMany`), recognised at run time.
protocol LoadableRows {
    /// Whether ``QuerySet/prefetchRelated(_:)`` (or a render) loaded the rows.
    var isLoaded: Bool { get }
}

extension RelatedSet: LoadableRows {
    var isLoaded: Bool { cached != nil }
}

extension ManyToMany: LoadableRows {
    var isLoaded: Bool { cached != nil }
}

extension OneToOne: TemplateObject {
    /// A key is true.
    public var isTruthy: Bool { true }
    /// A key is not iterable.
    public var elements: [TemplateValue]? { nil }
    /// A field of the target when it was loaded; nothing otherwise.
    public func lookup(_ key: String) -> TemplateValue? { foreignKey.lookup(key) }
    /// The target as it prints when loaded, else the key.
    public var text: String { foreignKey.text }
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

extension ORM {
    /// What a template asks the database for while it renders (the auth app's `perms`, the
    /// flat pages tag): the value an earlier pass loaded for `key` of `group`, or `nil` after
    /// asking for `load` to run, with this task's database, before the next pass (see
    /// `render(request, …)`). Outside such a render, or without a database, `nil`.
    package static func templateValue(
        group: String, key: String, _ load: @escaping @Sendable () async throws -> TemplateValue
    ) -> TemplateValue? {
        guard let loads = TemplateLoads.current else { return nil }
        if let value = loads.value(group: group, key: key) { return value }
        guard let database else { return nil }
        // NB: the loads run after the view returns, so they take the view's database along.
        let (models, signals) = (ORM.models, ORM.signals)
        loads.request(group: group, key: key, payload: PendingTemplateValue(key: key, load: load)) { payloads in
            try await ORM.using(database, models: models, signals: signals) {
                var values: [String: TemplateValue] = [:]
                for case let pending as PendingTemplateValue in payloads {
                    values[pending.key] = try await pending.load()
                }
                return values
            }
        }
        return nil
    }
}

/// A value a template asked for, and how to load it.
private struct PendingTemplateValue: Sendable {
    let key: String
    let load: @Sendable () async throws -> TemplateValue
}
