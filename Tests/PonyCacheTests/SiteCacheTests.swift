import Foundation
import Pony
import PonyAuth
import PonyORM
import PonySQLite
import PonyTesting
import PonyWeb
import Testing

@testable import PonyCache

/// Django's per-site cache (`app.cacheSite`): outside every other middleware, for each page's
/// own `max-age` or the site's timeout.
@Suite struct SiteCacheTests {
    @Test func pagesFollowTheirMaxAge() async throws {
        let app = Pony()
        app.cacheSite(600)
        let calls = PageCacheTests.Counter()
        app.get("/plain") { _ in
            calls.add()
            return "call \(calls.value)"
        }
        app.cacheControl(.maxAge(30)).get("/short") { _ in
            calls.add()
            return "call \(calls.value)"
        }
        app.cacheControl(.maxAge(0)).get("/fresh") { _ in
            calls.add()
            return "call \(calls.value)"
        }
        let client = try TestClient(app)
        let plain = await client.get("/plain")
        #expect(plain.headers["Cache-Control"] == "max-age=600")
        #expect(await client.get("/plain").text == plain.text)
        let short = await client.get("/short")
        #expect(short.headers["Cache-Control"] == "max-age=30")
        #expect(await client.get("/short").text == short.text)
        #expect(await client.get("/fresh").text != (await client.get("/fresh").text))
        #expect(calls.value == 4)
    }

    /// Outside the session middleware, the cache sees the `Vary: Cookie` it adds: each
    /// visitor's page is their own.
    @Test func pagesThatReadTheSessionVaryOnTheCookie() async throws {
        let database = try await SQLiteDatabase.open(.memory)
        try await ORM.using(database, models: AppConfig.sessions.models) {
            let app = Pony()
            app.install(.sessions())
            app.cacheSite(600)
            app.get("/name") { request in
                if let name = request.query["name"] { request.session["name"] = .string(name) }
                return "hello \(request.session["name"]?.stringValue ?? "you")"
            }
            try await MigrationExecutor(
                database: database, apps: [("sessions", AppConfig.sessions.migrations)], app: "sessions"
            ).migrate()
            let ann = try TestClient(app)
            let bob = try TestClient(app)
            #expect(await ann.get("/name?name=ann").text == "hello ann")
            #expect(await bob.get("/name?name=bob").text == "hello bob")
            #expect(await ann.get("/name").text == "hello ann")
            #expect(await bob.get("/name").text == "hello bob")
        }
        try await database.close()
    }

    @Test func anUnknownCacheStopsTheStart() {
        let app = Pony()
        app.cacheSite(cache: "nope")
        let error = #expect(throws: ConfigurationError.self) { try app.makeSite(mode: .development, environment: [:]) }
        #expect(error?.id == "caches.E001")
    }
}
