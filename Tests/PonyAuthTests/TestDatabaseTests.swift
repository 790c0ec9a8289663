import Foundation
import PonyORM
import PonyPostgres
import PonySQLite
import PonyTesting
import Testing

@testable import Pony
@testable import PonyAuth

/// A memo of the app under test, with its own migrations.
@Model(appLabel: "memos")
struct Memo {
    @Field(maxLength: 100) var text: String
}

/// A model added after the app's last migration.
@Model(appLabel: "memos")
struct Pin {
    @Field(onDelete: .cascade) var memo: ForeignKey<Memo>
}

/// `app.withTestDatabase { … }` and the test client's `login`, `forceLogin` and `logout`, as
/// a user of Pony tests an app (Django's test database and `client.login`).
@Suite struct TestDatabaseTests {
    static let hashers = PasswordHashers(preferred: PBKDF2PasswordHasher.sha256.with(iterations: 1000))

    /// The app: the auth and sites apps, a page listing the memos, a page for users only.
    static func app(in directory: URL) -> Pony {
        let app = Pony(file: directory.appendingPathComponent("memos.swift").path)
        app.install(.sessions(), .contentTypes(), .auth(AuthSettings(hashers: hashers)), .sites())
        app.models(Memo.self)
        app.get("memos/") { _ in try await Memo.objects.orderBy("text").fetch().map(\.text).joined(separator: ",") }
        app.loginRequired.get("me/") { request in request.user.username }
        return app
    }

    static func environments() -> [[String: String]] {
        [["DATABASE_URL": "sqlite://:memory:"]]
            + (PostgresDatabase.testServerURL.map { [["DATABASE_URL": $0]] } ?? [])
    }

    @Test(arguments: environments())
    func eachTestGetsAMigratedDatabaseOfItsOwn(environment: [String: String]) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pony-testdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let app = Self.app(in: directory)
        // The app's migration holds Memo; Pin comes after it, with no migration file.
        #expect(await app.main(["makemigrations"]) == 0)
        app.models(Pin.self)
        let postgreSQL = environment["DATABASE_URL"]?.hasPrefix("postgres") == true
        try await app.withTestDatabase(environment: environment) {
            #expect((ORM.database is PostgresDatabase) == postgreSQL)
            let memo = try await Memo(text: "buy milk").save()
            _ = try await Pin(memo: ForeignKey(memo)).save()
            let client = try TestClient(app)
            #expect(await client.get("/memos/").text == "buy milk")
            let rows = try await #require(ORM.database).query("SELECT app, name FROM django_migrations", [])
            #expect(rows.contains { $0.values == [.text("memos"), .text("0002_test_models")] })
            // `migrate`'s later steps: the default site, the models' permissions.
            #expect(try await Sites.Site.objects.count() == 1)
            #expect(try await Permission.objects.filter("codename", "add_pin").count() == 1)
        }
        let files = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("migrations").path)
        #expect(files.filter { $0.hasSuffix(".json") } == ["0001_initial.json"], "no migration is written")
        // The next test starts empty, even after one that failed.
        await #expect(throws: CancellationError.self) {
            try await app.withTestDatabase(environment: environment) {
                _ = try await Memo(text: "left behind").save()
                throw CancellationError()
            }
        }
        try await app.withTestDatabase(environment: environment) {
            let count = try await Memo.objects.count()
            #expect(count == 0)
        }
    }

    @Test func theClientLogsUsersInAndOut() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pony-testdb-\(UUID().uuidString)")
        let app = Self.app(in: directory)
        try await app.withTestDatabase(environment: [:]) {
            var ann = User(password: "", username: "ann")
            await ann.setPassword("pw-ann", hashers: Self.hashers)
            ann = try await ann.save()
            var bob = User(password: "", username: "bob", isActive: false)
            await bob.setPassword("pw-bob", hashers: Self.hashers)
            bob = try await bob.save()
            let client = try TestClient(app)
            #expect(await client.get("/me/").status == .found, "anonymous: to the login page")
            #expect(try await client.login(username: "ann", password: "wrong") == false)
            #expect(try await client.login(username: "bob", password: "pw-bob") == false, "inactive")
            #expect(client.cookies["sessionid"] == nil)
            #expect(try await client.login(username: "ann", password: "pw-ann"))
            #expect(await client.get("/me/").text == "ann")
            #expect(try await User.objects.get(pk: ann.id!).lastLogin != nil)
            try await client.logout()
            #expect(await client.get("/me/").status == .found)
            try await client.forceLogin(ann)
            #expect(await client.get("/me/").text == "ann")
        }
        // Without the auth app, the client says what to install.
        let bare = Pony()
        bare.get("/") { _ in "home" }
        let error = await #expect(throws: TestClientError.self) { try await TestClient(bare).logout() }
        #expect(error?.description.contains("install the auth app") == true)
    }
}

