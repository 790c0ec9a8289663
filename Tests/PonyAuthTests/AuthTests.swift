import Foundation
import Pony
import PonySQLite
import PonySupport
import PonyTesting
import Testing

@testable import PonyAuth

/// Users: a database Django made logs in with Django's password, and login, logout and
/// `request.user` work end to end with Django's session keys (after Django's `auth_tests`).
@Suite struct AuthTests {
    static let fixture: JSONValue = (try? JSONValue(parsing: SessionTests.fixture("django_contrib_auth.json"))) ?? .null

    /// Django 5.2's `createsuperuser` made `admin` with `pony-pass-1`: it logs in to Pony with
    /// the same password, and Django's logged-in session is Pony's logged-in user.
    @Test func djangosSuperuserLogsIn() async throws {
        try await SessionTests.withDjangoDatabase { _ async throws in
            let admin = try #require(try await Auth.authenticate(username: "admin", password: "pony-pass-1"))
            #expect(admin.isSuperuser && admin.isStaff && admin.isActive && admin.email == "admin@example.com")
            #expect(try await admin.hasPerm("auth.delete_user"))
            #expect(try await Auth.authenticate(username: "admin", password: "wrong") == nil)
            #expect(try await Auth.authenticate(username: "nobody", password: "pony-pass-1") == nil)

            // Django's get_session_auth_hash, byte for byte.
            let secret = try #require(Self.fixture["secret"]?.stringValue)
            #expect(admin.sessionAuthHash(secret: secret) == Self.fixture["session_auth_hash"]?.stringValue)
            let key = try #require(Self.fixture["session_key"]?.stringValue)
            let data = try #require(try await DatabaseSessionStore(secretKey: secret).load(key))
            let user = try await Auth.user(of: Session(key: key, data: data), secretKey: secret, fallbackKeys: [])
            #expect(user.username == "admin")
            // Another secret: the hash does not verify, the session is flushed, nobody is logged in.
            let other = Session(key: key, data: data)
            #expect(try await Auth.user(of: other, secretKey: "another-secret", fallbackKeys: []).isAnonymous)
            #expect(other.isEmpty)
            // Unless the old secret is a fallback (SECRET_KEY_FALLBACKS).
            let rotated = Session(key: key, data: data)
            #expect(
                try await Auth.user(of: rotated, secretKey: "new-secret", fallbackKeys: [secret]).username == "admin")
        }
    }

    static let fast = PasswordHashers(preferred: PBKDF2PasswordHasher.sha256.with(iterations: 1000))

    /// An app with sessions and auth on a new, migrated database (``UserModelTests/backends``;
    /// SQLite in memory unless `storage` says otherwise), with a user `ann`.
    static func withApp(
        on backend: String, storage: SQLiteDatabase.Storage = .memory,
        _ body: @Sendable (Pony, any Database) async throws -> Void
    ) async throws {
        let app = Pony(file: "/tmp/auth/app.swift")
        app.install(.sessions(), .contentTypes(), .auth())
        app.post("/login") { request in
            guard
                let user = try await Auth.authenticate(
                    username: try request.form["username"] ?? "", password: try request.form["password"] ?? "",
                    hashers: fast)
            else { return Response.text("Please enter a correct username and password.", status: .ok) }
            try await Auth.login(request, user)
            return Response.redirect(to: "/me")
        }
        app.get("/me") { request in
            request.user.isAuthenticated ? "hello \(request.user.username)" : "anonymous"
        }
        app.post("/logout") { request in
            Auth.logout(request)
            return "bye"
        }
        try await UserModelTests.withAuthDatabase(on: backend, storage: storage) { database in
            try await addAnn()
            try await body(app, database)
        }
    }

    /// Saves the user `ann`, password `s3cret!`.
    static func addAnn() async throws {
        var ann = User(password: "", username: "ann")
        await ann.setPassword("s3cret!", hashers: fast)
        try await ann.save()
    }

    /// A visit's session and user are read once and kept while the database reports no commit;
    /// a change in another process (a deactivated user, a logout) is seen by the next request.
    /// On PostgreSQL, which reports no commits, nothing is kept: another instance's change is
    /// seen at once.
    @Test(arguments: UserModelTests.backends)
    func keptSessionsAndUsersFollowOtherProcesses(backend: String) async throws {
        try await Self.withApp(on: backend, storage: .temporary) { app, database in
            let client = try TestClient(app)
            _ = await client.post("/login", form: ["username": "ann", "password": "s3cret!"])
            #expect(await client.get("/me").text == "hello ann")
            // The other process: a connection of its own to the SQLite file, or on PostgreSQL
            // the pool's statements, which another instance's would be like.
            let sqlite = database as? SQLiteDatabase
            var other: any Database = database
            if let sqlite { other = try await SQLiteDatabase.open(.file(sqlite.path)) }
            let version = database.changeVersion()
            #expect((version != nil) == (sqlite != nil))
            #expect(await client.get("/me").text == "hello ann")
            #expect(database.changeVersion() == version)
            try await other.execute(
                "UPDATE auth_user SET is_active = \(sqlite == nil ? "false" : "0") WHERE username = 'ann'", [])
            #expect(await client.get("/me").text == "anonymous")
            try await other.execute(
                "UPDATE auth_user SET is_active = \(sqlite == nil ? "true" : "1") WHERE username = 'ann'", [])
            #expect(await client.get("/me").text == "hello ann")
            try await other.execute("DELETE FROM django_session", [])
            #expect(await client.get("/me").text == "anonymous")
            if sqlite != nil { try await other.close() }
        }
    }

    @Test(arguments: UserModelTests.backends) func loginLogoutAndRequestUser(backend: String) async throws {
        try await Self.withApp(on: backend) { app, _ in
            let client = try TestClient(app)
            #expect(await client.get("/me").text == "anonymous")
            _ = await client.get("/me")
            let wrong = await client.post("/login", form: ["username": "ann", "password": "nope"])
            #expect(wrong.text.contains("correct username and password"))
            #expect(client.cookies["sessionid"] == nil)

            let login = await client.post(
                "/login", form: ["username": "ann", "password": "s3cret!"], followRedirects: true)
            #expect(login.text == "hello ann")
            let key = try #require(client.cookies["sessionid"])
            let record = try await SessionRecord.objects.get(pk: key)
            let data = try Signing.loads(
                record.sessionData, key: Settings.developmentSecretKey, salt: DatabaseSessionStore.salt)
            #expect(data["_auth_user_id"] == "1")
            #expect(data["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend")
            #expect(data["_auth_user_hash"]?.stringValue?.count == 64)
            #expect(try await User.objects.get(pk: Int32(1)).lastLogin != nil)

            #expect(await client.post("/logout", form: [:]).text == "bye")
            #expect(client.cookies["sessionid"] == nil)
            #expect(await client.get("/me").text == "anonymous")
        }
    }

    /// Django's `test_login_session_without_hash_session_key`/password change: a new password
    /// ends the sessions made with the old one.
    @Test(arguments: UserModelTests.backends) func changingThePasswordEndsOtherSessions(backend: String) async throws {
        try await Self.withApp(on: backend) { app, _ in
            let client = try TestClient(app)
            _ = await client.post("/login", form: ["username": "ann", "password": "s3cret!"])
            #expect(await client.get("/me").text == "hello ann")
            var ann = try await User.objects.get(\.username == "ann")
            await ann.setPassword("n3w-secret", hashers: Self.fast)
            try await ann.save()
            #expect(await client.get("/me").text == "anonymous")
        }
    }

    /// A session that names a user with a forged hash, a missing user or an inactive user is
    /// anonymous, never an error.
    @Test(arguments: UserModelTests.backends) func forgedSessionsAreAnonymous(backend: String) async throws {
        try await Self.withApp(on: backend) { app, _ in
            let forged: [JSONObject] = [
                [
                    "_auth_user_id": "1", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                    "_auth_user_hash": "x",
                ],
                ["_auth_user_id": "1", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend"],
                [
                    "_auth_user_id": "99", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                    "_auth_user_hash": "x",
                ],
                ["_auth_user_id": "not a number", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend"],
                ["_auth_user_id": 1, "_auth_user_backend": "other.Backend"],
            ]
            let store = DatabaseSessionStore(secretKey: Settings.developmentSecretKey)
            for data in forged {
                let key = try await store.save(data, key: nil, age: 60)
                let client = try TestClient(app)
                client.cookies["sessionid"] = key
                let response = await client.get("/me")
                #expect(response.status == .ok)
                #expect(response.text == "anonymous", "\(data)")
            }
        }
    }

    @Test(arguments: UserModelTests.backends) func inactiveUsersCannotLogIn(backend: String) async throws {
        try await Self.withApp(on: backend) { _, _ in
            var ann = try await User.objects.get(\.username == "ann")
            ann.isActive = false
            try await ann.save()
            #expect(try await Auth.authenticate(username: "ann", password: "s3cret!", hashers: Self.fast) == nil)
        }
    }

    /// An outdated hash (fewer iterations) is replaced on login, as Django's `setter` does.
    @Test(arguments: UserModelTests.backends) func loginUpgradesOldHashes(backend: String) async throws {
        try await Self.withApp(on: backend) { _, _ in
            var ann = try await User.objects.get(\.username == "ann")
            ann.password = PBKDF2PasswordHasher.sha256.with(iterations: 500).encode(
                "old-pass", salt: "saltsaltsaltsaltsaltsa")
            try await ann.save()
            #expect(try await Auth.authenticate(username: "ann", password: "old-pass", hashers: Self.fast) != nil)
            #expect(try await User.objects.get(\.username == "ann").password.hasPrefix("pbkdf2_sha256$1000$"))
        }
    }

    /// A route that needs a user, in an app without the auth app, would be open to everyone:
    /// Pony refuses to start, naming the route's line.
    @Test func loginRequiredWithoutTheAuthAppIsAStartUpError() throws {
        let app = Pony(file: "/tmp/auth/app.swift")
        app.loginRequired.get("/secret/") { _ in "secret" }
        let error = #expect(throws: ConfigurationError.self) { try app.makeSite(mode: .development, environment: [:]) }
        #expect(error?.id == "auth.E001")
        #expect(error?.line == #line - 3)
        let sessionless = Pony(file: "/tmp/auth/app.swift")
        sessionless.csrf?.useSessions = true
        #expect(throws: ConfigurationError.self) { try sessionless.makeSite(mode: .development, environment: [:]) }
    }

    @Test func appsMustBeInstalledInOrder() throws {
        let app = Pony(file: "/tmp/auth/app.swift")
        app.install(.auth(), .sessions())
        let error = #expect(throws: ConfigurationError.self) { try app.makeSite(mode: .development, environment: [:]) }
        #expect(error?.description.contains("apps.E001") == true)
        #expect(error?.description.contains("needs the app 'contenttypes'") == true)
        #expect(error?.description.contains("add app.install(.contentTypes()) before app.install(.auth())") == true)
    }

    /// The auth app's URLs are Django's names, reversible from the app.
    @Test func authURLsReverse() throws {
        let app = Pony(file: "/tmp/auth/app.swift")
        app.install(.sessions(), .contentTypes(), .auth())
        #expect(try app.reverse("login") == "/accounts/login/")
        #expect(try app.reverse("password_change_done") == "/accounts/password_change/done/")
    }
}
