internal import Foundation
package import PonyORM

/// Django's cache framework: a key–value store for values that are expensive to compute,
/// with per-key timeouts, a key prefix and versions.
///
/// ```swift
/// app.cache = Cache(.database(table: "pony_cache"))       // or .redis("redis://…"), .memcached("host:11211"), .locMem(), .dummy
///
/// try await app.cache.set("greeting", "Hello", timeout: 30)
/// let greeting = try await app.cache.get("greeting", as: String.self)   // nil once expired
/// let total = try await app.cache.getOrSet("total", timeout: 60) { try await Order.objects.count() }
/// ```
///
/// Values are stored as JSON, so any `Codable` value can be cached (Django pickles them;
/// a Pony cache table is not shared with a Django project's). Keys are made as Django's
/// `default_key_func` makes them: `"\(keyPrefix):\(version):\(key)"`.
public final class Cache: Sendable {
    /// Where the entries live.
    public let backend: CacheBackend
    /// Prepended to every key (Django's `KEY_PREFIX`), so that several sites can share a store.
    public let keyPrefix: String
    /// The version keys get when a call names none (Django's `VERSION`).
    public let version: Int
    /// How long entries live when a call gives no timeout (Django's `TIMEOUT`, 300 seconds);
    /// `nil` keeps them until they are deleted or culled.
    public let defaultTimeout: Double?
    let store: any CacheStore

    /// A cache on `backend`.
    public init(
        _ backend: CacheBackend = .locMem(), keyPrefix: String = "", version: Int = 1,
        defaultTimeout: Double? = 300
    ) {
        self.backend = backend
        self.keyPrefix = keyPrefix
        self.version = version
        self.defaultTimeout = defaultTimeout
        store = backend.makeStore()
    }

    /// The key stored for `key` (Django's `make_key`).
    public func makeKey(_ key: String, version: Int? = nil) -> String {
        "\(keyPrefix):\(version ?? self.version):\(key)"
    }

    /// When an entry set now with `timeout` expires (Django's `get_backend_timeout`): never
    /// for `nil`; a timeout of 0 or less has expired already.
    func expiry(_ timeout: CacheTimeout) -> Expiry {
        let seconds: Double?
        switch timeout {
        case .default: seconds = defaultTimeout
        case .never: seconds = nil
        case .seconds(let value): seconds = value == 0 ? -1 : value
        }
        return Expiry(seconds: seconds.map { $0.isFinite ? $0 : ($0 > 0 ? 1e12 : -1) })
    }

    // MARK: - Reading

