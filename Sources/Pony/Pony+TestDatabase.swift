internal import Foundation
internal import PonyMail
internal import PonyORM
internal import PonySQLite
internal import Synchronization

#if PONY_POSTGRES
    internal import PonyPostgres
#endif

extension Pony {
    /// Runs `body` with a new database for tests, set for the ORM (Django's test database),
    /// and removes it afterwards, however `body` ends: the implementation of `PonyTesting`'s
    /// `app.withTestDatabase { … }`.
    ///
    /// On SQLite the database is in memory; on PostgreSQL (``Settings/database`` or
    /// `DATABASE_URL`) it is a new schema in the configured database, dropped with its
    /// tables. Every installed app's migrations and the app's own are applied, then what the
    /// models changed since the last migration (in the test database only, as Django creates
    /// tables for apps without migrations), then each app's step after `migrate` (the default
    /// site, content types and permissions). Mail goes to a ``PonyMail/MemoryEmailBackend``
    /// whose messages ``PonyMail/Mail/outbox`` lists, as Django's test runner keeps mail in
    /// `mail.outbox`. Then the `fixtures` are loaded, as `loaddata` loads them (Django's
    /// `TestCase.fixtures`).
    package func testDatabase<Result: Sendable>(
        environment: [String: String], fixtures: [String] = [], _ body: () async throws -> Result
    ) async throws -> Result {
        let settings = try self.settings.applyingEnvironment(environment).resolved(for: .development)
        var mail = try mailSettings(for: .development, environment: environment)
        mail.backend = MemoryEmailBackend()
        let database: any Database
        let remove: @Sendable () async throws -> Void
        switch DatabaseLocation(settings) {
        case .postgres(let url):
            #if PONY_POSTGRES
                let schema = try await PostgresDatabase.openInNewSchema(url: url)
                (database, remove) = (schema.database, { try await schema.drop() })
            #else
                _ = url
                // NB: throws database.E002, which says how to get the backend.
                let opened = try await openDatabase(settings)
                (database, remove) = (opened, { try await opened.close() })
            #endif
        case .memory, .sqlite:
            let memory = try await SQLiteDatabase.open(.memory, statementTimeout: settings.statementTimeout)
            (database, remove) = (memory, { try await memory.close() })
        }
        let models = allModels
        let signals = state.withLock { $0.signals }
        do {
            let result = try await Mail.using(mail) {
                try await ORM.$timeZone.withValue(settings.timeZone) {
                    try await ORM.using(database, models: models, signals: signals) {
                        try await testExecutor(database, settings).migrate()
                        try await afterMigrate(log: { _ in })
                        if !fixtures.isEmpty {
                            _ = try await loadFixtures(fixtures, baseDirectory: settings.baseDirectory, into: database)
                        }
                        return try await body()
                    }
                }
            }
            try await remove()
            return result
        } catch {
            try? await remove()
            throw error
        }
    }

    /// The executor of ``testDatabase(environment:_:)``: the app's migrations, and one
    /// more with what the models changed since, if anything.
    private func testExecutor(_ database: any Database, _ settings: ResolvedSettings) throws -> MigrationExecutor {
        var own = try Migration.load(from: migrationsDirectory(settings))
        let changes = try Autodetector(
            from: try Migration.state(after: own), to: modelStates(), questioner: NonInteractiveQuestioner()
        ).changes()
        if !changes.isEmpty {
            own.append(
                Migration(
                    name: Migration.nextName(after: own, operations: changes, name: "test_models"),
                    dependencies: (own.last.map { [$0.name] } ?? []) + crossAppDependencies(changes),
                    operations: changes, initial: own.isEmpty))
        }
        return MigrationExecutor(
            database: database, apps: installedApps.map { ($0.label, $0.config.migrations) } + [(appLabel, own)],
            app: appLabel)
    }
}
