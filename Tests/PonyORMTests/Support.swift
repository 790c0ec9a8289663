import Foundation
import PonyORM
import PonySQLite

/// A new temporary database with the test models migrated, for `body`.
func withDatabase<R: Sendable>(
    _ models: [any Model.Type] = allModels, _ body: @Sendable (SQLiteDatabase) async throws -> R
) async throws -> R {
    let database = try await SQLiteDatabase.open(.temporary)
    do {
        let operations = try Autodetector(
            from: ProjectState(), to: models.map { ModelState($0.schemaInfo) },
            questioner: NonInteractiveQuestioner()
        ).changes()
        let migration = Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
        try await MigrationExecutor(database: database, app: "PonyORMTests", migrations: [migration]).migrate()
        let result = try await ORM.using(database, models: models) { try await body(database) }
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}