    /// The value under `key`, or `nil` when there is none, it expired, or it is not a `T`.
    public func get<T: Decodable>(_ key: String, as type: T.Type = T.self, version: Int? = nil) async throws -> T? {
        guard let data = try await store.get(makeKey(key, version: version)) else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(data))
    }

    /// The values of those `keys` that have one, by key (Django's `get_many`).
    public func getMany<T: Decodable>(_ keys: [String], as type: T.Type = T.self, version: Int? = nil) async throws
        -> [String: T]
    {
        let made = Dictionary(keys.map { (makeKey($0, version: version), $0) }) { first, _ in first }
        let decoder = JSONDecoder()
        var found: [String: T] = [:]
        for (key, data) in try await store.getMany(Array(made.keys)) {
            if let name = made[key], let value = try? decoder.decode(T.self, from: Data(data)) { found[name] = value }
        }
        return found
    }

    /// Whether `key` has a value that has not expired (Django's `has_key`).
    public func has(_ key: String, version: Int? = nil) async throws -> Bool {
        try await store.get(makeKey(key, version: version)) != nil
    }

    // MARK: - Writing

    /// Stores `value` under `key` for `timeout` (the cache's default unless given).
    public func set<T: Encodable>(
        _ key: String, _ value: T, timeout: CacheTimeout = .default, version: Int? = nil
    ) async throws {
        try await store.set(makeKey(key, version: version), try Self.encode(value), expiry: expiry(timeout))
    }

    /// Stores `value` under `key` unless a value is there already; whether it did.
    @discardableResult
    public func add<T: Encodable>(
        _ key: String, _ value: T, timeout: CacheTimeout = .default, version: Int? = nil
    ) async throws -> Bool {
        try await store.add(makeKey(key, version: version), try Self.encode(value), expiry: expiry(timeout))
    }

    /// The value under `key`; when there is none, `makeValue()`'s, stored first (Django's
    /// `get_or_set`).
    public func getOrSet<T: Codable & Sendable>(
        _ key: String, timeout: CacheTimeout = .default, version: Int? = nil,
        _ makeValue: @Sendable () async throws -> T
    ) async throws -> T {
        if let value = try await get(key, as: T.self, version: version) { return value }
        let value = try await makeValue()
        try await add(key, value, timeout: timeout, version: version)
        return try await get(key, as: T.self, version: version) ?? value
    }

    /// Stores each value under its key (Django's `set_many`).
    public func setMany<T: Encodable>(
        _ values: [String: T], timeout: CacheTimeout = .default, version: Int? = nil
    ) async throws {
        var encoded: [(key: String, value: [UInt8])] = []
        for (key, value) in values { encoded.append((makeKey(key, version: version), try Self.encode(value))) }
        try await store.setMany(encoded, expiry: expiry(timeout))
    }

    /// Gives `key`'s value a new timeout from now; whether it had a value (Django's `touch`).
    @discardableResult
    public func touch(_ key: String, timeout: CacheTimeout = .default, version: Int? = nil) async throws -> Bool {
        try await store.touch(makeKey(key, version: version), expiry: expiry(timeout))
    }

    /// Adds `delta` to the integer under `key` and returns the sum; throws
    /// ``CacheError/missingKey(_:)`` when there is none (Django's `incr`, a `ValueError`).
    @discardableResult
    public func incr(_ key: String, by delta: Int = 1, version: Int? = nil) async throws -> Int {
        let made = makeKey(key, version: version)
        guard let value = try await store.incr(made, by: delta) else { throw CacheError.missingKey(made) }
        return value
    }

    /// Subtracts `delta` from the integer under `key` (Django's `decr`).
    @discardableResult
    public func decr(_ key: String, by delta: Int = 1, version: Int? = nil) async throws -> Int {
        try await incr(key, by: try negated(delta, key, version), version: version)
    }

    /// Moves `key`'s value to the version `delta` above and returns that version (Django's
    /// `incr_version`): code that reads the new version no longer sees the old value.
    @discardableResult
    public func incrVersion(_ key: String, by delta: Int = 1, version: Int? = nil) async throws -> Int {
        let old = version ?? self.version
        let (new, overflow) = old.addingReportingOverflow(delta)
        guard !overflow else { throw CacheError.notAnInteger(makeKey(key, version: old)) }
        guard let value = try await store.get(makeKey(key, version: old)) else {
            throw CacheError.missingKey(makeKey(key, version: old))
        }
        try await store.set(makeKey(key, version: new), value, expiry: expiry(.default))
        _ = try await store.delete(makeKey(key, version: old))
        return new
    }

    /// Moves `key`'s value to the version `delta` below (Django's `decr_version`).
    @discardableResult
    public func decrVersion(_ key: String, by delta: Int = 1, version: Int? = nil) async throws -> Int {
        try await incrVersion(key, by: try negated(delta, key, version), version: version)
    }

    /// `-delta` for the `decr` calls; `Int.min` has none.
    private func negated(_ delta: Int, _ key: String, _ version: Int?) throws(CacheError) -> Int {
        guard delta != Int.min else { throw CacheError.notAnInteger(makeKey(key, version: version)) }
        return -delta
    }

    /// Removes `key`'s value; whether there was one.
    @discardableResult
    public func delete(_ key: String, version: Int? = nil) async throws -> Bool {
        try await store.delete(makeKey(key, version: version))
    }

    /// Removes the values of `keys` (Django's `delete_many`).
    public func deleteMany(_ keys: [String], version: Int? = nil) async throws {
        try await store.deleteMany(keys.map { makeKey($0, version: version) })
    }

    /// Removes every entry of the store, whatever its prefix or version.
    public func clear() async throws { try await store.clear() }

    // MARK: - Encoded values

    /// The JSON stored under `key`, for a caller that encodes its values itself (sessions).
    package func json(_ key: String) async throws -> [UInt8]? {
        try await store.get(makeKey(key))
    }

    /// Stores `json`, which must be a JSON text, under `key`; with `onlyNew`, only when
    /// there is no value yet, and returns whether it stored it.
    @discardableResult
    package func setJSON(_ key: String, _ json: [UInt8], timeout: CacheTimeout, onlyNew: Bool = false) async throws
        -> Bool
    {
        guard onlyNew else {
            try await store.set(makeKey(key), json, expiry: expiry(timeout))
            return true
        }
        return try await store.add(makeKey(key), json, expiry: expiry(timeout))
    }

    /// The statements of Django's `createcachetable` for a database cache's `table`.
    package static func creationSQL(table: String, dialect: SQLDialect) -> [String] {
        DatabaseStore.creationSQL(table: table, dialect: dialect)
    }

    /// Creates a database cache's `table` unless it exists; whether it did.
    package static func createTable(_ table: String, in database: any Database) async throws -> Bool {
        try await DatabaseStore.createTable(table, in: database)
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(value))
    }
}

