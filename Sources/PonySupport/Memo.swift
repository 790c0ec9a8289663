internal import Synchronization

/// Results of a pure function by argument, shared by every task: an entry is never stale, as
/// the value depends on the key alone (and on what the memo's owner fixed when it made it).
/// It empties when it holds `capacity` entries, so keys from requests cannot grow it without
/// bound.
public final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    private let capacity: Int

    /// A memo of at most `capacity` entries.
    public init(capacity: Int) { self.capacity = capacity }

    /// The value remembered for `key`, or `make()`'s, remembered when it returns one.
    public func value(for key: Key, _ make: () throws -> Value) rethrows -> Value {
        if let known = entries.withLock({ $0[key] }) { return known }
        let value = try make()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
        return value
    }
}
