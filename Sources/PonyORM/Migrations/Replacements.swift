/// Which of an app's migrations count, where some squash others (Django's loader): a
/// squashed migration counts in place of those it replaces on a database that has all or none
/// of them, and they count instead while only some are applied, until `migrate` applies the
/// rest.
struct Replacements {
    /// The migrations that count, in file order.
    let active: [Migration]
    /// Where a dependency on a migration that does not count goes: a replaced migration to
    /// the one that squashes it, a squashed one to the last it replaces.
    let redirects: [String: String]
    /// Every squashed migration's name, with the names it replaces.
    let squashed: [String: [String]]

    /// The migrations of one app that count, given the names applied there.
    init(_ migrations: [Migration], applied: Set<String> = []) {
        var dropped: Set<String> = []
        var redirects: [String: String] = [:]
        var squashed: [String: [String]] = [:]
        for migration in migrations where !migration.replaces.isEmpty {
            squashed[migration.name] = migration.replaces
            let done = migration.replaces.filter(applied.contains).count
            if done == 0 || done == migration.replaces.count {
                for name in migration.replaces {
                    dropped.insert(name)
                    redirects[name] = migration.name
                }
            } else {
                dropped.insert(migration.name)
                redirects[migration.name] = migration.replaces.last
            }
        }
        active = migrations.filter { !dropped.contains($0.name) }
        self.redirects = redirects
        self.squashed = squashed
    }

    private init(active: [Migration], redirects: [String: String], squashed: [String: [String]]) {
        self.active = active
        self.redirects = redirects
        self.squashed = squashed
    }

    /// Both lists' replacements, for two lists under one label.
    func merging(_ other: Replacements) -> Replacements {
        Replacements(
            active: active + other.active, redirects: redirects.merging(other.redirects) { first, _ in first },
            squashed: squashed.merging(other.squashed) { first, _ in first })
    }

    /// The names that count as applied: a squashed migration is applied when all it replaces
    /// are, whatever `django_migrations` says of it.
    func applied(_ recorded: Set<String>) -> Set<String> {
        var applied = recorded
        for (name, replaces) in squashed {
            if replaces.allSatisfy(recorded.contains) { applied.insert(name) } else { applied.remove(name) }
        }
        return applied
    }
}
