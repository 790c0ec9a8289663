import Foundation
import Pony
import PonyPostgres
import PonySQLite
import PonyTesting
import Testing

@testable import PonyAuth

@Model(appLabel: "shop", ordering: ["name"])
struct Owner {
    var id: Int64?
    @Field(maxLength: 100) var name: String
    @Field(blank: true, kind: .slug) var slug: String = ""
    var text: String { name }
}

/// A task's priority: choices from an enum, with labels of its own.
enum TaskPriority: String, Choices {
    case l, h
    var label: String { self == .l ? "Low" : "High" }
}

@Model(appLabel: "shop")
struct Task {
    var id: Int64?
    @Field(maxLength: 200) var name: String
    var owner: ForeignKey<Owner>
    var completed = false
    @Field(maxLength: 1) var priority: TaskPriority = .l
    @Field(autoNowAdd: true) var createdAt: Date = Date()
    var text: String { name }
}

/// A review of a task by an owner: a child row with a key to its task and another to its
/// reviewer, for inlines with relation widgets.
@Model(appLabel: "shop")
struct Review {
    var id: Int64?
    var task: ForeignKey<Task>
    var reviewer: ForeignKey<Owner>
    @Field(maxLength: 100) var title: String
    @Field(blank: true, kind: .slug) var slug: String = ""
    var text: String { title }
}

/// A comment on a row of any model: a generic foreign key, for generic inlines.
@Model(appLabel: "shop")
struct Comment {
    var id: Int64?
    @Field(maxLength: 100) var body: String
    var contentType: ForeignKey<ContentType>
    var objectId: Int64
    var contentObject = GenericForeignKey()
    var text: String { body }
}

/// A category of categories: a key to its own kind (Django's `ForeignKey("self")`).
@Model(appLabel: "shop", ordering: ["name"])
struct Category {
    var id: Int64?
    @Field(maxLength: 40) var name: String
    @Field(verboseName: "parent category") var parent: ForeignKey<Category>?
    var text: String { name }
}

/// A site with the admin on `Task` and `Owner`, a superuser `root`, a staff member `sam`
/// with no permissions, and a test client that enforces CSRF.
struct AdminTestApp {
    static let hashers = PasswordHashers(preferred: PBKDF2PasswordHasher.sha256.with(iterations: 1000))

    let app: Pony
    let client: TestClient

    /// The backends each test runs on: SQLite, and PostgreSQL when `PONY_TEST_POSTGRES_URL`
    /// names a server (`.ci/run` starts one).
    static let backends = ["sqlite"] + (PostgresDatabase.testServerURL == nil ? [] : ["postgresql"])

    /// Runs `body` against the site once on each of ``backends``, each time with new tables.
    /// `apps` are built-in apps `configure` installs, whose tables are migrated too.
    static func run(
        storage: SQLiteDatabase.Storage = .memory, passwordValidators: [any PasswordValidator] = [],
        apps: [AppConfig] = [], configure: @Sendable (Pony) -> Void = { _ in },
        _ body: @Sendable (AdminTestApp) async throws -> Void
    ) async throws {
        for backend in backends {
            try await run(
                on: backend, storage: storage, passwordValidators: passwordValidators, extraApps: apps,
                configure: configure, body)
        }
    }

    private static func run(
        on backend: String, storage: SQLiteDatabase.Storage, passwordValidators: [any PasswordValidator],
        extraApps: [AppConfig], configure: @Sendable (Pony) -> Void,
        _ body: @Sendable (AdminTestApp) async throws -> Void
    ) async throws {
        let app = Pony(file: "/tmp/pony-admin/app.swift")
        app.install(
            .sessions(), .contentTypes(), .auth(AuthSettings(hashers: hashers, passwordValidators: passwordValidators)),
            .messages())
        app.admin(Owner.self)
        app.admin(Task.self) { admin in
            admin.listDisplay = [
                "name", "owner__name", "completed", "priority", .computed("Shout") { $0.name.uppercased() },
            ]
            admin.listFilter = ["completed", "owner", "priority", "createdAt"]
            admin.searchFields = ["name", "^owner__name"]
            admin.readonlyFields = ["createdAt"]
            admin.listPerPage = 3
            admin.actions = [
                AdminAction("complete", "Mark selected tasks as done") { request, rows in
                    let count = try await rows.update(["completed": true])
                    request.messages.success("\(count) tasks marked as done.")
                    return nil
                }
            ]
        }
        configure(app)
        let apps: [AppConfig] = [.sessions, .contentTypes, .auth, .admin] + extraApps
        let own: [any Model.Type] = [Owner.self, Task.self, Review.self, Comment.self, Category.self]
        let operations = try Autodetector(
            from: ProjectState(), to: own.map { ModelState($0.schemaInfo) }, questioner: NonInteractiveQuestioner()
        ).changes()
        let shop = [Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)]
        try await PostgresDatabase.withTestDatabase(
            postgreSQL: backend == "postgresql", otherwise: { try await SQLiteDatabase.open(storage) }
        ) { database in
            try await ORM.using(database, models: apps.flatMap(\.models) + own) {
                try await MigrationExecutor(
                    database: database, apps: apps.map { ($0.label, $0.migrations) } + [("shop", shop)], app: "shop"
                ).migrate()
                _ = try await AuthCommands.createContentTypesAndPermissions(for: apps.flatMap(\.models) + own)
                for (name, superuser) in [("root", true), ("sam", false)] {
                    var user = User(password: "", isSuperuser: superuser, username: name, isStaff: true)
                    await user.setPassword("pw-\(name)", hashers: hashers)
                    try await user.save()
                }
                var ann = User(password: "", username: "ann")
                await ann.setPassword("pw-ann", hashers: hashers)
                try await ann.save()
                let client = try TestClient(app)
                client.enforceCSRFChecks = true
                try await body(AdminTestApp(app: app, client: client))
            }
        }
    }

    /// The CSRF token of a page.
    func token(_ path: String = "/admin/login/") async throws -> String {
        let page = await client.get(path)
        let match = try #require(page.text.firstMatch(of: /name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"/))
        return String(match.1)
    }

    @discardableResult
    func logIn(_ username: String) async throws -> TestResponse {
        await client.post(
            "/admin/login/",
            form: ["csrfmiddlewaretoken": try await token(), "username": username, "password": "pw-\(username)"])
    }

    /// Posts a form with the CSRF token of `path`.
    func post(_ path: String, _ form: [(String, String)]) async throws -> TestResponse {
        var fields = QueryDict(form.map { (key: $0.0, value: $0.1) })
        fields.append("csrfmiddlewaretoken", try await token(path))
        return await client.post(path, form: fields)
    }

    /// Owners and tasks: ann owns a, b, c (b done); bob owns d, e.
    func seed() async throws -> (ann: Owner, bob: Owner) {
        let ann = try await Owner(name: "Ann").save()
        let bob = try await Owner(name: "Bob").save()
        for (name, owner, done) in [
            ("a", ann, false), ("b", ann, true), ("c", ann, false), ("d", bob, false), ("e", bob, true),
        ] {
            _ = try await Task(name: name, owner: ForeignKey(owner), completed: done).save()
        }
        return (ann, bob)
    }
}
