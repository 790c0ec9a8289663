import Foundation
import PonyORM
import PonyPostgres
import PonySQLite
import PonySupport
import Testing

/// The backends the suites run on: SQLite always; PostgreSQL when `PONY_TEST_POSTGRES_URL`
/// names a server (`.ci/run` starts one and sets it).
enum Backend: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql

    static let available: [Backend] =
        [.sqlite] + (postgresURL == nil ? [] : [.postgresql])

    static var postgresURL: String? { PostgresDatabase.testServerURL }

    var testDescription: String { rawValue }

    /// A new empty database: a temporary SQLite file, or a new schema on the PostgreSQL server
    /// (dropped by `close`).
    func open() async throws -> TestDatabase {
        switch self {
        case .sqlite:
            let database = try await SQLiteDatabase.open(.temporary)
            return TestDatabase(
                database: database, reopen: { try await SQLiteDatabase.open(.file(database.path)) },
                close: { try await database.close() })
        case .postgresql:
            guard let url = Backend.postgresURL else { throw DatabaseError("PONY_TEST_POSTGRES_URL is not set.") }
            let schema = try await PostgresDatabase.openInNewSchema(url: url)
            return TestDatabase(
                database: schema.database,
                reopen: { try await PostgresDatabase.open(url: schema.url, maximumConnections: 4) },
                close: schema.drop)
        }
    }
}

/// A database opened for one test, and what removes it afterwards.
struct TestDatabase: Sendable {
    let database: any Database
    /// Opens the same database again, as another process would.
    let reopen: @Sendable () async throws -> any Database
    /// Closes the database and removes what it made (a PostgreSQL schema).
    let close: @Sendable () async throws -> Void

    /// The names of the tables whose name starts with `prefix`.
    func tables(prefix: String) async throws -> [String] {
        let sql =
            database.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ORDER BY name"
            : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE ? ORDER BY tablename"
        return try await database.query(sql, [.text(prefix + "%")]).compactMap {
            if case .text(let name) = $0.values[0] { return name }
            return nil
        }
    }
}

/// A new empty database on `backend` for `body`, closed afterwards however `body` ends.
func withEmptyDatabase<R: Sendable>(_ backend: Backend, _ body: @Sendable (TestDatabase) async throws -> R)
    async throws -> R
{
    let test = try await backend.open()
    return try await closing(test.close) { try await body(test) }
}

/// A new database on `backend` with the test models migrated, for `body`.
func withDatabase<R: Sendable>(
    _ backend: Backend = .sqlite, _ models: [any Model.Type] = allModels,
    _ body: @Sendable (TestDatabase) async throws -> R
) async throws -> R {
    let test = try await backend.open()
    return try await closing(test.close) {
        let operations = try Autodetector(
            from: ProjectState(), to: models.map { ModelState($0.schemaInfo) },
            questioner: NonInteractiveQuestioner()
        ).changes()
        let migration = Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
        try await MigrationExecutor(database: test.database, app: "PonyORMTests", migrations: [migration]).migrate()
        return try await ORM.using(test.database, models: models) { try await body(test) }
    }
}

/// What `sqlmigrate` prints for `migrations` on `backend`, read back from their JSON files
/// first (the operations must survive the trip), and the statements of Django's fixture
/// `fixture` (`Fixtures/<fixture>`); comments, `BEGIN` and `COMMIT` left out of both.
func sqlmigrate(_ migrations: [Migration], on backend: Backend, django fixture: String) throws -> (
    pony: [String], django: [String]
) {
    let stored = try migrations.map { migration in
        let decoded = try JSONDecoder().decode(Migration.self, from: try JSONEncoder().encode(migration))
        return Migration(
            name: migration.name, dependencies: migration.dependencies, operations: decoded.operations,
            initial: migration.initial)
    }
    #expect(stored.flatMap(\.operations) == migrations.flatMap(\.operations))
    let executor = MigrationExecutor(
        database: NoDatabase(dialect: backend == .sqlite ? .sqlite : .postgresql), app: "ponyormtests",
        migrations: stored)
    let pony = try stored.flatMap { try executor.sql(for: $0.name) }.filter { !$0.hasPrefix("--") }
    let django = try FidelityTests.fixture(fixture).split(separator: "\n")
        .filter { !$0.hasPrefix("--") && $0 != "BEGIN;" && $0 != "COMMIT;" }.map(String.init)
    return (pony, django)
}
