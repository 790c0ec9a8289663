internal import Foundation
public import Pony

extension Pony {
    /// Runs `body` with a new database made for it, set for the ORM and the app's requests,
    /// and removes the database afterwards, however `body` ends (Django's test database).
    ///
    /// ```swift
    /// @Test func tasksAreListed() async throws {
    ///     try await app.withTestDatabase {
    ///         try await Task(name: "Write tests").save()
    ///         let client = try TestClient(app)
    ///         #expect(await client.get("/tasks/").text.contains("Write tests"))
    ///     }
    /// }
    /// ```
    ///
    /// The database is SQLite in memory, or, when the app's database is PostgreSQL (its
    /// settings, or `DATABASE_URL` in `environment`), a new schema in that database, dropped
    /// with its tables. Each call starts empty, so tests running in parallel never see each
    /// other's rows. The installed apps' migrations and the app's own are applied, then what
    /// the models changed since its last migration (in this database only; no file is
    /// written), then each app's step after `migrate`: the default site, content types and
    /// permissions. Mail sent meanwhile is kept in `Mail.outbox` (Django's `mail.outbox`), not
    /// sent.
    ///
    /// - Parameters:
    ///   - environment: the environment variables the settings read (`DATABASE_URL`); the
    ///     process's when `nil`.
    ///   - fixtures: fixtures loaded after the migrations, as `loaddata` loads them (Django's
    ///     `TestCase.fixtures`): paths, or names in the app's `fixtures/` folder (`"tasks"` is
    ///     `fixtures/tasks.json`), all or none.
    ///   - body: the test.
    public func withTestDatabase<Result: Sendable>(
        environment: [String: String]? = nil, fixtures: [String] = [], _ body: () async throws -> Result
    ) async throws -> Result {
        try await testDatabase(
            environment: environment ?? ProcessInfo.processInfo.environment, fixtures: fixtures, body)
    }
}
