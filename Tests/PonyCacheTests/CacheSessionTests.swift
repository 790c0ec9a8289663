import Foundation
import Pony
import PonyAuth
import PonyORM
import PonySQLite
import PonySupport
import PonyTesting
import Testing

@testable import PonyCache

/// Django's `cache` and `cached_db` session engines, on a local-memory cache and on Redis.
@Suite struct CacheSessionTests {
    static let caches = ["locmem"] + (RedisTestServer.url == nil ? [] : ["redis"])

    static func cache(_ kind: String) async throws -> Cache {
        kind == "redis" ? try await RedisTestServer.freshCache() : Cache(.locMem())
    }

    /// An app with sessions kept by `engine`, on a migrated in-memory database.
    static func withApp(_ engine: SessionEngine, _ body: @Sendable (TestClient) async throws -> Void) async throws {
        let app = Pony(file: "/tmp/sessions/app.swift")
        app.install(.sessions(SessionSettings(engine: engine)))
        app.get("/visit") { request in
            let visits = (request.session["visits"]?.intValue ?? 0) + 1
            request.session["visits"] = .int(visits)
            return "visit \(visits)"
        }
        app.get("/peek") { request in "visits: \(request.session["visits"]?.intValue ?? 0)" }
        app.get("/logout") { request in
            request.session.flush()
            return "bye"
        }
        let database = try await SQLiteDatabase.open(.memory)
        try await ORM.using(database, models: AppConfig.sessions.models) {
            try await MigrationExecutor(
                database: database, apps: [("sessions", AppConfig.sessions.migrations)], app: "sessions"
            ).migrate()
            try await body(try TestClient(app))
        }
    }

    static func stored(_ cache: Cache, _ key: String) async throws -> JSONValue? {
        try await cache.json(key).map { try JSONValue(parsing: $0) }
    }

    @Test(arguments: caches) func cacheSessionsLiveInTheCacheOnly(kind: String) async throws {
        let cache = try await Self.cache(kind)
        try await Self.withApp(.cache(cache)) { client in
            _ = await client.get("/visit")
            #expect(await client.get("/visit").text == "visit 2")
            let key = try #require(client.cookies["sessionid"])
            #expect(try await Self.stored(cache, CacheSessionStore.keyPrefix + key) == ["visits": 2])
            #expect(cache.makeKey(CacheSessionStore.keyPrefix + key) == ":1:django.contrib.sessions.cache" + key)
            #expect(try await SessionRecord.objects.count() == 0)
            // A key the cache does not have is no session: a new key is given, not the forged one.
            client.cookies["sessionid"] = "forgedkey0123456789"
            #expect(await client.get("/visit").text == "visit 1")
            #expect(client.cookies["sessionid"] != "forgedkey0123456789")
            // A session deleted while a request used it is not written back (Django's
            // SessionInterrupted, a 400).
            await #expect(throws: HTTPError.self) {
                try await CacheSessionStore(cache: cache).save(["visits": 9], key: "deletedkey0123456789", age: 60)
            }
            #expect(try await cache.json(CacheSessionStore.keyPrefix + "deletedkey0123456789") == nil)
            client.cookies["sessionid"] = key
            _ = await client.get("/logout")
            #expect(try await cache.json(CacheSessionStore.keyPrefix + key) == nil)
        }
    }

    @Test(arguments: caches) func cachedDatabaseSessionsReadTheCacheFirst(kind: String) async throws {
        let cache = try await Self.cache(kind)
        try await Self.withApp(.cachedDatabase(cache)) { client in
            _ = await client.get("/visit")
            _ = await client.get("/visit")
            let key = try #require(client.cookies["sessionid"])
            let cacheKey = CachedDatabaseSessionStore.keyPrefix + key
            #expect(try await Self.stored(cache, cacheKey) == ["visits": 2])
            #expect(try await SessionRecord.objects.count() == 1)
            // The cache answers while it has the session, even when the row changed under it…
            try await SessionRecord.objects.filter(\.sessionKey, .exact(key)).update([
                "expireDate": F.value(Date(timeIntervalSinceNow: 60).databaseValue)
            ])
            try await cache.setJSON(cacheKey, Array(#"{"visits":7}"#.utf8), timeout: 60)
            #expect(await client.get("/peek").text == "visits: 7")
            // …and when it lost it, the row does, and the cache gets it again.
            try await cache.delete(cacheKey)
            #expect(await client.get("/peek").text == "visits: 2")
            #expect(try await Self.stored(cache, cacheKey) == ["visits": 2])
            _ = await client.get("/logout")
            #expect(try await cache.json(cacheKey) == nil)
            #expect(try await SessionRecord.objects.count() == 0)
        }
    }

    /// With its cache down, `cached_db` still keeps sessions: in the database.
    @Test func cachedDatabaseSessionsOutliveAFailingCache() async throws {
        let down = Cache(.redis("redis://127.0.0.1:1/0?socket_connect_timeout=1"))
        try await Self.withApp(.cachedDatabase(down)) { client in
            _ = await client.get("/visit")
            #expect(await client.get("/visit").text == "visit 2")
            let rows = try await SessionRecord.objects.count()
            #expect(rows == 1)
        }
    }

    @Test func localMemorySessionsWarnAtDeployment() {
        func ids(_ engine: SessionEngine) -> [String] {
            App.sessions(SessionSettings(engine: engine, cookieSecure: true)).deploymentChecks().map(\.id)
        }
        #expect(ids(.cache(Cache(.locMem()))) == ["sessions.W001"])
        #expect(ids(.cache(Cache(.redis("redis://cache:6379")))).isEmpty)
        #expect(ids(.cachedDatabase(Cache(.locMem()))).isEmpty)
    }
}
