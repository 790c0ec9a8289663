// How migrations of several apps run together (Django's loader → graph → executor):
//
//   each app's migrations, in file order (each one after the previous)
//     + cross-app dependencies written "auth.0001_initial" (or "auth.__first__")
//   → MigrationGraph: checks that every dependency exists and nothing depends on itself,
//     then orders all migrations so each comes after what it depends on (the plan)
//   → the executor walks the plan, building every app's state as it goes, so a migration's
//     SQL is made from its own app's models and the other apps' models as they are at that
//     point (a ForeignKey to auth.user finds auth_user's table and key)
//   → django_migrations rows per (app, name), as Django records them.

/// One migration of one app: Django's `(app_label, migration_name)` key.
public struct MigrationNode: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The app label (`auth`).
    public let app: String
    /// The migration name (`0001_initial`).
    public let name: String

    /// A node.
    public init(app: String, name: String) {
        self.app = app
        self.name = name
    }

    /// `auth.0001_initial`.
    public var description: String { "\(app).\(name)" }

    /// By app, then name.
    public static func < (lhs: MigrationNode, rhs: MigrationNode) -> Bool {
        (lhs.app, lhs.name) < (rhs.app, rhs.name)
    }
}

/// The migrations of every installed app, ordered so that each runs after its dependencies.
public struct MigrationGraph: Sendable {
    /// The apps in the order they were given, each with the migrations that count in file
    /// order: a squashed migration or those it replaces (see ``Migration/replaces``).
    public let apps: [(label: String, migrations: [Migration])]
    /// Every migration, each after the migrations it depends on (Django's full plan).
    public let plan: [MigrationNode]
    private let migrationsByNode: [MigrationNode: Migration]
    private let dependenciesByNode: [MigrationNode: [MigrationNode]]
    /// Each app's squashed migrations and where dependencies on the others go.
    private let replacements: [String: Replacements]

    /// A graph of `apps` (label and migrations, in file order), for a database where the
    /// migrations `applied` are recorded (which decides whether a squashed migration or those
    /// it replaces count). Throws when a dependency names a migration that does not exist, or
    /// migrations depend on each other in a circle.
    public init(
        _ apps: [(label: String, migrations: [Migration])], applied: Set<MigrationNode> = []
    ) throws(MigrationError) {
        // NB: a label may come twice (an app named after an installed one): each list on its own.
        let each = apps.map { app in
            Replacements(app.migrations, applied: Set(applied.filter { $0.app == app.label }.map(\.name)))
        }
        var replacements: [String: Replacements] = [:]
        for (app, found) in zip(apps, each) {
            replacements[app.label] = replacements[app.label]?.merging(found) ?? found
        }
        let active = zip(apps, each).map { (label: $0.label, migrations: $1.active) }
        self.apps = active
        self.replacements = replacements
        var migrations: [MigrationNode: Migration] = [:]
        for (label, list) in active {
            for migration in list { migrations[MigrationNode(app: label, name: migration.name)] = migration }
        }
        var dependencies: [MigrationNode: [MigrationNode]] = [:]
        for (label, list) in active {
            for (index, migration) in list.enumerated() {
                let node = MigrationNode(app: label, name: migration.name)
                // NB: file order is an order too: a migration follows the one before it.
                var edges = index > 0 ? [MigrationNode(app: label, name: list[index - 1].name)] : []
                for dependency in migration.dependencies {
                    var target = try MigrationGraph.resolve(
                        dependency, from: node, apps: apps, active: active, replacements: replacements)
                    if let redirect = replacements[target.app]?.redirects[target.name] {
                        // NB: a replaced migration's file may be gone: its squash stands for it.
                        target = MigrationNode(app: target.app, name: redirect)
                        guard migrations[target] != nil else {
                            throw MigrationError("Migration \(node) depends on \(target), which does not exist.")
                        }
                    }
                    if target != node, !edges.contains(target) { edges.append(target) }
                }
                dependencies[node] = edges
            }
        }
        migrationsByNode = migrations
        dependenciesByNode = dependencies
        plan = try MigrationGraph.order(apps: active, dependencies: dependencies)
    }

