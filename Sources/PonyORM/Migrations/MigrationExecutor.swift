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

    /// The graph of every app's migrations, for a database where `applied` are recorded
    /// (throws for a missing dependency or a circle).
    public func graph(applied: Set<MigrationNode> = []) throws(MigrationError) -> MigrationGraph {
        try MigrationGraph(apps, applied: applied)
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
            try await database.execute(rendered: sql, [])
            return
        }
        // NB: two processes creating the table at once would collide in PostgreSQL's catalog.
        try await database.transaction {
            try await database.execute(rendered: lock, [])
            try await database.execute(rendered: sql, [])
        }
    }

    /// The names of this app's applied migrations (a squashed one when all it replaces are).
    public func applied() async throws -> Set<String> {
        let recorded = try await appliedNodes()
        return Set(try graph(applied: recorded).applied(recorded).filter { $0.app == app }.map(\.name))
    }

    /// Every migration of every app `django_migrations` records as applied.
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
        let recorded = try await appliedNodes()
        let graph = try graph(applied: recorded)
        let done = graph.applied(recorded)
        return graph.plan.filter { !done.contains($0) }
    }

    /// The SQL of one migration (`sqlmigrate`).
    public func sql(for name: String, backwards: Bool = false) throws -> [String] {
        try statements(for: name, backwards: backwards).map { $0.render(database.dialect) }
    }

    /// The statements of one migration of this app, in the order they run.
    func statements(for name: String, backwards: Bool = false) throws -> [SchemaStatement] {
        let graph = try graph()
        let node = MigrationNode(app: app, name: try migration(matching: name, in: graph).name)
        return try statements(for: node, state: try graph.state(before: node), in: graph, backwards: backwards)
    }

    /// This app's migration named `name` or starting with `name_` (`0002`), of those that
    /// count in `graph`.
    private func migration(matching name: String, in graph: MigrationGraph) throws -> Migration {
        let matches = { (migration: Migration) in migration.name == name || migration.name.hasPrefix(name + "_") }
        let counting = graph.migrations(of: app)
        guard let found = counting.first(where: matches) else {
            if let replaced = migrations.first(where: matches),
                let squashed = graph.replacement(of: MigrationNode(app: app, name: replaced.name))
            {
                throw MigrationError(
                    "The migration \(app).\(replaced.name) is squashed into \(squashed), which runs in its place here;"
                        + " name \(squashed.name) instead.")
            }
            throw MigrationError(
                "Cannot find a migration matching '\(name)' from app '\(app)'. Migrations: "
                    + counting.map(\.name).joined(separator: ", "))
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
    public func migrate(
        to target: String? = nil, fake: Fake = .none, log: @Sendable (String) -> Void = { _ in }
    ) async throws {
        let recorded = try await appliedNodes()
        let graph = try graph(applied: recorded)
        let done = graph.applied(recorded)
        switch try steps(to: target, graph: graph, done: done) {
        case .backwards(let undo):
            try await unapply(undo, graph: graph, done: done, fake: fake == .all, log: log)
            return
        case .forwards(let goal):
            var states = MigrationGraph.States()
            var applied = 0
            for node in graph.plan {
                if !done.contains(node), goal?.contains(node) ?? true {
                    log("  Applying \(node)...")
                    let state = states.state(for: node.app)
                    let faked =
                        switch fake {
                        case .all: true
                        case .initial: try await tablesExist(for: node, state: state, in: graph)
                        case .none: false
                        }
                    let statements =
                        faked ? [] : try statements(for: node, state: state, in: graph, backwards: false)
                    try await run(
                        statements.map { $0.render(database.dialect) }, recording: node, in: graph, apply: true)
                    log(faked ? " FAKED\n" : " OK\n")
                    applied += 1
                }
                try states.apply(node, in: graph)
            }
            if applied == 0 { log("  No migrations to apply.\n") }
            try await recordSquashed()
        }
    }

    /// Which migrations `migrate` records without running them (Django's `--fake` and
    /// `--fake-initial`).
    public enum Fake: Sendable {
        /// None: each runs.
        case none
        /// Every one, applied or unapplied: only `django_migrations` changes.
        case all
        /// An initial migration whose tables (and the columns it adds) exist already, as
        /// after `inspectdb` on a database made elsewhere.
        case initial
    }

    /// What `migrate(to:)` would do: forwards to `goal` (every migration when `nil`), or
    /// backwards through this app's `undo` migrations (in file order).
    private enum Steps {
        case forwards(goal: Set<MigrationNode>?)
        case backwards([MigrationNode])
    }

    private func steps(to target: String?, graph: MigrationGraph, done: Set<MigrationNode>) throws -> Steps {
        guard let target else { return .forwards(goal: nil) }
        let found = target == "zero" ? nil : try migration(matching: target, in: graph)
        let counting = graph.migrations(of: app)
        let kept = found.map { found in (counting.firstIndex { $0.name == found.name } ?? 0) + 1 } ?? 0
        let undo = counting.dropFirst(kept).map { MigrationNode(app: app, name: $0.name) }.filter(done.contains)
        if !undo.isEmpty { return .backwards(undo) }
        guard let found else { return .forwards(goal: []) }
        return .forwards(goal: closure(of: MigrationNode(app: app, name: found.name), in: graph))
    }

    /// Django's `migrate --plan`: the migrations `migrate(to:)` would apply or unapply, each
    /// with its operations described (`Create model Task`, `Undo Add field done to task`,
    /// `Raw SQL operation -> UPDATE …`).
    public func plan(to target: String? = nil) async throws -> [(node: MigrationNode, operations: [String])] {
        let recorded = try await appliedNodes()
        let graph = try graph(applied: recorded)
        let done = graph.applied(recorded)
        switch try steps(to: target, graph: graph, done: done) {
        case .backwards(let undo):
            return undo.reversed().map { node in
                (node, (graph.migration(node)?.operations ?? []).reversed().map { $0.planned(backwards: true) })
            }
        case .forwards(let goal):
            return graph.plan.filter { !done.contains($0) && (goal?.contains($0) ?? true) }.map { node in
                (node, (graph.migration(node)?.operations ?? []).map { $0.planned(backwards: false) })
            }
        }
    }

    /// Whether the tables an initial migration creates, and the columns it adds, are there
    /// (Django's `detect_soft_applied`; unmanaged models do not count).
    private func tablesExist(for node: MigrationNode, state: ProjectState, in graph: MigrationGraph) async throws
        -> Bool
    {
        guard let migration = graph.migration(node), migration.initial else { return false }
        let tables = Set(try await Introspection.tables(in: database).map(\.name))
        var after = state
        var found = false
        for operation in migration.operations {
            let before = after
            try operation.apply(to: &after)
            switch operation {
            case .createModel(let model) where model.isManaged:
                guard tables.contains(model.table) else { return false }
                found = true
            case .addField(let key, let field):
                guard let model = before.models[key], model.isManaged else { continue }
                if field.isManyToMany {
                    guard field.hasAutomaticThrough, tables.contains(model.through(field).table) else { continue }
                } else {
                    guard tables.contains(model.table) else { return false }
                    let columns = try await Introspection.describe(model.table, in: database).columns.map(\.name)
                    guard columns.contains(field.column) else { return false }
                }
                found = true
            default: continue
            }
        }
        return found
    }

    /// Records each squashed migration whose replaced migrations are all applied, as
    /// Django's `check_replacements` does on every `migrate`: a squash deployed where the
    /// migrations it replaces ran before then counts as applied in its own name too.
    private func recordSquashed() async throws {
        let squashed = apps.flatMap { app in
            app.migrations.filter { !$0.replaces.isEmpty }.map { (app.label, $0) }
        }
        guard !squashed.isEmpty else { return }
        let database = self.database
        // NB: under the migration lock, so that processes starting together record it once.
        try await database.transaction {
            if let lock = database.dialect.migrationLock { try await database.execute(rendered: lock, []) }
            for (label, migration) in squashed {
                let node = MigrationNode(app: label, name: migration.name)
                let replaced = migration.replaces.map { MigrationNode(app: label, name: $0) }
                let found = try await self.recorded([node] + replaced)
                guard !found.contains(node), replaced.allSatisfy(found.contains) else { continue }
                try await self.record([node])
            }
        }
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
        _ nodes: [MigrationNode], graph: MigrationGraph, done: Set<MigrationNode>, fake: Bool,
        log: @Sendable (String) -> Void
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
            let statements =
                fake ? [] : try statements(for: node, state: try graph.state(before: node), in: graph, backwards: true)
            try await run(statements.map { $0.render(database.dialect) }, recording: node, in: graph, apply: false)
            log(fake ? " FAKED\n" : " OK\n")
        }
    }

    /// Runs one migration's statements and records it, in one transaction: a squashed
    /// migration in its own name and those of the migrations it replaces, as Django records
    /// them. On SQLite foreign keys are checked at the end instead of per statement (table
    /// rebuilds drop tables that others point to), as Django does.
    private func run(
        _ statements: [String], recording node: MigrationNode, in graph: MigrationGraph, apply: Bool
    ) async throws {
        let replaced = (graph.migration(node)?.replaces ?? []).map { MigrationNode(app: node.app, name: $0) }
        // NB: where tables are rebuilt (SQLite), rebuilding drops tables that others point to.
        let sqlite = database.dialect.rebuildsTables
        let lock = database.dialect.migrationLock
        if sqlite { try await database.execute("PRAGMA foreign_keys=OFF", []) }
        do {
            let database = self.database
            try await database.transaction {
                // Another process may have applied it meanwhile: the transaction holds the
                // write lock (SQLite) or the migration lock (PostgreSQL), so this check is final.
                if let lock { try await database.execute(rendered: lock, []) }
                let recorded = try await self.recorded([node] + replaced)
                let done = replaced.isEmpty ? recorded.contains(node) : replaced.allSatisfy(recorded.contains)
                if done == apply { return }
                for statement in statements {
                    do { try await database.execute(rendered: statement, []) } catch {
                        throw MigrationError("Migration \(node) failed; nothing was changed.\n\(error)")
                    }
                }
                if sqlite {
                    let violations = try await database.query("PRAGMA foreign_key_check", [])
                    if let first = violations.first {
                        throw MigrationError(
                            "Migration \(node) would leave rows pointing to missing rows (table \(first.values.first.map { "\($0)" } ?? "?")); nothing was changed."
                        )
                    }
                }
                if apply {
                    try await self.record((replaced + [node]).filter { !recorded.contains($0) })
                } else {
                    for gone in [node] + replaced where recorded.contains(gone) {
                        let (sql, binds) = SQLRenderer.render(
                            SQLDelete(table: "django_migrations", filter: Self.row(gone)), database.dialect)
                        try await database.execute(rendered: sql, binds)
                    }
                }
            }
        } catch {
            if sqlite { _ = try? await database.execute("PRAGMA foreign_keys=ON", []) }
            throw error
        }
        if sqlite { try await database.execute("PRAGMA foreign_keys=ON", []) }
    }

    /// The recorder's row of `node`.
    private static func row(_ node: MigrationNode) -> SQLExpression {
        let table = "django_migrations"
        return .and([.column(table, "app", equals: .text(node.app)), .column(table, "name", equals: .text(node.name))])
    }

    /// Which of `nodes` `django_migrations` records.
    private func recorded(_ nodes: [MigrationNode]) async throws -> Set<MigrationNode> {
        var found: Set<MigrationNode> = []
        for node in nodes {
            let (sql, binds) = SQLRenderer.render(
                SQLSelect(
                    items: [.expression(.integer(1), alias: nil)], source: .table("django_migrations"),
                    filter: Self.row(node)),
                database.dialect)
            if try await !database.query(rendered: sql, binds).isEmpty { found.insert(node) }
        }
        return found
    }

    /// Records `nodes` as applied now.
    private func record(_ nodes: [MigrationNode]) async throws {
        let sql = SQLRenderer.render(
            SQLInsert(table: "django_migrations", columns: ["app", "name", "applied"]), database.dialect)
        for node in nodes {
            try await database.execute(rendered: sql, [.text(node.app), .text(node.name), Date().databaseValue])
        }
    }
}
