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
    /// A Redis server (Django's `RedisCache`), shared by every process and instance, with its
    /// `LOCATION`: `"redis://[user:password@]host[:port][/db]"` or
    /// `"unix://[user:password@]/path/redis.sock?db=0"`. Several URLs separated by `;` or
    /// `,` send the writes to the first and the reads to one of the others (replicas). The
    /// options `socket_timeout` (how long a reply may take, 5 s unless set) and
    /// `socket_connect_timeout` (5 s) go in the query. Redis culls by its own `maxmemory`
    /// policy; `clear()` empties the whole database (`FLUSHDB`), as Django's does.
    case redis(String)
    /// memcached servers (Django's `PyMemcacheCache`), shared by every process and instance,
    /// with its `LOCATION`: `"127.0.0.1:11211"`, `"[::1]:11211"` or
    /// `"unix:/run/memcached/memcached.sock"`, several separated by `;` or `,` (each key on one
    /// of them, by rendezvous hashing). As Django's, keys longer than 250 bytes or holding a
    /// space or a control character are refused (``CacheError/invalidKey(_:)``), timeouts
    /// over 30 days become a date (at most 2038-01-19), and `clear()` empties every server
    /// (`flush_all`). A reply may take 5 s.
    case memcached(String)
    /// Stores nothing (Django's `DummyCache`), for development.
    case dummy

    /// What is wrong with the backend's options, when something is (a Redis or memcached
    /// `LOCATION` that does not parse).
    public var problem: String? {
        do {
            switch self {
            case .redis(let location): _ = try RedisServer.servers(in: location)
            case .memcached(let location): _ = try MemcachedStore.endpoints(in: location)
            default: break
            }
            return nil
        } catch {
            return error.description
        }
    }

    func makeStore() -> any CacheStore {
        switch self {
        case .locMem(let maxEntries, let cullFrequency):
            LocMemStore(maxEntries: maxEntries, cullFrequency: cullFrequency)
        case .database(let table, let maxEntries, let cullFrequency):
            DatabaseStore(table: table, maxEntries: maxEntries, cullFrequency: cullFrequency)
        case .redis(let location):
            RedisStore.make(location)
        case .memcached(let location):
            MemcachedStore.make(location)
        case .dummy:
            DummyStore()
        }
    }
}

/// When an entry set now expires.
struct Expiry: Sendable {
    /// Seconds from now, finite: 0 or less has expired already; `nil` for never.
    let seconds: Double?
    /// The Unix time; `nil` for never.
    let date: Double?

    init(seconds: Double?) {
        self.seconds = seconds
        date = seconds.map { Date().timeIntervalSince1970 + $0 }
    }
}

/// A backend's operations on made keys and encoded values.
protocol CacheStore: Sendable {
    func get(_ key: String) async throws -> [UInt8]?
    /// The values of those `keys` that have one (in one round trip where the backend can).
    func getMany(_ keys: [String]) async throws -> [String: [UInt8]]
    func set(_ key: String, _ value: [UInt8], expiry: Expiry) async throws
    func setMany(_ values: [(key: String, value: [UInt8])], expiry: Expiry) async throws
    func add(_ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool
    func touch(_ key: String, expiry: Expiry) async throws -> Bool
    /// The new value, or `nil` when the key has none.
    func incr(_ key: String, by delta: Int) async throws -> Int?
    func delete(_ key: String) async throws -> Bool
    func deleteMany(_ keys: [String]) async throws
    func clear() async throws
}

extension CacheStore {
    func getMany(_ keys: [String]) async throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        for key in keys { found[key] = try await get(key) }
        return found
    }

    func setMany(_ values: [(key: String, value: [UInt8])], expiry: Expiry) async throws {
        for (key, value) in values { try await set(key, value, expiry: expiry) }
    }

    func deleteMany(_ keys: [String]) async throws {
        for key in keys { _ = try await delete(key) }
    }

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
    func set(_ key: String, _ value: [UInt8], expiry: Expiry) async throws {}
    func add(_ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool { true }
    func touch(_ key: String, expiry: Expiry) async throws -> Bool { false }
    func incr(_ key: String, by delta: Int) async throws -> Int? { nil }
    func delete(_ key: String) async throws -> Bool { false }
    func clear() async throws {}
}

/// A backend whose options are wrong: every operation throws what is wrong (`pony check` and
/// the start report it first, as `caches.E002`).
struct UnusableStore: CacheStore {
    let error: CacheError
    func get(_ key: String) async throws -> [UInt8]? { throw error }
    func set(_ key: String, _ value: [UInt8], expiry: Expiry) async throws { throw error }
    func add(_ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool { throw error }
    func touch(_ key: String, expiry: Expiry) async throws -> Bool { throw error }
    func incr(_ key: String, by delta: Int) async throws -> Int? { throw error }
    func delete(_ key: String) async throws -> Bool { throw error }
    func clear() async throws { throw error }
}
