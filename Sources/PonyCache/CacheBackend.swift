import Foundation

/// Where a ``Cache`` keeps its entries (Django's `BACKEND` with its `OPTIONS`).
public enum CacheBackend: Sendable, Hashable {
    /// In this process's memory (Django's `LocMemCache`): fast, but each worker process has
    /// its own. At `maxEntries` a set first drops the least recently used
    /// `count / cullFrequency` entries (all of them when `cullFrequency` is 0).
    case locMem(maxEntries: Int = 300, cullFrequency: Int = 3)
    /// A table of the app's database (Django's `DatabaseCache`, with its table layout), shared
    /// by every process and instance. Pony creates the table at start-up when it is missing
    /// (`createcachetable` does it too). At `maxEntries` a set first deletes the expired
    /// entries, then `count / cullFrequency` more in key order.
    case database(table: String, maxEntries: Int = 300, cullFrequency: Int = 3)
    /// Stores nothing (Django's `DummyCache`), for development.
    case dummy

    func makeStore() -> any CacheStore {
        switch self {
        case .locMem(let maxEntries, let cullFrequency):
            LocMemStore(maxEntries: maxEntries, cullFrequency: cullFrequency)
        case .database(let table, let maxEntries, let cullFrequency):
            DatabaseStore(table: table, maxEntries: maxEntries, cullFrequency: cullFrequency)
        case .dummy:
            DummyStore()
        }
    }
}

/// A backend's operations on made keys and encoded values; `expiry` is a Unix time, `nil`
/// for never.
protocol CacheStore: Sendable {
    func get(_ key: String) async throws -> [UInt8]?
    func set(_ key: String, _ value: [UInt8], expiry: Double?) async throws
    func add(_ key: String, _ value: [UInt8], expiry: Double?) async throws -> Bool
    func touch(_ key: String, expiry: Double?) async throws -> Bool
    /// The new value, or `nil` when the key has none.
    func incr(_ key: String, by delta: Int) async throws -> Int?
    func delete(_ key: String) async throws -> Bool
    func clear() async throws
}

extension CacheStore {
    /// `value` plus `delta`, encoded, for `incr`.
    static func adding(_ delta: Int, to value: [UInt8], key: String) throws(CacheError) -> (Int, [UInt8]) {
        guard let number = try? JSONDecoder().decode(Int.self, from: Data(value)) else {
            throw CacheError.notAnInteger(key)
        }
        let (sum, overflow) = number.addingReportingOverflow(delta)
        guard !overflow else { throw CacheError.notAnInteger(key) }
        return (sum, Array(String(sum).utf8))
    }
}

/// Django's `DummyCache`: every read misses.
struct DummyStore: CacheStore {
    func get(_ key: String) async throws -> [UInt8]? { nil }
    func set(_ key: String, _ value: [UInt8], expiry: Double?) async throws {}
    func add(_ key: String, _ value: [UInt8], expiry: Double?) async throws -> Bool { true }
    func touch(_ key: String, expiry: Double?) async throws -> Bool { false }
    func incr(_ key: String, by delta: Int) async throws -> Int? { nil }
    func delete(_ key: String) async throws -> Bool { false }
    func clear() async throws {}
}