    /// `0002_x` (same app), `auth.0001_initial`, or `auth.__first__`/`auth.__latest__` (of the
    /// migrations that count).
    private static func resolve(
        _ dependency: String, from node: MigrationNode, apps: [(label: String, migrations: [Migration])],
        active: [(label: String, migrations: [Migration])], replacements: [String: Replacements]
    ) throws(MigrationError) -> MigrationNode {
        let parts = dependency.split(separator: ".", maxSplits: 1)
        let (app, name) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : (node.app, dependency)
        guard let list = apps.first(where: { $0.label == app })?.migrations,
            let counting = active.first(where: { $0.label == app })?.migrations
        else {
            throw MigrationError(
                "Migration \(node) depends on the app '\(app)', which is not installed. Install it (for a model with a "
                    + "ForeignKey to one of its models, install its app), or remove the dependency.")
        }
        let found =
            switch name {
            case "__first__": counting.first?.name
            case "__latest__": counting.last?.name
            default: list.first { $0.name == name }?.name ?? replacements[app]?.redirects[name].map { _ in name }
            }
        guard let found else {
            throw MigrationError("Migration \(node) depends on \(app).\(name), which does not exist.")
        }
        return MigrationNode(app: app, name: found)
    }

    /// A depth-first topological order, visiting apps and migrations in the order given, so
    /// the plan is stable and a single app's plan is its file order.
    private static func order(
        apps: [(label: String, migrations: [Migration])], dependencies: [MigrationNode: [MigrationNode]]
    ) throws(MigrationError) -> [MigrationNode] {
        var plan: [MigrationNode] = []
        var done: Set<MigrationNode> = []
        var visiting: [MigrationNode] = []
        func visit(_ node: MigrationNode) throws(MigrationError) {
            if done.contains(node) { return }
            if let start = visiting.firstIndex(of: node) {
                let circle = (visiting[start...] + [node]).map(\.description).joined(separator: " → ")
                throw MigrationError("Migrations depend on each other in a circle: \(circle).")
            }
            visiting.append(node)
            for dependency in dependencies[node] ?? [] { try visit(dependency) }
            visiting.removeLast()
            done.insert(node)
            plan.append(node)
        }
        for (label, list) in apps {
            for migration in list { try visit(MigrationNode(app: label, name: migration.name)) }
        }
        return plan
    }

    /// The migration of `node`, when it counts.
    public func migration(_ node: MigrationNode) -> Migration? { migrationsByNode[node] }

    /// The migrations that count as applied where `recorded` are recorded: a squashed
    /// migration is applied when all it replaces are (Django's loader).
    public func applied(_ recorded: Set<MigrationNode>) -> Set<MigrationNode> {
        var applied = recorded
        for (label, replacements) in self.replacements where !replacements.squashed.isEmpty {
            let names = replacements.applied(Set(recorded.filter { $0.app == label }.map(\.name)))
            applied = applied.filter { $0.app != label }.union(names.map { MigrationNode(app: label, name: $0) })
        }
        return applied
    }

    /// The squashed migration that stands for `node`, when `node` is replaced by it.
    public func replacement(of node: MigrationNode) -> MigrationNode? {
        guard let name = replacements[node.app]?.redirects[node.name], migration(node) == nil,
            migration(MigrationNode(app: node.app, name: name)) != nil
        else { return nil }
        return MigrationNode(app: node.app, name: name)
    }

    /// The migrations `node` depends on directly.
    public func dependencies(of node: MigrationNode) -> [MigrationNode] { dependenciesByNode[node] ?? [] }

    /// The migrations of `app` that count, in file order.
    public func migrations(of app: String) -> [Migration] {
        apps.first { $0.label == app }?.migrations ?? []
    }

    /// Every app's state after the migrations in `plan` up to (not including) `node`, and the
    /// state `node`'s operations apply to: its app's models, with the other apps' models by
    /// label for its relations.
    func state(before node: MigrationNode) throws -> ProjectState {
        var states = States()
        for step in plan {
            if step == node { break }
            try states.apply(step, in: self)
        }
        return states.state(for: node.app)
    }

    /// Every app's project state, built up along the plan.
    struct States {
        private var byApp: [String: ProjectState] = [:]

        mutating func apply(_ node: MigrationNode, in graph: MigrationGraph) throws {
            guard let migration = graph.migration(node) else { return }
            var state = byApp[node.app] ?? ProjectState()
            for operation in migration.operations { try operation.apply(to: &state) }
            byApp[node.app] = state
        }

        /// `app`'s models, with every other app's models in `otherApps` by label.
        func state(for app: String) -> ProjectState {
            var state = byApp[app] ?? ProjectState()
            state.otherApps = [:]
            for (label, other) in byApp where label != app {
                for (key, model) in other.models { state.otherApps["\(label).\(key)"] = model }
            }
            return state
        }
    }
}
