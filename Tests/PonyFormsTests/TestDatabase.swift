import PonyORM
import PonySQLite

/// Runs `body` with an in-memory SQLite database holding the tables of `models` (migrated
/// as the app `app`), then closes it.
func withMigratedDatabase(
    _ models: [any Model.Type], app: String = "forms", _ body: @Sendable () async throws -> Void
) async throws {
    let database = try await SQLiteDatabase.open(.memory)
    let operations = try Autodetector(
        from: ProjectState(), to: models.map { ModelState($0.schemaInfo) }, questioner: NonInteractiveQuestioner()
    ).changes()
    try await MigrationExecutor(
        database: database, app: app,
        migrations: [Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)]
    ).migrate()
    try await ORM.using(database, models: models) { try await body() }
    try await database.close()
}
