internal import Foundation

/// Applies and unapplies an app's migrations, recording them in Django's `django_migrations`
/// table. Each migration runs in its own transaction: one that fails leaves the database as
/// it was before it.
public struct MigrationExecutor: Sendable {
    /// The database.
    public let database: any Database
    /// The app label the migrations are recorded under.
    public let app: String
    /// The app's migrations, in order.
    public let migrations: [Migration]

    /// An executor for `app`'s `migrations` on `database`.
    public init(database: any Database, app: String, migrations: [Migration]) {
        self.database = database
        self.app = app
        self.migrations = migrations
    }

    /// Django's recorder table.
    static let recorderTable = SchemaStatement.createTable(
        table: "django_migrations",
        columns: [
            ColumnDefinition(column: "id", type: .bigAuto, isPrimaryKey: true, isNullable: false, isUnique: false),
            ColumnDefinition(
                column: "app", type: .char(maxLength: 255), isPrimaryKey: false, isNullable: false, isUnique: false),
            ColumnDefinition(
                column: "name", type: .char(maxLength: 255), isPrimaryKey: false, isNullable: false, isUnique: false),
            ColumnDefinition(
                column: "applied", type: .dateTime, isPrimaryKey: false, isNullable: false, isUnique: false),
        ], ifNotExists: true)

    private func ensureRecorder() async throws {
        let database = self.database
        let sql = MigrationExecutor.recorderTable.render(database.dialect)
        guard let lock = database.dialect.migrationLock else {
            try await database.execute(sql, [])
            return
        }
        // NB: two processes creating the table at once would collide in PostgreSQL's catalog.
        try await database.transaction {
            try await database.execute(lock, [])
            try await database.execute(sql, [])
        }
    }

    /// The names of this app's applied migrations.
    public func applied() async throws -> Set<String> {
        try await ensureRecorder()
        let rows = try await database.query(
            "SELECT \"name\" FROM \"django_migrations\" WHERE \"app\" = ?", [.text(app)])
        return Set(
            rows.compactMap { row in
                if case .text(let name) = row.values[0] { return name }
                return nil
            })
    }

    /// The SQL of one migration (`sqlmigrate`).
    public func sql(for name: String, backwards: Bool = false) throws -> [String] {
        try statements(for: name, backwards: backwards).map { $0.render(database.dialect) }
    }

    /// The statements of one migration, in the order they run.
    func statements(for name: String, backwards: Bool = false) throws -> [SchemaStatement] {
        guard let index = migrations.firstIndex(where: { $0.name == name || $0.name.hasPrefix(name + "_") }) else {
            throw MigrationError(
                "Cannot find a migration matching '\(name)' from app '\(app)'. Migrations: "
                    + migrations.map(\.name).joined(separator: ", "))
        }
        var state = try Migration.state(after: Array(migrations[..<index]))
        var statements: [SchemaStatement] = []
        if backwards {
            var states: [ProjectState] = []
            for operation in migrations[index].operations {
                states.append(state)
                try operation.apply(to: &state)
            }
            for (operation, before) in zip(migrations[index].operations, states).reversed() {
                guard let sql = try operation.backwards(before, database.dialect) else {
                    throw MigrationError(
                        "MigrationOperation \"\(operation.description)\" in \(app).\(name) is not reversible.")
                }
                statements += sql
            }
            return statements
        }
        // NB: as Django's schema editor defers them, indexes and foreign key constraints come
        // after the operation's tables, at the end of the migration (or before a SQLite table
        // rebuild, which runs them itself).
        var deferred: [SchemaStatement] = []
        for operation in migrations[index].operations {
            for statement in try operation.forwards(state, database.dialect) {
                if statement.isDeferred {
                    deferred.append(statement)
                } else {
                    if statement.startsRebuild {
                        statements += deferred
                        deferred = []
                    }
                    statements.append(statement)
                }
            }
            try operation.apply(to: &state)
        }
        return statements + deferred
    }

