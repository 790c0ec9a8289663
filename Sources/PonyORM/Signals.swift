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

    func send<M: Model>(_ kind: Kind, _ instance: M, created: Bool) async throws {
        guard let list = receivers[kind] else { return }
        let id = ObjectIdentifier(M.self)
        for receiver in list where receiver.model == id { try await receiver.call(instance, created) }
    }
}