/// How long a cache entry lives: `60` (an integer or decimal literal) for seconds.
public enum CacheTimeout: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The cache's ``Cache/defaultTimeout``.
    case `default`
    /// This many seconds; 0 or less expires the entry at once (Django's `timeout=0`).
    case seconds(Double)
    /// Until deleted or culled (Django's `timeout=None`).
    case never

    /// A timeout of `value` seconds.
    public init(integerLiteral value: Int) { self = .seconds(Double(value)) }
    /// A timeout of `value` seconds.
    public init(floatLiteral value: Double) { self = .seconds(value) }
}

/// A cache operation that cannot be done.
public enum CacheError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `incr`/`decr` on a key without a value (Django's `ValueError: Key '…' not found`).
    case missingKey(String)
    /// `incr`/`decr` on a value that is not an integer, or a sum out of `Int`'s range.
    case notAnInteger(String)
    /// A ``CacheBackend/database(table:maxEntries:cullFrequency:)`` cache used where no
    /// database is open (outside a request, command or start-up hook).
    case noDatabase
    /// A key longer than the database cache's `cache_key` column (255 characters).
    case keyTooLong(String)
    /// A cache name that `app.caches` does not have (Django's `InvalidCacheBackendError`).
    case unknownCache(String)
    /// `{% cache %}` on a cache that is not in memory: templates render synchronously.
    case notInMemory
    /// A backend's `LOCATION` that cannot be used, and why.
    case badLocation(String, String)
    /// The Redis server could not be reached, or refused a command.
    case redis(String)
    /// The memcached server could not be reached, or refused a command.
    case memcached(String)
    /// A key memcached cannot store (Django's `InvalidCacheKey`): longer than 250 bytes, or
    /// with a space or a control character.
    case invalidKey(String)

    public var description: String {
        switch self {
        case .missingKey(let key): "Key '\(key)' not found"
        case .notAnInteger(let key): "The value of '\(key)' is not an integer, or the sum is out of range"
        case .noDatabase:
            "The database cache needs the app's database: use it in a view, a command or a start-up hook."
        case .unknownCache(let name):
            "The cache '\(name)' is not in app.caches: add it with app.caches[\"\(name)\"] = Cache(…)."
        case .notInMemory:
            "The {% cache %} tag needs an in-memory cache (Cache(.locMem())); templates render synchronously, "
                + "so a database, Redis or memcached cache cannot keep their fragments. Name one with using=\"…\"."
        case .badLocation(let location, let reason):
            "The cache location \"\(location)\" cannot be used: \(reason)."
        case .redis(let problem): "Redis: \(problem)"
        case .memcached(let problem): "memcached: \(problem)"
        case .invalidKey(let message): message
        case .keyTooLong(let key):
            "Cache key '\(key.prefix(60))…' is longer than 255 characters, the database cache's limit."
        }
    }
}
