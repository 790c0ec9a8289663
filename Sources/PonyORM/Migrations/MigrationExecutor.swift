internal import Foundation

/// Applies and unapplies migrations of one or more apps, recording them in Django's
/// `django_migrations` table. Each migration runs in its own transaction: one that fails
/// leaves the database as it was before it. Apps run in the order of the
/// ``MigrationGraph``'s plan, so an app's migration runs after those of other apps it
/// depends on.
public struct MigrationExecutor: Sendable {
    /// The database.
    public let database: any Database
    /// The app that app-scoped calls address (`migrate(to:)`, `applied()`, `sql(for:)`).
    public let app: String
    /// Every app's migrations, in file order.
    public let apps: [(label: String, migrations: [Migration])]

    /// `app`'s migrations, in order.
    public var migrations: [Migration] { apps.first { $0.label == app }?.migrations ?? [] }

    /// An executor for one app's `migrations` on `database`.
    public init(database: any Database, app: String, migrations: [Migration]) {
        self.init(database: database, apps: [(app, migrations)], app: app)
    }

    /// An executor for several apps' migrations; app-scoped calls address `app`.
    public init(database: any Database, apps: [(label: String, migrations: [Migration])], app: String) {
        self.database = database
        self.apps = apps
        self.app = app
    }

    /// The graph of every app's migrations (throws for a missing dependency or a circle).
    public func graph() throws(MigrationError) -> MigrationGraph { try MigrationGraph(apps) }

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
            try await database.execute(rendered: sql, [])
            return
        }
        // NB: two processes creating the table at once would collide in PostgreSQL's catalog.
        try await database.transaction {
            try await database.execute(rendered: lock, [])
            try await database.execute(rendered: sql, [])
        }
    }

    /// The names of this app's applied migrations.
    public func applied() async throws -> Set<String> {
        Set(try await appliedNodes().filter { $0.app == app }.map(\.name))
    }

    /// Every applied migration of every app, as `django_migrations` records them.
    public func appliedNodes() async throws -> Set<MigrationNode> {
        try await ensureRecorder()
        let rows = try await database.query("SELECT \"app\", \"name\" FROM \"django_migrations\"", [])
        return Set(
            rows.compactMap { row in
                guard row.values.count == 2, case .text(let app) = row.values[0], case .text(let name) = row.values[1]
                else { return nil }
                return MigrationNode(app: app, name: name)
            })
    }

    /// The migrations of the plan not applied yet, in the order they would run.
    public func pending() async throws -> [MigrationNode] {
        let done = try await appliedNodes()
        return try graph().plan.filter { !done.contains($0) }
    }

    /// The SQL of one migration (`sqlmigrate`).
    public func sql(for name: String, backwards: Bool = false) throws -> [String] {
        try statements(for: name, backwards: backwards).map { $0.render(database.dialect) }
    }

    /// The statements of one migration of this app, in the order they run.
    func statements(for name: String, backwards: Bool = false) throws -> [SchemaStatement] {
        let node = MigrationNode(app: app, name: try migration(matching: name).name)
        let graph = try graph()
        return try statements(for: node, state: try graph.state(before: node), in: graph, backwards: backwards)
    }

    /// This app's migration named `name` or starting with `name_` (`0002`).
    private func migration(matching name: String) throws -> Migration {
        guard let found = migrations.first(where: { $0.name == name || $0.name.hasPrefix(name + "_") }) else {
            throw MigrationError(
                "Cannot find a migration matching '\(name)' from app '\(app)'. Migrations: "
                    + migrations.map(\.name).joined(separator: ", "))
        }
        return found
    }

    /// The statements of `node`, whose operations apply to `state`.
    private func statements(
        for node: MigrationNode, state: ProjectState, in graph: MigrationGraph, backwards: Bool
    ) throws -> [SchemaStatement] {
        guard let migration = graph.migration(node) else { return [] }
        var state = state
        var statements: [SchemaStatement] = []
        if backwards {
            var states: [ProjectState] = []
            for operation in migration.operations {
                states.append(state)
                try operation.apply(to: &state)
            }
            for (operation, before) in zip(migration.operations, states).reversed() {
                guard let sql = try operation.backwards(before, database.dialect) else {
                    throw MigrationError(
                        "MigrationOperation \"\(operation.description)\" in \(node) is not reversible.")
                }
                // NB: backwards, nothing is deferred: a rebuild's indexes run where it ends.
                statements += sql.flatMap { statement -> [SchemaStatement] in
                    if case .endRebuild(_, let indexes) = statement { return indexes }
                    return [statement]
                }
            }
            return statements
        }
        // NB: as Django's schema editor defers them, indexes and foreign key constraints come
        // after the operation's tables, at the end of the migration, or at the end of a SQLite
        // table rebuild, which runs them itself (dropping those about the rebuilt table, whose
        // new indexes come with the rebuild).
        var deferred: [SchemaStatement] = []
        for operation in migration.operations {
            for statement in try operation.forwards(state, database.dialect) {
                if statement.isDeferred && !operation.runsAtOnce {
                    deferred.append(statement)
                } else if case .endRebuild(let table, let indexes) = statement {
                    statements += deferred.filter { !$0.references(table) } + indexes
                    deferred = []
                } else {
                    statements.append(statement)
                }
            }
            try operation.apply(to: &state)
        }
        return statements + deferred
    }

    /// Applies the migrations not applied yet: every app's when `target` is `nil`, else this
    /// app's up to `target` (with what it depends on in other apps), or unapplies this app's
    /// migrations after `target` when it is already applied (`"zero"` unapplies all). `log`
    /// gets Django's lines ("Applying todo.0001_initial... OK").
    public func migrate(to target: String? = nil, log: @Sendable (String) -> Void = { _ in }) async throws {
        let graph = try graph()
        let done = try await appliedNodes()
        var goal: Set<MigrationNode>? = nil
        if let target {
            let found = target == "zero" ? nil : try migration(matching: target)
            let kept = found.map { found in (migrations.firstIndex { $0.name == found.name } ?? 0) + 1 } ?? 0
            let undo = migrations.dropFirst(kept).map { MigrationNode(app: app, name: $0.name) }.filter(done.contains)
            if !undo.isEmpty {
                try await unapply(undo, graph: graph, done: done, log: log)
                return
            }
            guard let found else {
                log("  No migrations to apply.\n")
                return
            }
            goal = closure(of: MigrationNode(app: app, name: found.name), in: graph)
        }
        var states = MigrationGraph.States()
        var applied = 0
        for node in graph.plan {
            if !done.contains(node), goal?.contains(node) ?? true {
                log("  Applying \(node)...")
                let statements = try statements(
                    for: node, state: states.state(for: node.app), in: graph, backwards: false)
                try await run(statements.map { $0.render(database.dialect) }, recording: node, apply: true)
                log(" OK\n")
                applied += 1
            }
            try states.apply(node, in: graph)
        }
        if applied == 0 { log("  No migrations to apply.\n") }
    }

    /// `node` and everything it depends on, directly or not.
    private func closure(of node: MigrationNode, in graph: MigrationGraph) -> Set<MigrationNode> {
        var seen: Set<MigrationNode> = []
        var stack = [node]
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack += graph.dependencies(of: next)
        }
        return seen
    }

    /// Unapplies `nodes` (this app's, in file order), last first; refuses when an applied
    /// migration of another app depends on one of them.
    private func unapply(
        _ nodes: [MigrationNode], graph: MigrationGraph, done: Set<MigrationNode>, log: @Sendable (String) -> Void
    ) async throws {
        let undone = Set(nodes)
        for other in graph.plan where other.app != app && done.contains(other) {
            if let needed = graph.dependencies(of: other).first(where: undone.contains) {
                throw MigrationError(
                    "Cannot unapply \(needed): the applied migration \(other) depends on it. Unapply "
                        + "\(other.app) first (migrate \(other.app) to an earlier migration).")
            }
        }
        for node in nodes.reversed() {
            log("  Unapplying \(node)...")
            let statements = try statements(
                for: node, state: try graph.state(before: node), in: graph, backwards: true)
            try await run(statements.map { $0.render(database.dialect) }, recording: node, apply: false)
            log(" OK\n")
        }
    }

    /// Runs one migration's statements and records it, in one transaction. On SQLite foreign
    /// keys are checked at the end instead of per statement (table rebuilds drop tables that
    /// others point to), as Django does.
    private func run(_ statements: [String], recording node: MigrationNode, apply: Bool) async throws {
        let (app, name) = (node.app, node.name)
        // NB: where tables are rebuilt (SQLite), rebuilding drops tables that others point to.
        let sqlite = database.dialect.rebuildsTables
        let lock = database.dialect.migrationLock
        if sqlite { try await database.execute("PRAGMA foreign_keys=OFF", []) }
        let dialect = database.dialect
        let table = "django_migrations"
        let row = SQLExpression.and([
            .column(table, "app", equals: .text(app)), .column(table, "name", equals: .text(name)),
        ])
        do {
            let database = self.database
            try await database.transaction {
                // Another process may have applied it meanwhile: the transaction holds the
                // write lock (SQLite) or the migration lock (PostgreSQL), so this check is final.
                if let lock { try await database.execute(rendered: lock, []) }
                let recorded = SQLRenderer.render(
                    SQLSelect(items: [.expression(.integer(1), alias: nil)], source: .table(table), filter: row),
                    dialect)
                let rows = try await database.query(rendered: recorded.sql, recorded.binds)
                if rows.isEmpty != apply { return }
                for statement in statements {
                    do { try await database.execute(rendered: statement, []) } catch {
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
                        rendered: SQLRenderer.render(
                            SQLInsert(table: table, columns: ["app", "name", "applied"]), dialect),
                        [.text(app), .text(name), Date().databaseValue])
                } else {
                    let (sql, binds) = SQLRenderer.render(SQLDelete(table: table, filter: row), dialect)
                    try await database.execute(rendered: sql, binds)
                }
            }
        } catch {
            if sqlite { _ = try? await database.execute("PRAGMA foreign_keys=ON", []) }
            throw error
        }
        if sqlite { try await database.execute("PRAGMA foreign_keys=ON", []) }
    }
}
