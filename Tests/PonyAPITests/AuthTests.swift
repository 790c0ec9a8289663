import Foundation
import Pony
import PonyAPI
import PonyAuth
import PonySQLite
import PonySupport
import PonyTesting
import Testing

/// Authentication per API, router and endpoint: 401 with the challenge, the principal in
/// `request.auth`, CSRF checks only for cookie-borne credentials, DRF-style tokens.
@Suite struct AuthTests {
    static let fast = PasswordHashers(preferred: PBKDF2PasswordHasher.sha256.with(iterations: 1000))

    static func makeApp() -> Pony {
        let app = Pony(file: "/tmp/api-auth/app.swift")
        app.install(.sessions(), .contentTypes(), .auth(AuthSettings(hashers: fast)), .authToken())
        app.api = API(auth: [BearerAuth { token in token == "s3cret" ? "bearer user" : nil }])
        app.api.get("/whoami") { request in ["who": request.auth as? String ?? "?"] }
        app.api.get("/public", auth: []) { _ in ["open": true] }
        let keys = app.api.router(
            "/keys", tags: ["keys"],
            auth: [
                APIKeyAuth(.header("X-API-Key")) { $0 == "k1" ? "header key" : nil },
                APIKeyAuth(.query("api_key")) { $0 == "k2" ? "query key" : nil },
                APIKeyAuth(.cookie("key")) { $0 == "k3" ? "cookie key" : nil },
            ])
        keys.get("/who") { request in ["who": request.auth as? String ?? "?"] }
        keys.post("/who") { request in ["who": request.auth as? String ?? "?"] }
        let nested = keys.router("/deeper")
        nested.get("/who") { request in ["who": request.auth as? String ?? "?"] }
        let users = app.api.router("/me", tags: ["me"], auth: [TokenAuth(), SessionAuth()])
        users.get("") { request in ["username": try request.auth(as: User.self).username] }
        users.post("/touch") { request in ["username": try request.auth(as: User.self).username] }
        app.post("/login") { request in
            guard let user = try await Auth.authenticate(username: "ann", password: "pw", hashers: fast) else {
                return Response.text("no")
            }
            try await Auth.login(request, user)
            return Response.text("ok")
        }
        return app
    }

    /// Runs `body` with the app on a migrated in-memory database with a user `ann` (password `pw`).
    static func withApp(_ body: @Sendable (Pony) async throws -> Void) async throws {
        let app = makeApp()
        let database = try await SQLiteDatabase.open(.memory)
        let apps: [AppConfig] = [.sessions, .contentTypes, .auth, .authToken]
        try await ORM.using(database, models: apps.flatMap(\.models)) {
            try await MigrationExecutor(database: database, apps: apps.map { ($0.label, $0.migrations) }, app: "app")
                .migrate()
            var ann = User(password: "", username: "ann")
            await ann.setPassword("pw", hashers: fast)
            try await ann.save()
            try await body(app)
        }
        try await database.close()
    }

    @Test func bearerTokensAndChallenges() async throws {
        let client = try TestClient(Self.makeApp())
        let anonymous = await client.get("/api/whoami")
        #expect(anonymous.status.code == 401)
        #expect(anonymous.text == #"{"detail":"Unauthorized"}"#)
        #expect(anonymous.headers["WWW-Authenticate"] == "Bearer")
        #expect(await client.get("/api/whoami", headers: ["Authorization": "Bearer nope"]).status.code == 401)
        #expect(await client.get("/api/whoami", headers: ["Authorization": "Basic s3cret"]).status.code == 401)
        let admitted = await client.get("/api/whoami", headers: ["Authorization": "bearer  s3cret"])
        #expect(admitted.text == #"{"who":"bearer user"}"#)
        #expect(await client.get("/api/public").text == #"{"open":true}"#)
    }

    @Test func apiKeysInHeadersQueriesAndCookies() async throws {
        let client = try TestClient(Self.makeApp())
        #expect(await client.get("/api/keys/who", headers: ["X-API-Key": "k1"]).text == #"{"who":"header key"}"#)
        #expect(await client.get("/api/keys/who?api_key=k2").text == #"{"who":"query key"}"#)
        #expect(await client.get("/api/keys/deeper/who?api_key=k2").text == #"{"who":"query key"}"#)
        let none = await client.get("/api/keys/who?api_key=wrong")
        #expect(none.status.code == 401)
        #expect(none.headers["WWW-Authenticate"] == nil)
        client.cookies["key"] = "k3"
        #expect(await client.get("/api/keys/who").text == #"{"who":"cookie key"}"#)
        // A cookie travels on its own: changing data needs the CSRF token, as in django-ninja.
        client.enforceCSRFChecks = true
        let forged = await client.request(.post, "/api/keys/who")
        #expect(forged.status == .forbidden)
        #expect(forged.text.hasPrefix(#"{"detail":"#))
        client.cookies["key"] = nil
        #expect(await client.request(.post, "/api/keys/who", headers: ["X-API-Key": "k1"]).status == .ok)
    }

