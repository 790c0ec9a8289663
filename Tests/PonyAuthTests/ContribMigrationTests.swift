import Foundation
import PonyAdmin
import PonyAuth
import PonyORM
import PonySQLite
import PonySupport
import Testing

/// The built-in apps' migrations make Django's tables: every statement of every migration of
/// contenttypes, auth, sessions and admin equals Django 5.2's `sqlmigrate` (fixtures by
/// generate_django_contrib.py), on SQLite and PostgreSQL; and a database Django migrated has
/// nothing pending.
@Suite struct ContribMigrationTests {
    static let apps: [AppConfig] = [.contentTypes, .auth, .sessions, .admin]

    @Test(arguments: ["sqlite", "postgresql"]) func everyStatementIsDjangos(backend: String) throws {
        try Self.expectDjangosSQL(Self.apps, backend: backend, file: "django_contrib")
    }

    /// The sites, redirects and flatpages apps' too (fixtures by PonyWebTests'
    /// generate_sites.py).
    @Test(arguments: ["sqlite", "postgresql"]) func theSitesAppsStatementsAreDjangos(backend: String) throws {
        try Self.expectDjangosSQL([.sites, .redirects, .flatPages], backend: backend, file: "sites")
    }

    /// Every migration of `apps` has Django's name and SQL (`<file>_sqlmigrate_<backend>.json`).
    static func expectDjangosSQL(_ apps: [AppConfig], backend: String, file: String) throws {
        let database = DialectOnly(dialect: backend == "sqlite" ? .sqlite : .postgresql)
        for app in apps {
            let django = try SessionTests.djangoSQL(app.label, backend: backend, file: file)
            #expect(django.map(\.name) == app.migrations.map(\.name), "\(app.label)")
            let executor = MigrationExecutor(
                database: database, apps: apps.map { ($0.label, $0.migrations) }, app: app.label)
            for (name, sql) in django {
                let pony = try executor.sql(for: name).map { $0.hasSuffix(";") ? $0 : $0 + ";" }
                #expect(pony == sql, "\(app.label).\(name):\n\(pony.joined(separator: "\n"))")
            }
        }
    }

    @Test func theMigrationRowsAreDjangos() async throws {
        try await SessionTests.withDjangoDatabase { database async throws in
            let executor = MigrationExecutor(
                database: database, apps: Self.apps.map { ($0.label, $0.migrations) }, app: "auth")
            #expect(try await executor.pending().isEmpty)
            #expect(try await executor.appliedNodes().count == 18)
        }
    }
}