/// Mail sent during `withTestDatabase` stays in `Mail.outbox`, as Django's test runner keeps it
/// in `mail.outbox`: here, the password reset message of the auth app's view.
@Suite struct TestOutboxTests {
    @Test func mailGoesToTheOutbox() async throws {
        let app = Pony()
        app.install(.sessions(), .contentTypes(), .auth())
        // A backend that would fail if it were used: the outbox replaces it.
        app.mail = MailSettings(backend: SMTPEmailBackend(host: "127.0.0.1", port: 1), defaultFrom: "shop@example.com")
        try await app.withTestDatabase(environment: [:]) {
            _ = try await User(password: "", username: "ann", email: "ann@example.com").save()
            let client = try TestClient(app)
            let reset = await client.post("/accounts/password_reset/", form: ["email": "ann@example.com"])
            #expect(reset.status == .found)
            #expect(Mail.outbox.map(\.to) == [["ann@example.com"]])
            #expect(Mail.defaultFrom == "shop@example.com", "the app's mail settings, but for the backend")
            #expect(Mail.outbox.first?.body.contains("/accounts/reset/") == true)
        }
        #expect(Mail.outbox.isEmpty, "outside the test database, no outbox")
    }
}

/// `app.userPassesTest { … }` and `app.staffMemberRequired` (Django's `@user_passes_test` and
/// `@staff_member_required`).
@Suite struct UserPassesTestTests {
    @Test func onlyUsersTheTestAcceptsSeeThePage() async throws {
        let app = Pony()
        app.install(.sessions(), .contentTypes(), .auth())
        app.userPassesTest { $0.email.hasSuffix("@example.com") }.get("reports/") { _ in "reports" }
        app.userPassesTest(loginURL: "/enter/?x=1") { $0.isSuperuser }.get("root/") { _ in "root" }
        app.staffMemberRequired.get("staff/") { _ in "staff" }
        let bare = Pony()
        bare.install(.sessions(), .contentTypes(), .auth())
        bare.uninstall("admin")
        bare.staffMemberRequired.get("staff/") { _ in "staff" }
        try await bare.withTestDatabase(environment: [:]) {
            let client = try TestClient(bare)
            #expect(await client.get("/staff/").headers["Location"] == "/accounts/login/?next=/staff/", "no admin")
        }
        try await app.withTestDatabase(environment: [:]) {
            let ann = try await User(password: "", username: "ann", email: "ann@example.com").save()
            let bob = try await User(password: "", username: "bob", email: "bob@elsewhere.test", isStaff: true).save()
            let client = try TestClient(app)
            let anonymous = await client.get("/reports/?week=2")
            #expect(anonymous.status == .found)
            #expect(anonymous.headers["Location"] == "/accounts/login/?next=/reports/%3Fweek%3D2")
            #expect(await client.get("/root/").headers["Location"] == "/enter/?x=1&next=/root/")
            try await client.forceLogin(ann)
            #expect(await client.get("/reports/").text == "reports")
            // The auth app brings the admin along: its login page.
            #expect(await client.get("/staff/").headers["Location"] == "/admin/login/?next=/staff/")
            try await client.forceLogin(bob)
            #expect(await client.get("/reports/").status == .found, "logged in, but the test says no")
            #expect(await client.get("/staff/").text == "staff")
        }
    }
}