    @Test func tokensFromTheDatabaseAndTheSession() async throws {
        try await Self.withApp { app in
            let client = try TestClient(app)
            #expect(await client.get("/api/me").status.code == 401)
            let token = try await Token.forUser("ann")
            #expect(token.key.count == 40 && token.key.allSatisfy(\.isHexDigit))
            #expect(try await Token.forUser("ann").key == token.key)
            let me = await client.get("/api/me", headers: ["Authorization": "Token \(token.key)"])
            #expect(me.text == #"{"username":"ann"}"#)
            #expect(await client.get("/api/me", headers: ["Authorization": "Bearer \(token.key)"]).status == .ok)
            let replaced = try await Token.forUser("ann", regenerate: true)
            #expect(replaced.key != token.key)
            #expect(await client.get("/api/me", headers: ["Authorization": "Bearer \(token.key)"]).status.code == 401)
            // The session: reads work; writes need the CSRF token.
            #expect(await client.post("/login", form: [:]).text == "ok")
            #expect(await client.get("/api/me").text == #"{"username":"ann"}"#)
            client.enforceCSRFChecks = true
            #expect(await client.request(.post, "/api/me/touch").status == .forbidden)
            let bearer = await client.request(
                .post, "/api/me/touch", headers: ["Authorization": "Bearer \(replaced.key)"])
            #expect(bearer.text == #"{"username":"ann"}"#)
        }
    }

    @Test func createTokenCommand() async throws {
        try await Self.withApp { app in
            let command = try #require(App.authToken().commands.first { $0.name == "createtoken" })
            let settings = try app.settings.resolved(for: .development)
            let context = CommandContext(arguments: ["ann"], settings: settings, isInteractive: false)
            #expect(try await command.run(context) == 0)
            let first = try await Token.objects.fetch()
            #expect(first.count == 1)
            _ = try await command.run(
                CommandContext(arguments: ["ann", "-r"], settings: settings, isInteractive: false))
            let second = try await Token.objects.fetch()
            #expect(second.count == 1 && second.first?.key != first.first?.key)
            await #expect(throws: CommandError.self) {
                try await command.run(CommandContext(arguments: ["bob"], settings: settings, isInteractive: false))
            }
        }
    }

    @Test func securitySchemesInTheDocument() async throws {
        let client = try TestClient(Self.makeApp())
        let document = try JSONValue(parsing: await client.get("/api/openapi.json").body)
        #expect(
            document["components"]?["securitySchemes"] == [
                "BearerAuth": ["scheme": "bearer", "type": "http"],
                "APIKeyHeader": ["in": "header", "name": "X-API-Key", "type": "apiKey"],
                "APIKeyQuery": ["in": "query", "name": "api_key", "type": "apiKey"],
                "APIKeyCookie": ["in": "cookie", "name": "key", "type": "apiKey"],
                "TokenAuth": ["scheme": "bearer", "type": "http"],
                "SessionAuth": ["in": "cookie", "name": "sessionid", "type": "apiKey"],
            ])
        let whoami = document["paths"]?["/api/whoami"]?["get"]
        #expect(whoami?["security"] == [["BearerAuth": []]])
        #expect(whoami?["responses"]?["401"] != nil)
        #expect(document["paths"]?["/api/public"]?["get"]?["security"] == nil)
        #expect(document["paths"]?["/api/keys/deeper/who"]?["get"]?["tags"] == ["keys"])
        #expect(document["paths"]?["/api/me"]?["get"]?["security"] == [["TokenAuth": []], ["SessionAuth": []]])
    }

    @Test func tokenAuthWithoutItsAppIsAStartupError() async throws {
        let app = Pony(file: "/tmp/api-auth/app.swift")
        app.install(.sessions(), .contentTypes(), .auth())
        app.api.get("/me", auth: [TokenAuth()]) { _ in ["ok": true] }
        #expect {
            _ = try app.makeSite(mode: .development, environment: [:])
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.id == "api.E001" && error?.message.contains("add app.install(.authToken())") == true
        }
    }
}
