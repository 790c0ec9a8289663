import Pony
import PonyPostgres
import PonySQLite

/// Runs `body` with a new database holding `models`' tables, migrated as `makemigrations` and
/// `migrate` would, and closes it afterwards: in-memory SQLite, or with `postgreSQL` a new
/// schema on the test server (``PonyPostgres/PostgresDatabase/testServerURL``).
func withModelDatabase(
    _ models: [any Model.Type], app: String = "web", postgreSQL: Bool = false, _ body: () async throws -> Void
) async throws {
    try await PostgresDatabase.withTestDatabase(
        postgreSQL: postgreSQL, otherwise: { try await SQLiteDatabase.open(.memory) }
    ) {
        database in
        let operations = try Autodetector(
            from: ProjectState(), to: models.map { ModelState($0.schemaInfo) }, questioner: NonInteractiveQuestioner()
        ).changes()
        let migration = Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
        try await MigrationExecutor(database: database, app: app, migrations: [migration]).migrate()
        try await ORM.using(database, models: models, body)
    }
}

/// The databases a suite runs on: SQLite, and PostgreSQL when `PONY_TEST_POSTGRES_URL` names a
/// server (`.ci/run` starts one and sets it).
let testBackends: [Bool] = PostgresDatabase.testServerURL == nil ? [false] : [false, true]
