internal import Foundation
internal import Logging
public import PonyCache
public import PonyORM
public import PonySupport

/// Sessions in a cache only (Django's `cache` engine), under Django's keys
/// (`django.contrib.sessions.cache` + the session key): no database read or write per
/// request, but a session lives only as long as the cache keeps it. Use a cache every worker
/// and instance shares (Redis); a local-memory cache loses the sessions at each restart and
/// gives each worker process its own.
public struct CacheSessionStore: SessionStore {
    /// Django's `KEY_PREFIX` of this engine.
    public static let keyPrefix = "django.contrib.sessions.cache"
    /// Where the sessions live.
    public let cache: Cache

    /// A store in `cache`.
    public init(cache: Cache) { self.cache = cache }

    /// The data; `nil` for no session, and also when the cache fails (Django starts a new
    /// session then, too).
    public func load(_ key: String) async throws -> JSONObject? {
        guard DatabaseSessionStore.isValidKey(key) else { return nil }
        return Self.decode(try? await cache.json(Self.keyPrefix + key))
    }

    public func save(_ data: JSONObject, key: String?, age: Int) async throws -> String {
        let json = JSONValue.object(data).pythonJSONBytes()
        guard let key else {
            // NB: Django's create(): a new key until `add` takes one, and it gives up after
            // 10,000 tries, when the cache must be refusing every write.
            for _ in 0..<10_000 {
                let key = DatabaseSessionStore.newKey()
                if try await cache.setJSON(Self.keyPrefix + key, json, timeout: .seconds(Double(age)), onlyNew: true) {
                    return key
                }
            }
            throw SessionKeyError()
        }
        // NB: update only, as Django's save(must_create=False): a session deleted meanwhile
        // (a logout in another tab) must not come back.
        guard try await cache.json(Self.keyPrefix + key) != nil else { throw DatabaseSessionStore.interrupted }
        try await cache.setJSON(Self.keyPrefix + key, json, timeout: .seconds(Double(age)))
        return key
    }

    public func delete(_ key: String) async throws {
        try await cache.delete(Self.keyPrefix + key)
    }

    /// Stored JSON as session data; `nil` when it is not an object.
    static func decode(_ json: [UInt8]?) -> JSONObject? {
        guard let json, case .object(let data) = try? JSONValue(parsing: json) else { return nil }
        return data
    }
}

/// Sessions in the database, read through a cache (Django's `cached_db` engine, under its keys
/// `django.contrib.sessions.cached_db` + the session key): a visit's requests read the cache,
/// and the database only when the cache misses (after a restart, an eviction, or when the
/// cache is down). Every save writes both; a cache that fails to take the write is logged and
/// the request goes on, as in Django.
public struct CachedDatabaseSessionStore: SessionStore {
    /// Django's `KEY_PREFIX` of this engine.
    public static let keyPrefix = "django.contrib.sessions.cached_db"
    /// The cache in front of the database.
    public let cache: Cache
    let database: DatabaseSessionStore

    /// A store in Django's `django_session` table (signed with `secretKey`, as
    /// ``DatabaseSessionStore``), read through `cache`.
    public init(cache: Cache, secretKey: String, fallbackKeys: [String] = []) {
        self.cache = cache
        database = DatabaseSessionStore(secretKey: secretKey, fallbackKeys: fallbackKeys)
    }

    public func load(_ key: String) async throws -> JSONObject? {
        try await load(key, at: DatabaseVersion.current())
    }

    public func load(_ key: String, at version: DatabaseVersion?) async throws -> JSONObject? {
        guard DatabaseSessionStore.isValidKey(key) else { return nil }
        if let data = CacheSessionStore.decode(try? await cache.json(Self.keyPrefix + key)) { return data }
        guard let (data, expireDate) = try await database.loadWithExpiry(key, at: version) else { return nil }
        await remember(key, data, age: expireDate.timeIntervalSinceNow)
        return data
    }

    public func save(_ data: JSONObject, key: String?, age: Int) async throws -> String {
        let key = try await database.save(data, key: key, age: age)
        await remember(key, data, age: Double(age))
        return key
    }

    public func delete(_ key: String) async throws {
        try await database.delete(key)
        try await cache.delete(Self.keyPrefix + key)
    }

    /// Puts the data in the cache; a failure is logged, not thrown.
    private func remember(_ key: String, _ data: JSONObject, age: Double) async {
        do {
            try await cache.setJSON(
                Self.keyPrefix + key, JSONValue.object(data).pythonJSONBytes(), timeout: .seconds(age))
        } catch {
            Logger(label: "pony.sessions").error("Error saving a session to the cache: \(error)")
        }
    }
}

/// Django's "Unable to create a new session key": the cache refused 10,000 new keys.
struct SessionKeyError: Error, CustomStringConvertible {
    var description: String { "Unable to create a new session key. It is likely that the cache is unavailable." }
}
