import Foundation
import Pony
import PonyAuth
import PonyORM
import PonyPostgres
import PonySQLite
import PonySupport
import PonyTesting
import Testing

/// Sessions: Django's table and encoding (fixtures from real Django 5.2), and the middleware
/// end to end through the test client.
@Suite struct SessionTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Django's `sqlmigrate` of `app`'s migrations on `backend` (generate_django_contrib.py).
    static func djangoSQL(_ app: String, backend: String, file: String = "django_contrib") throws -> [(
        name: String, sql: [String]
    )] {
        let root = try JSONValue(parsing: try fixture("\(file)_sqlmigrate_\(backend).json"))
        guard case .array(let migrations)? = root[app] else { return [] }
        return migrations.map { entry in
            let sql: [String]
            if case .array(let lines)? = entry["sql"] { sql = lines.compactMap(\.stringValue) } else { sql = [] }
            return (entry["name"]?.stringValue ?? "", sql)
        }
    }

    /// A database Django 5.2 made (`migrate`, a superuser, a session) opens in Pony: nothing
    /// pending for sessions, and Django's session row reads back.
    @Test func aDjangoDatabasesSessionsLoad() async throws {
        try await Self.withDjangoDatabase { database in
            let executor = MigrationExecutor(
                database: database, apps: [("sessions", AppConfig.sessions.migrations)], app: "sessions")
            #expect(try await executor.pending().isEmpty)
            let record = try #require(try await SessionRecord.objects.first())
            let store = DatabaseSessionStore(secretKey: "django-insecure-fixture-key")
            let data = try #require(try await store.load(record.sessionKey))
            #expect(data["_auth_user_id"] == "1")
            #expect(data["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend")
            // Another key: no session, not an error.
            #expect(try await DatabaseSessionStore(secretKey: "another").load(record.sessionKey) == nil)
            #expect(try await store.load("short") == nil)
            #expect(try await store.load(String(repeating: "x", count: 10_000)) == nil)
        }
    }

    static func withDjangoDatabase<R: Sendable>(_ body: @Sendable (SQLiteDatabase) async throws -> R) async throws -> R
    {
        let database = try await SQLiteDatabase.open(.memory)
        let statements = try fixture("django_contrib_database.sql").split(separator: "\n")
            .filter { $0 != "BEGIN TRANSACTION;" && $0 != "COMMIT;" }
        try await database.execute("PRAGMA foreign_keys=OFF", [])
        for statement in statements { try await database.execute(String(statement), []) }
        try await database.execute("PRAGMA foreign_keys=ON", [])
        defer { Task { try? await database.close() } }
        let models = AppConfig.contentTypes.models + AppConfig.auth.models + AppConfig.sessions.models
        return try await ORM.using(database, models: models) { try await body(database) }
    }

    // MARK: - Through the middleware

    /// An app with sessions on a new, migrated database: in memory, or a new PostgreSQL schema
    /// (``UserModelTests/backends``).
    static func withApp(
        on backend: String, _ settings: SessionSettings = SessionSettings(),
        _ body: @Sendable (Pony) async throws -> Void
    ) async throws {
        let app = Pony(file: "/tmp/sessions/app.swift")
        app.install(.sessions(settings))
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
        app.get("/login") { request in
            request.session.cycleKey()
            return "cycled"
        }
        app.get("/fail") { request in
            request.session["visits"] = 100
            return Response.text("failed", status: .internalServerError)
        }
        app.get("/browser") { request in
            request.session.setExpiry(0)
            return "until the browser closes"
        }
        try await PostgresDatabase.withTestDatabase(
            postgreSQL: backend == "postgresql", otherwise: { try await SQLiteDatabase.open(.memory) }
        ) { database in
            try await ORM.using(database, models: AppConfig.sessions.models) {
                try await MigrationExecutor(
                    database: database, apps: [("sessions", AppConfig.sessions.migrations)], app: "sessions"
                )
                .migrate()
                try await body(app)
            }
        }
    }

    @Test(arguments: UserModelTests.backends) func aSessionSurvivesBetweenRequests(backend: String) async throws {
        try await Self.withApp(on: backend) { app in
            let client = try TestClient(app)
            let anonymous = await client.get("/peek")
            #expect(anonymous.text == "visits: 0")
            #expect(anonymous.headers["Set-Cookie"] == nil)
            #expect(anonymous.headers["Vary"] == "Cookie")

            let first = await client.get("/visit")
            #expect(first.text == "visit 1")
            let cookie = try #require(first.headers["Set-Cookie"])
            #expect(cookie.hasPrefix("sessionid="))
            #expect(
                cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age=1209600"))
            #expect(!cookie.contains("Secure"))
            let key = try #require(client.cookies["sessionid"])
            #expect(key.count == 32)
            #expect(await client.get("/visit").text == "visit 2")
            #expect(await client.get("/peek").text == "visits: 2")
            #expect(client.cookies["sessionid"] == key)
            // The row is Django's: signed with the secret key, readable by Django's SessionStore.
            let record = try await SessionRecord.objects.get(pk: key)
            #expect(
                try Signing.loads(
                    record.sessionData, key: Settings.developmentSecretKey, salt: DatabaseSessionStore.salt)
                    == ["visits": 2])
        }
    }

    /// A cookie that names no session, was tampered with or is garbage is an empty session,
    /// never an error page.
    @Test(arguments: UserModelTests.backends) func badCookiesAreAnonymous(backend: String) async throws {
        try await Self.withApp(on: backend) { app in
            let client = try TestClient(app)
            for bad in ["nosuchsessionkey0000000000000000", "x", String(repeating: "a", count: 5000), "%00%ff\u{1}"] {
                client.cookies["sessionid"] = bad
                let response = await client.get("/peek")
                #expect(response.status == .ok)
                #expect(response.text == "visits: 0")
            }
        }
    }

    @Test(arguments: UserModelTests.backends) func flushDeletesTheSessionAndTheCookie(backend: String) async throws {
        try await Self.withApp(on: backend) { app in
            let client = try TestClient(app)
            _ = await client.get("/visit")
            let key = try #require(client.cookies["sessionid"])
            let bye = await client.get("/logout")
            #expect(
                bye.headers["Set-Cookie"]?.hasPrefix("sessionid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0")
                    == true,
                "\(bye.headers["Set-Cookie"] ?? "")")
            #expect(client.cookies["sessionid"] == nil)
            #expect(try await SessionRecord.objects.filter(\.sessionKey, .exact(key)).exists() == false)
            #expect(await client.get("/peek").text == "visits: 0")
        }
    }

    /// A session deleted while a request ran (a logout in another tab) is not saved back with
    /// its data: Django's `SessionInterrupted`, a 400.
    @Test(arguments: UserModelTests.backends) func aSessionDeletedMeanwhileIsNotResurrected(backend: String)
        async throws
    {
        try await Self.withApp(on: backend) { app in
            let client = try TestClient(app)
            _ = await client.get("/visit")
            let key = try #require(client.cookies["sessionid"])
            let store = DatabaseSessionStore(secretKey: Settings.developmentSecretKey)
            try await store.delete(key)
            await #expect(throws: HTTPError.self) { try await store.save(["visits": 5], key: key, age: 60) }
            #expect(try await SessionRecord.objects.filter(\.sessionKey, .exact(key)).exists() == false)
        }
    }

    /// Django's `cycle_key`: the data moves to a new key; the old key is worthless.
    @Test(arguments: UserModelTests.backends) func cycleKeyKeepsTheDataUnderANewKey(backend: String) async throws {
        try await Self.withApp(on: backend) { app in
            let client = try TestClient(app)
            _ = await client.get("/visit")
            let old = try #require(client.cookies["sessionid"])
            _ = await client.get("/login")
            let new = try #require(client.cookies["sessionid"])
            #expect(new != old)
            #expect(await client.get("/peek").text == "visits: 1")
            client.cookies["sessionid"] = old
            #expect(await client.get("/peek").text == "visits: 0")
        }
    }

    @Test(arguments: UserModelTests.backends) func serverErrorsSaveNothingAndBrowserSessionsHaveNoMaxAge(
        backend: String
    ) async throws {
        try await Self.withApp(on: backend) { app in
            let client = try TestClient(app)
            _ = await client.get("/visit")
            _ = await client.get("/fail")
            #expect(await client.get("/peek").text == "visits: 1")
            let browser = await client.get("/browser")
            let cookie = try #require(browser.headers["Set-Cookie"])
            #expect(!cookie.contains("Max-Age") && !cookie.contains("expires"))
        }
    }

    /// `signed_cookies`: the data in the cookie, signed as Django signs it; no table row.
    @Test(arguments: UserModelTests.backends) func signedCookieSessions(backend: String) async throws {
        try await Self.withApp(on: backend, SessionSettings(engine: .signedCookies)) { app in
            let client = try TestClient(app)
            _ = await client.get("/visit")
            #expect(await client.get("/visit").text == "visit 2")
            let cookie = try #require(client.cookies["sessionid"])
            #expect(
                try Signing.loads(cookie, key: Settings.developmentSecretKey, salt: SignedCookieSessionStore.salt)
                    == ["visits": 2])
            #expect(try await SessionRecord.objects.count() == 0)
            client.cookies["sessionid"] = cookie.replacingOccurrences(of: "2", with: "3")
            #expect(await client.get("/peek").text == "visits: 0")
        }
    }

    /// Behind a proxy named in `secureProxySSLHeader`, HTTPS requests get a `Secure` cookie.
    @Test(arguments: UserModelTests.backends) func secureCookiesBehindATrustedProxy(backend: String) async throws {
        try await Self.withApp(on: backend) { app in
            app.settings.secureProxySSLHeader = Settings.ProxyHeader(name: "X-Forwarded-Proto", value: "https")
            let client = try TestClient(app)
            let plain = await client.get("/visit")
            #expect(plain.headers["Set-Cookie"]?.contains("Secure") == false)
            let secure = await client.get("/visit", headers: ["X-Forwarded-Proto": "https"])
            #expect(secure.headers["Set-Cookie"]?.contains("; Secure") == true)
        }
    }
}

/// A database that only has a dialect, for the SQL of migrations.
struct DialectOnly: Database {
    var dialect: SQLDialect
    var isInTransaction: Bool { false }
    func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] { throw DatabaseError("unused") }
    func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        throw DatabaseError("unused")
    }
    func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        throw DatabaseError("unused")
    }
    func close() async throws {}
}
