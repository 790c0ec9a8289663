import Foundation
import PonyORM
import PonyPostgres
import PonySQLite
import Testing

@testable import PonyCache

/// The cache API on each backend, as Django's cache tests exercise it (Redis when
/// `PONY_TEST_REDIS_URL` names a server: `.ci/redis.sh` starts one; memcached when
/// `PONY_TEST_MEMCACHED=1`).
@Suite struct CacheTests {
    static let backends =
        ["locmem", "sqlite"] + (PostgresDatabase.testServerURL == nil ? [] : ["postgresql"])
        + (RedisTestServer.url == nil ? [] : ["redis"]) + (MemcachedTestServer.enabled ? ["memcached"] : [])

    /// Runs `body` with a cache on `backend` (the database ones in a new database with the table).
    static func withCache(
        _ backend: String, maxEntries: Int = 300, cullFrequency: Int = 3, _ body: @Sendable (Cache) async throws -> Void
    ) async throws {
        guard backend != "locmem" else {
            try await body(Cache(.locMem(maxEntries: maxEntries, cullFrequency: cullFrequency)))
            return
        }
        guard backend != "redis" else {
            try await body(try await RedisTestServer.freshCache())
            return
        }
        guard backend != "memcached" else {
            try await MemcachedTestServer.withCache(body)
            return
        }
        try await PostgresDatabase.withTestDatabase(
            postgreSQL: backend == "postgresql", otherwise: { try await SQLiteDatabase.open(.memory) }
        ) { database in
            try await ORM.using(database, models: []) {
                #expect(try await Cache.createTable("pony_cache", in: database))
                #expect(try await !Cache.createTable("pony_cache", in: database))
                try await body(
                    Cache(.database(table: "pony_cache", maxEntries: maxEntries, cullFrequency: cullFrequency)))
            }
        }
    }

    @Test(arguments: backends) func setGetAddDelete(backend: String) async throws {
        try await Self.withCache(backend) { cache in
            #expect(try await cache.get("k", as: String.self) == nil)
            try await cache.set("k", "value")
            #expect(try await cache.get("k", as: String.self) == "value")
            #expect(try await cache.get("k", as: Int.self) == nil)  // not an Int: a miss, not an error
            #expect(try await cache.has("k"))
            #expect(try await !cache.add("k", "other"))
            #expect(try await cache.add("new", ["a": 1]))
            #expect(try await cache.get("new", as: [String: Int].self) == ["a": 1])
            #expect(try await cache.delete("k"))
            #expect(try await !cache.delete("k"))
            #expect(try await !cache.has("k"))
            try await cache.setMany(["x": 1, "y": 2])
            #expect(try await cache.getMany(["x", "y", "z"], as: Int.self) == ["x": 1, "y": 2])
            try await cache.deleteMany(["x", "y"])
            #expect(try await cache.getMany(["x", "y"], as: Int.self).isEmpty)
            try await cache.set("gone", 1)
            try await cache.clear()
            #expect(try await !cache.has("gone"))
        }
    }

    @Test(arguments: backends) func timeoutsAndVersions(backend: String) async throws {
        try await Self.withCache(backend) { cache in
            try await cache.set("zero", 1, timeout: 0)  // Django: expires at once
            #expect(try await cache.get("zero", as: Int.self) == nil)
            try await cache.set("past", 1, timeout: -10)
            #expect(try await cache.get("past", as: Int.self) == nil)
            #expect(try await cache.add("past", 2))  // an expired entry does not block add
            try await cache.set("forever", 1, timeout: .never)
            #expect(try await cache.get("forever", as: Int.self) == 1)
            #expect(try await cache.touch("forever", timeout: -1))
            #expect(try await cache.get("forever", as: Int.self) == nil)
            #expect(try await !cache.touch("missing"))
            try await cache.set("v", "one", version: 1)
            try await cache.set("v", "two", version: 2)
            #expect(try await cache.get("v", as: String.self) == "one")
            #expect(try await cache.get("v", as: String.self, version: 2) == "two")
            for hostile in [Double.nan, .infinity, -.infinity, 1e300, -1e300] {
                try await cache.set("odd", 1, timeout: .seconds(hostile))
            }
            try await cache.set("moved", "v1")
            #expect(try await cache.incrVersion("moved") == 2)
            #expect(try await cache.get("moved", as: String.self) == nil)
            #expect(try await cache.get("moved", as: String.self, version: 2) == "v1")
            #expect(try await cache.decrVersion("moved", version: 2) == 1)
            #expect(try await cache.get("moved", as: String.self) == "v1")
            await #expect(throws: CacheError.missingKey(":1:nothing")) { try await cache.incrVersion("nothing") }
            await #expect(throws: CacheError.self) { try await cache.incrVersion("moved", by: Int.max, version: 1) }
            #expect(try await cache.getOrSet("computed", timeout: 60) { 41 } == 41)
            #expect(try await cache.getOrSet("computed", timeout: 60) { 99 } == 41)
        }
    }

