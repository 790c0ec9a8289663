import Foundation
import Synchronization

/// Django's `LocMemCache`: entries in this process, most recently used first, culled when full.
final class LocMemStore: CacheStore {
    struct Entry {
        var value: [UInt8]
        var expiry: Double?
        /// When it was last read or written: larger is more recent.
        var used: UInt64
    }

    struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0

        mutating func tick() -> UInt64 {
            clock &+= 1
            return clock
        }

        /// The live entry under `key`; an expired one is removed.
        mutating func live(_ key: String, now: Double) -> Entry? {
            guard let entry = entries[key] else { return nil }
            if let expiry = entry.expiry, expiry <= now {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    let maxEntries: Int
    let cullFrequency: Int
    let state = Mutex(State())

    init(maxEntries: Int, cullFrequency: Int) {
        self.maxEntries = max(0, maxEntries)
        self.cullFrequency = max(0, cullFrequency)
    }

    private var now: Double { Date().timeIntervalSince1970 }

    func get(_ key: String) async throws -> [UInt8]? { getNow(key) }

    func set(_ key: String, _ value: [UInt8], expiry: Expiry) async throws { setNow(key, value, expiry: expiry.date) }

    /// ``get(_:)`` without suspending, for `{% cache %}` (rendering is synchronous).
    func getNow(_ key: String) -> [UInt8]? {
        let now = now
        return state.withLock { state in
            guard var entry = state.live(key, now: now) else { return nil }
            entry.used = state.tick()
            state.entries[key] = entry
            return entry.value
        }
    }

    /// ``set(_:_:expiry:)`` without suspending.
    func setNow(_ key: String, _ value: [UInt8], expiry: Double?) {
        state.withLock { store(key, value, expiry: expiry, in: &$0) }
    }

    func add(_ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool {
        let now = now
        return state.withLock { state in
            guard state.live(key, now: now) == nil else { return false }
            store(key, value, expiry: expiry.date, in: &state)
            return true
        }
    }

    func touch(_ key: String, expiry: Expiry) async throws -> Bool {
        let now = now
        return state.withLock { state in
            guard state.live(key, now: now) != nil else { return false }
            state.entries[key]?.expiry = expiry.date
            return true
        }
    }

    func incr(_ key: String, by delta: Int) async throws -> Int? {
        let now = now
        return try state.withLock { state throws(CacheError) -> Int? in
            guard var entry = state.live(key, now: now) else { return nil }
            let (sum, encoded) = try Self.adding(delta, to: entry.value, key: key)
            entry.value = encoded
            entry.used = state.tick()
            state.entries[key] = entry
            return sum
        }
    }

    func delete(_ key: String) async throws -> Bool {
        state.withLock { $0.entries.removeValue(forKey: key) != nil }
    }

    func clear() async throws {
        state.withLock { $0.entries.removeAll() }
    }

    /// Django's `_set`: culls first when full (even to replace a key), then stores.
    private func store(_ key: String, _ value: [UInt8], expiry: Double?, in state: inout State) {
        if state.entries.count >= maxEntries {
            if cullFrequency == 0 {
                state.entries.removeAll()
            } else {
                let count = state.entries.count / cullFrequency
                let oldest = state.entries.sorted { $0.value.used < $1.value.used }.prefix(count)
                for (key, _) in oldest { state.entries[key] = nil }
            }
        }
        state.entries[key] = Entry(value: value, expiry: expiry, used: state.tick())
    }
}
