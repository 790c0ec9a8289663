import Pony
import PonySQLite

/// Runs `body` with a new in-memory SQLite database holding `models`' tables, migrated as
/// `makemigrations` and `migrate` would, and closes it afterwards.
func withModelDatabase(
    _ models: [any Model.Type], app: String = "web", _ body: () async throws -> Void
) async throws {
    let database = try await SQLiteDatabase.open(.memory)
    let operations = try Autodetector(
        from: ProjectState(), to: models.map { ModelState($0.schemaInfo) }, questioner: NonInteractiveQuestioner()
    ).changes()
    let migration = Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
    try await MigrationExecutor(database: database, app: app, migrations: [migration]).migrate()
    do {
        try await ORM.using(database, models: models, body)
    } catch {
        try? await database.close()
        throw error
    }
    try await database.close()
}