    @Test(arguments: backends) func incrementsAsDjango(backend: String) async throws {
        try await Self.withCache(backend) { cache in
            try await cache.set("n", 1)
            #expect(try await cache.incr("n") == 2)
            #expect(try await cache.incr("n", by: 10) == 12)
            #expect(try await cache.decr("n", by: 2) == 10)
            #expect(try await cache.get("n", as: Int.self) == 10)
            await #expect(throws: CacheError.missingKey(":1:absent")) { try await cache.incr("absent") }
            try await cache.set("text", "a")
            await #expect(throws: CacheError.notAnInteger(":1:text")) { try await cache.incr("text") }
            try await cache.set("big", Int.max)
            await #expect(throws: CacheError.notAnInteger(":1:big")) { try await cache.incr("big") }
            await #expect(throws: CacheError.self) { try await cache.decr("n", by: Int.min) }
        }
    }

    /// LocMemCache drops the least recently used third when full; DatabaseCache the expired
    /// rows, then the first keys in key order.
    @Test func locMemCullsTheLeastRecentlyUsed() async throws {
        let cache = Cache(.locMem(maxEntries: 3, cullFrequency: 3))
        for key in ["a", "b", "c"] { try await cache.set(key, key) }
        _ = try await cache.get("a", as: String.self)  // b is now the least recently used
        try await cache.set("d", "d")
        #expect(try await cache.getMany(["a", "b", "c", "d"], as: String.self).keys.sorted() == ["a", "c", "d"])
        let everything = Cache(.locMem(maxEntries: 2, cullFrequency: 0))
        for key in ["a", "b", "c"] { try await everything.set(key, key) }
        #expect(try await everything.getMany(["a", "b", "c"], as: String.self).keys.sorted() == ["c"])
    }

    @Test(arguments: backends.filter { $0 == "sqlite" || $0 == "postgresql" }) func databaseCullsInKeyOrder(
        backend: String
    ) async throws {
        try await Self.withCache(backend, maxEntries: 2, cullFrequency: 2) { cache in
            for key in ["c", "a", "b"] { try await cache.set(key, key) }
            try await cache.set("d", "d")  // 3 rows > 2: the first 3 / 2 = 1 key in order goes
            #expect(try await cache.getMany(["a", "b", "c", "d"], as: String.self).keys.sorted() == ["b", "c", "d"])
        }
    }

    @Test func keysAreMadeAsDjangosAndHostileKeysAreSafe() async throws {
        let cache = Cache(keyPrefix: "site1", version: 2)
        #expect(cache.makeKey("greeting") == "site1:2:greeting")
        let long = String(repeating: "ü", count: 10_000)
        try await cache.set(long, 1)
        #expect(try await cache.get(long, as: Int.self) == 1)
        try await PostgresDatabase.withTestDatabase(
            postgreSQL: false, otherwise: { try await SQLiteDatabase.open(.memory) }
        ) {
            database in
            try await ORM.using(database, models: []) {
                _ = try await Cache.createTable("t", in: database)
                let stored = Cache(.database(table: "t"))
                await #expect(throws: CacheError.self) { try await stored.set(long, 1) }
                try await stored.set("'; DROP TABLE t; --", "x")
                #expect(try await stored.get("'; DROP TABLE t; --", as: String.self) == "x")
            }
        }
        await #expect(throws: CacheError.noDatabase) { try await Cache(.database(table: "t")).set("k", 1) }
    }

    @Test func dummyStoresNothing() async throws {
        let cache = Cache(.dummy)
        try await cache.set("k", 1)
        #expect(try await cache.get("k", as: Int.self) == nil)
        #expect(try await cache.add("k", 1))
        await #expect(throws: CacheError.self) { try await cache.incr("k") }
    }
}
