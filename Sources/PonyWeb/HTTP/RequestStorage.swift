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
public struct RequestStorage: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    /// Creates empty storage.
    public init() {}

    /// The value stored for `key`, or `nil`.
    public subscript<Key: RequestStorageKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
