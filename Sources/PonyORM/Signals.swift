/// Receivers called around saves and deletes, as Django's model signals:
/// `signals.connect(.postSave, Task.self) { task, created in … }`.
public struct Signals: Sendable {
    /// When a receiver runs.
    public enum Kind: Sendable, Hashable {
        /// Before `save()` writes (`created` tells an insert).
        case preSave
        /// After `save()` wrote.
        case postSave
        /// Before `delete()` on an instance.
        case preDelete
        /// After `delete()` on an instance.
        case postDelete
    }

    private var receivers: [Kind: [(model: ObjectIdentifier, call: @Sendable (any Model, Bool) async throws -> Void)]] =
        [:]

    /// No receivers.
    public init() {}

    /// Calls `receiver` with each `model` instance saved or deleted; for saves the flag tells
    /// whether the row was created. A receiver that throws stops the save or delete.
    public mutating func connect<M: Model>(
        _ kind: Kind, _ model: M.Type, _ receiver: @escaping @Sendable (M, _ created: Bool) async throws -> Void
    ) {
        receivers[kind, default: []].append(
            (
                ObjectIdentifier(model),
                { instance, created in
                    if let instance = instance as? M { try await receiver(instance, created) }
                }
            ))
    }

    /// Calls `receiver` when the pairs of a `model` instance's many-to-many field change
    /// (Django's `m2m_changed`), before and after each `add`, `remove` and `clear`.
    public mutating func connect<M: Model>(
        _ model: M.Type, manyToManyChanged receiver: @escaping @Sendable (M, ManyToManyChange) async throws -> Void
    ) {
        relationReceivers.append(
            (
                ObjectIdentifier(model),
                { instance, change in
                    if let instance = instance as? M { try await receiver(instance, change) }
                }
            ))
    }

    private var relationReceivers:
        [(model: ObjectIdentifier, call: @Sendable (any Model, ManyToManyChange) async throws -> Void)] = []

    func sendRelationChange<M: Model>(
        _ action: ManyToManyChange.Action, _ instance: M, _ field: String, _ keys: [DatabaseValue]
    ) async throws {
        let id = ObjectIdentifier(M.self)
        let change = ManyToManyChange(action: action, field: field, keys: keys)
        for receiver in relationReceivers where receiver.model == id { try await receiver.call(instance, change) }
    }

    func send<M: Model>(_ kind: Kind, _ instance: M, created: Bool) async throws {
        guard let list = receivers[kind] else { return }
        let id = ObjectIdentifier(M.self)
        for receiver in list where receiver.model == id { try await receiver.call(instance, created) }
    }
}

/// A change to an instance's many-to-many pairs, as Django's `m2m_changed` describes it.
public struct ManyToManyChange: Sendable, Equatable {
    /// Django's `action`.
    @frozen
    public enum Action: String, Sendable {
        case preAdd = "pre_add", postAdd = "post_add", preRemove = "pre_remove", postRemove = "post_remove"
        case preClear = "pre_clear", postClear = "post_clear"
    }
    /// What happens.
    public let action: Action
    /// The many-to-many field (`labels`).
    public let field: String
    /// The related primary keys added or removed (Django's `pk_set`; empty for a clear).
    public let keys: [DatabaseValue]
}
