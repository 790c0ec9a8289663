/// A key for a value that middleware attaches to a request, such as the session or the user.
///
/// ```swift
/// enum TraceID: RequestStorageKey { typealias Value = String }
/// request.storage[TraceID.self] = "abc123"
/// ```
public protocol RequestStorageKey {
    /// The type of the stored value.
    associatedtype Value: Sendable
}

/// Typed values attached to a request by middleware, keyed by ``RequestStorageKey`` types.
///
/// NB: a request holds a handful of values at most (CSRF, session, user, messages), so they
/// are kept in a list searched in order: the first in the storage itself, so a request with
/// one value allocates nothing, which a dictionary did (and hashed its key) on every request.
/// `@inlinable`, so that a middleware's module reads its key without generic metadata lookups.
public struct RequestStorage: Sendable {
    @usableFromInline typealias Entry = (key: ObjectIdentifier, value: any Sendable)
    @usableFromInline var first: Entry?
    @usableFromInline var rest: [Entry] = []

    /// Creates empty storage.
    public init() {}

    /// The value stored for `key`, or `nil`.
    @inlinable
    public subscript<Key: RequestStorageKey>(key: Key.Type) -> Key.Value? {
        get {
            let id = ObjectIdentifier(key)
            if let first, first.key == id { return first.value as? Key.Value }
            return rest.first { $0.key == id }?.value as? Key.Value
        }
        set {
            let id = ObjectIdentifier(key)
            if first == nil || first?.key == id {
                first = newValue.map { (id, $0) }
                // NB: a value removed from the first place is replaced by a later one, if any.
                if first == nil, !rest.isEmpty { first = rest.removeFirst() }
            } else if let index = rest.firstIndex(where: { $0.key == id }) {
                if let newValue { rest[index].value = newValue } else { rest.remove(at: index) }
            } else if let newValue {
                rest.append((id, newValue))
            }
        }
    }
}
