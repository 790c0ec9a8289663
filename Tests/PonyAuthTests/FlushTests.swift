import Foundation
import PonyAdmin
import PonyAuth
import PonyORM
import PonyPostgres
import PonySQLite
import Testing

/// Django's `flush` and `sqlflush`: the SQL Django 5.2 prints for the same apps
/// (Fixtures/django_contrib_sqlflush.sql, from generate_dumpdata.py), and the tables emptied
/// with their keys started again, on SQLite and PostgreSQL.
@Suite struct FlushTests {
    @Test func sqlflushPrintsDjangosStatements() async throws {
        try await SessionTests.withDjangoDatabase { database in
            let models = FixtureTests.models + AppConfig.admin.models
            let tables = try await DatabaseFlush.tables(of: models, in: database)
            let text =
                (["BEGIN;"] + DatabaseFlush.statements(tables, dialect: .sqlite) + ["COMMIT;"])
                .joined(separator: "\n") + "\n"
            #expect(text == (try SessionTests.fixture("django_contrib_sqlflush.sql")))
            // PostgreSQL's is Django's one TRUNCATE.
            #expect(
                DatabaseFlush.statements(["auth_user", "django_session"], dialect: .postgresql) == [
                    #"TRUNCATE "auth_user", "django_session" RESTART IDENTITY;"#
                ])
            #expect(DatabaseFlush.statements([], dialect: .sqlite).isEmpty)
        }
    }

    @Test(arguments: UserModelTests.backends) func flushEmptiesTheTablesAndStartsTheKeysAgain(backend: String)
        async throws
    {
        try await UserModelTests.withAuthDatabase(on: backend) { database in
            _ = try await AuthCommands.createSuperuser(username: "ann", email: "", password: "pass-phrase-1")
            _ = try await AuthCommands.createSuperuser(username: "bob", email: "", password: "pass-phrase-2")
            try await AuthCommands.createContentTypesAndPermissions(for: AppConfig.auth.models)
            let migrations = try await database.query("SELECT count(*) AS n FROM django_migrations", [])
            let emptied = try await DatabaseFlush.run(ORM.models, in: database)
            #expect(emptied.contains("auth_user") && emptied.contains("auth_user_groups"))
            #expect(try await User.objects.count() == 0)
            #expect(try await Permission.objects.count() == 0)
            // The record of applied migrations stays; the keys start at 1 again.
            #expect(
                try await database.query("SELECT count(*) AS n FROM django_migrations", [])[0]["n"]
                    == migrations[0]["n"])
            let again = try await AuthCommands.createSuperuser(username: "cy", email: "", password: "pass-phrase-3")
            #expect(again.id == 1)
        }
    }
}