    /// Applies the migrations not applied yet, up to `target` (all when `nil`), or unapplies
    /// those after `target` when it is already applied (`"zero"` unapplies all). `log` gets
    /// Django's lines ("Applying todo.0001_initial... OK").
    public func migrate(to target: String? = nil, log: @Sendable (String) -> Void = { _ in }) async throws {
        let done = try await applied()
        for migration in migrations {
            for dependency in migration.dependencies where !migrations.contains(where: { $0.name == dependency }) {
                throw MigrationError(
                    "Migration \(app).\(migration.name) depends on \(app).\(dependency), which does not exist.")
            }
        }
        var targetIndex = migrations.count - 1
        if let target {
            if target == "zero" {
                targetIndex = -1
            } else {
                guard let found = migrations.firstIndex(where: { $0.name == target || $0.name.hasPrefix(target + "_") })
                else {
                    throw MigrationError(
                        "Cannot find a migration matching '\(target)' from app '\(app)'. Migrations: "
                            + migrations.map(\.name).joined(separator: ", "))
                }
                targetIndex = found
            }
        }
        let backwards = migrations.indices.filter { $0 > targetIndex && done.contains(migrations[$0].name) }
        if !backwards.isEmpty {
            for index in backwards.reversed() {
                let migration = migrations[index]
                log("  Unapplying \(app).\(migration.name)...")
                try await run(try sql(for: migration.name, backwards: true), recording: migration.name, apply: false)
                log(" OK\n")
            }
            return
        }
        let pending = migrations.indices.filter { $0 <= targetIndex && !done.contains(migrations[$0].name) }
        if pending.isEmpty {
            log("  No migrations to apply.\n")
            return
        }
        for index in pending {
            let migration = migrations[index]
            log("  Applying \(app).\(migration.name)...")
            try await run(try sql(for: migration.name), recording: migration.name, apply: true)
            log(" OK\n")
        }
    }

    /// Runs one migration's statements and records it, in one transaction. On SQLite foreign
    /// keys are checked at the end instead of per statement (table rebuilds drop tables that
    /// others point to), as Django does.
    private func run(_ statements: [String], recording name: String, apply: Bool) async throws {
        // NB: where tables are rebuilt (SQLite), rebuilding drops tables that others point to.
        let sqlite = database.dialect.rebuildsTables
        let lock = database.dialect.migrationLock
        if sqlite { try await database.execute("PRAGMA foreign_keys=OFF", []) }
        do {
            let app = self.app
            let database = self.database
            try await database.transaction {
                // Another process may have applied it meanwhile: the transaction holds the
                // write lock (SQLite) or the migration lock (PostgreSQL), so this check is final.
                if let lock { try await database.execute(lock, []) }
                let rows = try await database.query(
                    "SELECT 1 FROM \"django_migrations\" WHERE \"app\" = ? AND \"name\" = ?", [.text(app), .text(name)])
                if rows.isEmpty != apply { return }
                for statement in statements {
                    do { try await database.execute(statement, []) } catch {
                        throw MigrationError("Migration \(app).\(name) failed; nothing was changed.\n\(error)")
                    }
                }
                if sqlite {
                    let violations = try await database.query("PRAGMA foreign_key_check", [])
                    if let first = violations.first {
                        throw MigrationError(
                            "Migration \(app).\(name) would leave rows pointing to missing rows (table \(first.values.first.map { "\($0)" } ?? "?")); nothing was changed."
                        )
                    }
                }
                if apply {
                    try await database.execute(
                        "INSERT INTO \"django_migrations\" (\"app\", \"name\", \"applied\") VALUES (?, ?, ?)",
                        [.text(app), .text(name), Date().databaseValue])
                } else {
                    try await database.execute(
                        "DELETE FROM \"django_migrations\" WHERE \"app\" = ? AND \"name\" = ?",
                        [.text(app), .text(name)])
                }
            }
        } catch {
            if sqlite { _ = try? await database.execute("PRAGMA foreign_keys=ON", []) }
            throw error
        }
        if sqlite { try await database.execute("PRAGMA foreign_keys=ON", []) }
    }
}
