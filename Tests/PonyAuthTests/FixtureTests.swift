import Foundation
import Pony
import PonyAuth
import PonyORM
import PonyPostgres
import PonySQLite
import PonySupport
import Testing

@testable import PonyORM

/// Django's `dumpdata` and `loaddata`, against what Django 5.2 prints for a database it made
/// (Fixtures/generate_dumpdata.py writes `django_contrib_dumpdata*.json` from
/// `django_contrib_database.sql`).
@Suite struct FixtureTests {
    static let models = AppConfig.contentTypes.models + AppConfig.auth.models + AppConfig.sessions.models

    static func djangoFixture(indented: Bool = false) throws -> [UInt8] {
        Array(try SessionTests.fixture("django_contrib_dumpdata\(indented ? "_indent2" : "").json").utf8)
    }

    @Test func dumpdataPrintsDjangosBytes() async throws {
        try await SessionTests.withDjangoDatabase { database in
            let objects = try await Fixtures.dump(Self.models, from: database)
            #expect(objects.count == 32)
            #expect(
                String(decoding: Fixtures.text(objects), as: UTF8.self)
                    == String(decoding: try Self.djangoFixture(), as: UTF8.self))
            #expect(Fixtures.text(objects, indent: 2) == (try Self.djangoFixture(indented: true)))
            let lines = Array(try SessionTests.fixture("django_contrib_dumpdata.jsonl").utf8)
            #expect(Fixtures.jsonLines(objects) == lines)
            #expect(try Fixtures.parseJSONLines(lines) == .array(objects))
        }
    }

    /// Gives the Django database's user `add_user`, then `view_logentry`, as
    /// generate_dumpdata.py does before its last two dumps.
    static func giveTheUserTwoPermissions() async throws {
        let user = try #require(try await User.objects.first())
        for code in ["add_user", "view_logentry"] {
            let permission = try await Permission.objects.get(.lookup("codename", .value(.text(code))))
            try await user.related(\.userPermissions).add(permission)
        }
    }

    /// A user's permissions in Permission's ordering (the content type's app label and model,
    /// then the codename), not in the order they were given: 24 (`admin.view_logentry`)
    /// before 13 (`auth.add_user`), although 13 was given first and its content type's key is
    /// the smaller.
    @Test func manyToManyKeysFollowTheTargetsOrdering() async throws {
        try await SessionTests.withDjangoDatabase { database in
            try await Self.giveTheUserTwoPermissions()
            let dumped = try await Fixtures.dump([User.self], from: database)
            #expect(
                Fixtures.text(dumped)
                    == Array(try SessionTests.fixture("django_contrib_dumpdata_permissions.json").utf8))
        }
    }

    /// `--natural-foreign --natural-primary`: content types, permissions and users named by
    /// their natural keys, as Django's `dumpdata` names them.
    @Test func naturalKeysAreDjangos() async throws {
        try await SessionTests.withDjangoDatabase { database in
            try await Self.giveTheUserTwoPermissions()
            let dumped = try await Fixtures.dump(
                AppConfig.contentTypes.models + AppConfig.auth.models, from: database, naturalForeign: true,
                naturalPrimary: true)
            #expect(
                Fixtures.text(dumped) == Array(try SessionTests.fixture("django_contrib_dumpdata_natural.json").utf8))
        }
    }

    /// What natural keys are for: Django's fixture loads into a database whose content types
    /// and permissions have other keys (another app's were made first), finding them by name.
    @Test(arguments: UserModelTests.backends) func naturalKeysLoadWhereTheKeysDiffer(backend: String) async throws {
        try await Self.withEmptyDatabase(backend) { database in
            let task = try await ContentType.objects.create(ContentType(appLabel: "todo", model: "task"))
            let user = try await ContentType.objects.create(ContentType(appLabel: "auth", model: "user"))
            _ = try await Permission.objects.create(
                Permission(name: "Can add user", contentType: ForeignKey(user), codename: "add_user"))
            let fixture = try JSONValue(
                parsing: Array(try SessionTests.fixture("django_contrib_dumpdata_natural.json").utf8))
            #expect(try await Fixtures.load(fixture, models: Self.models, into: database) == 31)
            // Again: the same rows, found by their natural keys.
            #expect(try await Fixtures.load(fixture, models: Self.models, into: database) == 31)
            let (types, permissions) = (try await ContentType.objects.count(), try await Permission.objects.count())
            #expect(types == 7 && permissions == 24)
            #expect(try await ContentType.objects.filter(.lookup("model", .value(.text("user")))).count() == 1)
            let admin = try await User.objects.get(.lookup("username", .value(.text("admin"))))
            let codes = try await admin.related(\.userPermissions).all().fetch().map(\.codename)
            #expect(Set(codes) == ["add_user", "view_logentry"])
            #expect(task.id == 1)
            let names = try JSONValue(
                parsing:
                    #"[{"model": "auth.user", "fields": {"username": "bea", "password": "!", "date_joined": "2026-01-01T00:00:00Z", "user_permissions": [["nope", "auth", "user"]]}}]"#
            )
            await #expect {
                try await Fixtures.load(names, models: Self.models, into: database)
            } throws: { error in
                "\(error)".contains("'user_permissions' names no Permission: [\"nope\", \"auth\", \"user\"]")
            }
            let short = try JSONValue(
                parsing:
                    #"[{"model": "auth.permission", "fields": {"name": "x", "codename": "x", "content_type": ["auth"]}}]"#
            )
            await #expect {
                try await Fixtures.load(short, models: Self.models, into: database)
            } throws: { error in
                "\(error)".contains("natural key has 2 values, not 1")
            }
        }
    }

    /// A migrated, empty database (SQLite, or a new PostgreSQL schema) with the three apps.
    static func withEmptyDatabase(_ backend: String, _ body: @Sendable (any Database) async throws -> Void)
        async throws
    {
        try await PostgresDatabase.withTestDatabase(
            postgreSQL: backend == "postgresql", otherwise: { try await SQLiteDatabase.open(.memory) }
        ) { database in
            try await ORM.using(database, models: Self.models) {
                let apps = [
                    ("contenttypes", AppConfig.contentTypes.migrations), ("auth", AppConfig.auth.migrations),
                    ("sessions", AppConfig.sessions.migrations),
                ]
                for (label, _) in apps {
                    try await MigrationExecutor(database: database, apps: apps, app: label).migrate()
                }
                try await body(database)
            }
        }
    }

    @Test(arguments: UserModelTests.backends) func loaddataRoundTripsDjangosFixture(backend: String) async throws {
        try await Self.withEmptyDatabase(backend) { database in
            let fixture = try JSONValue(parsing: try Self.djangoFixture())
            #expect(try await Fixtures.load(fixture, models: Self.models, into: database) == 32)
            // Loading again updates the same rows.
            #expect(try await Fixtures.load(fixture, models: Self.models, into: database) == 32)
            let dumped = try await Fixtures.dump(Self.models, from: database)
            #expect(Fixtures.text(dumped) == (try Self.djangoFixture()))
            let user = try #require(try await User.objects.first())
            #expect(user.username == "admin" && user.isSuperuser && user.lastLogin == nil)
            // The key sequences continue after the loaded keys (PostgreSQL's are reset).
            let type = try await ContentType.objects.create(ContentType(appLabel: "todo", model: "task"))
            #expect(type.id == 7)
        }
    }

    @Test func aFixtureThatFailsLoadsNothing() async throws {
        try await Self.withEmptyDatabase("sqlite") { database in
            let cases: [(String, String)] = [
                (
                    #"[{"model": "contenttypes.contenttype", "pk": 1, "fields": {"app_label": "a", "model": "b"}}, {"model": "auth.nosuch", "pk": 1}]"#,
                    "Object 2: Invalid model identifier: 'auth.nosuch'."
                ),
                (
                    #"[{"model": "auth.user", "pk": 1, "fields": {"username": "x", "is_staff": "yes"}}]"#,
                    "'is_staff' cannot be \"yes\""
                ),
                (
                    #"[{"model": "auth.user", "pk": 1, "fields": {"username": "x", "shoe_size": 9}}]"#,
                    "User has no field named 'shoe_size'"
                ),
                (#"[{"model": "auth.user", "pk": "one", "fields": {}}]"#, "'id' cannot be \"one\""),
                (#"[{"model": "auth.user", "pk": 1e300, "fields": {}}]"#, "'id' cannot be"),
                (#"[{"model": "auth.user", "pk": 1, "fields": {"username": null}}]"#, "'username' cannot be null"),
                (
                    #"[{"model": "auth.user", "pk": 1, "fields": {"date_joined": "yesterday"}}]"#,
                    "'date_joined' cannot be"
                ),
                (#"[{"model": "auth.user", "pk": 1, "fields": {"groups": "all"}}]"#, "'groups' is a list of keys"),
                (#"{"model": "auth.user"}"#, "A fixture is a JSON array"),
                (#"[42]"#, "each object of a fixture is a JSON object"),
            ]
            for (text, message) in cases {
                await #expect {
                    try await Fixtures.load(try JSONValue(parsing: text), models: Self.models, into: database)
                } throws: { error in
                    "\(error)".contains(message)
                }
            }
            let (types, users) = (try await ContentType.objects.count(), try await User.objects.count())
            #expect(types == 0 && users == 0)
        }
    }

    /// Values as Django's `DjangoJSONEncoder` and `duration_string` write them.
    @Test func valuesAreWrittenAsDjangosEncoderWritesThem() throws {
        let date = try #require(DateText.parse("2026-12-03 08:22:31.288999"))
        #expect(FixtureValue.dateTime(date) == "2026-12-03T08:22:31.288Z")
        #expect(FixtureValue.dateTime(try #require(DateText.parse("2026-12-03 08:22:31"))) == "2026-12-03T08:22:31Z")
        #expect(FixtureValue.decimal(Decimal(string: "3.5")!, places: 2) == "3.50")
        #expect(FixtureValue.decimal(Decimal(string: "-12")!, places: 3) == "-12.000")
        #expect(FixtureValue.decimal(Decimal(string: "2.675")!, places: 0) == "3")
        for (micros, text) in [
            (Int64(0), "00:00:00"), (3_723_000_004, "01:02:03.000004"), (90_000_000_000, "1 01:00:00"),
            (-1_000_000, "-1 23:59:59"), (-86_400_000_000, "-1 00:00:00"),
        ] {
            #expect(FixtureValue.durationString(microseconds: micros) == text)
            #expect(FixtureValue.parseDuration(text) == micros)
        }
        // Any value a column holds, the extremes too (Python's divmod gives the same).
        #expect(FixtureValue.durationString(microseconds: .min) == "-106751992 19:59:05.224192")
        #expect(FixtureValue.durationString(microseconds: .max) == "106751991 04:00:54.775807")
        #expect(FixtureValue.parseDuration("99999999999 00:00:00") == nil)
        #expect(FixtureValue.parseDuration("1:2:3:4") == nil)
        #expect(FixtureValue.parseDuration("30") == 30_000_000)
        #expect(
            String(
                decoding: JSONValue.array([.object(["a": [], "b": ["c": 1]])]).pythonJSONBytes(indent: 2), as: UTF8.self
            )
                == "[\n  {\n    \"a\": [],\n    \"b\": {\n      \"c\": 1\n    }\n  }\n]")
    }

    /// `dumpdata` and `loaddata` as commands of an app: labels, `--exclude`, `--indent`,
    /// `--output`, and fixtures found in `fixtures/`.
    @Test func theCommandsDumpAndLoad() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("fixtures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func app() -> Pony {
            var settings = Settings()
            settings.baseDirectory = folder.path
            let app = Pony(settings: settings)
            app.install(.contentTypes(), .sessions(), .auth())
            return app
        }
        let users =
            #"[{"model": "auth.user", "pk": 5, "fields": {"password": "!", "username": "bea", "date_joined": "2026-01-02T03:04:05.678Z", "groups": [], "user_permissions": []}}]"#
        try Data(users.utf8).write(to: folder.appendingPathComponent("fixtures/users.json"))
        #expect(await app().main(["loaddata", "users"]) == 0)
        let output = folder.appendingPathComponent("out.json").path
        #expect(await app().main(["dumpdata", "auth.User", "--indent", "2", "--output", output]) == 0)
        let dumped = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: output))))
        #expect(dumped[0]?["pk"] == 5 && dumped[0]?["fields"]?["username"] == "bea")
        #expect(dumped[0]?["fields"]?["date_joined"] == "2026-01-02T03:04:05.678Z")
        #expect(
            await app().main(["dumpdata", "auth", "--exclude", "auth.permission", "-e", "auth.group", "-o", output])
                == 0)
        let onlyUsers = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: output))))
        guard case .array(let objects) = onlyUsers else {
            Issue.record("not an array: \(onlyUsers)")
            return
        }
        #expect(!objects.isEmpty && objects.allSatisfy { $0["model"] == "auth.user" })
        #expect(await app().main(["dumpdata", "auth.user", "--pks", "5,6", "--format", "jsonl", "-o", output]) == 0)
        let line = try String(contentsOfFile: output, encoding: .utf8)
        #expect(line.hasPrefix(#"{"model": "auth.user","pk": 5,"fields": {"#) && line.hasSuffix("}}\n"))
        try FileManager.default.moveItem(
            atPath: output, toPath: folder.appendingPathComponent("fixtures/again.jsonl").path)
        #expect(await app().main(["loaddata", "again"]) == 0)
        #expect(await app().main(["dumpdata", "auth", "--pks", "5"]) != 0)  // one model only, as Django
        #expect(await app().main(["dumpdata", "--format", "xml"]) != 0)
        #expect(await app().main(["dumpdata", "nosuchapp"]) != 0)
        #expect(await app().main(["loaddata", "missing"]) != 0)
        #expect(await app().main(["dumpdata", "--indent", "x"]) != 0)
    }
}
