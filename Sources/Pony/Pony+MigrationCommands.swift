internal import Foundation
internal import PonyAuth
internal import PonyORM

// Django's squashmigrations and optimizemigration, and what showmigrations and migrate --plan
// print.
extension Pony {
    /// `squashmigrations [START] END`: one migration in place of the app's migrations from
    /// START (the first by default) to END, optimized.
    var squashMigrationsCommand: Command {
        Command(
            "squashmigrations", usage: "[START] END [--squashed-name NAME] [--no-optimize] [--noinput]",
            summary: "Write one migration that replaces the app's migrations up to END (from START).",
            usesDatabase: false
        ) { context in
            try Pony.refuseUnknown(
                context, "squashmigrations", flags: ["--no-optimize", "--noinput", "--no-input"],
                options: ["--squashed-name"], positional: 2)
            let names = context.positional(valueOptions: ["--squashed-name"])
            guard let end = names.last else { throw UsageError("squashmigrations needs the last migration to squash.") }
            _ = try self.squashMigrations(
                context.settings, from: names.count == 2 ? names.first : nil, to: end,
                name: context.option("--squashed-name"), optimize: !context.flag("--no-optimize"),
                confirm: context.isInteractive ? { context.ask("Do you wish to proceed? [y/N] ") } : nil,
                log: context.write)
            // NB: as Django's, answering no is no failure.
            return 0
        }
    }

    /// `optimizemigration NAME [--check]`: the migration's operations, optimized in place.
    var optimizeMigrationCommand: Command {
        Command(
            "optimizemigration", usage: "NAME [--check]",
            summary: "Optimize one migration's operations in place (--check: exit 1 when it can be).",
            usesDatabase: false
        ) { context in
            try Pony.refuseUnknown(context, "optimizemigration", flags: ["--check"], options: [], positional: 1)
            guard let name = context.positional().first else {
                throw UsageError("optimizemigration needs a migration name.")
            }
            let directory = self.migrationsDirectory(context.settings)
            var migration = try Pony.migration(
                matching: name, in: try Migration.load(from: directory), app: self.appLabel)
            let optimized = MigrationOptimizer.optimize(migration.operations, app: self.appLabel)
            guard optimized.count != migration.operations.count else {
                context.write("No optimizations possible.\n")
                return 0
            }
            context.write(
                "Optimizing from \(migration.operations.count) operations to \(optimized.count) operations.\n")
            if context.flag("--check") { return 1 }
            migration.operations = optimized
            let file = directory.appendingPathComponent("\(migration.name).json")
            try migration.fileContents().write(to: file, options: .atomic)
            context.write("Optimized migration \(self.relative(file, context.settings))\n")
            return 0
        }
    }

    /// Writes the squashed migration and returns its file; `nil` when `confirm` (asked after
    /// the list of migrations) is not answered yes.
    func squashMigrations(
        _ settings: ResolvedSettings, from start: String?, to end: String, name squashedName: String?, optimize: Bool,
        confirm: (() -> String)?, log: (String) -> Void
    ) throws -> URL? {
        let directory = migrationsDirectory(settings)
        let existing = try Migration.load(from: directory)
        let counting = Migration.counting(existing)
        let last = try Pony.migration(matching: end, in: existing, app: appLabel)
        var squashed = Array(counting.prefix { $0.name != last.name }) + [last]
        let first = try start.map { try Pony.migration(matching: $0, in: existing, app: appLabel) }
        if let first {
            guard let index = squashed.firstIndex(where: { $0.name == first.name }) else {
                throw CommandError(
                    "The migration '\(appLabel).\(first.name)' cannot be found. Maybe it comes after the migration"
                        + " '\(appLabel).\(last.name)'?\nHave a look at:\n  showmigrations\nto debug this issue.")
            }
            squashed.removeFirst(index)
        }
        log("Will squash the following migrations:\n" + squashed.map { " - \($0.name)\n" }.joined())
        if let confirm, !confirm().lowercased().hasPrefix("y") { return nil }
        if let again = squashed.first(where: { !$0.replaces.isEmpty }) {
            throw CommandError(
                "You cannot squash squashed migrations! Please transition it to a normal migration first: \(again.name)"
                    + " replaces others. Once every database has applied it, delete the migrations it replaces and"
                    + " its \"replaces\" list.")
        }
        // NB: as Django, the first migration keeps all its dependencies (0002 depends on 0001);
        // the others keep those on other apps.
        var dependencies: Set<String> = []
        for (index, migration) in squashed.enumerated() {
            for dependency in migration.dependencies
            where index == 0 || (dependency.contains(".") && !dependency.hasPrefix(appLabel + ".")) {
                dependencies.insert(dependency)
            }
        }
        let operations = squashed.flatMap(\.operations)
        var result = operations
        if optimize {
            log("Optimizing...\n")
            result = MigrationOptimizer.optimize(operations, app: appLabel)
            log(
                result.count == operations.count
                    ? "  No optimizations possible.\n"
                    : "  Optimized from \(operations.count) operations to \(result.count) operations.\n")
        } else {
            log("(Skipping optimization.)\n")
        }
        let name =
            if let first {
                squashedName.map { "\(first.name.prefix { $0 != "_" })_\($0)" } ?? "\(first.name)_squashed_\(last.name)"
            } else {
                "0001_" + (squashedName ?? "squashed_\(last.name)")
            }
        let migration = Migration(
            name: name, dependencies: dependencies.sorted(), operations: result, initial: first == nil,
            replaces: squashed.map(\.name))
        let file = directory.appendingPathComponent("\(name).json")
        guard !FileManager.default.fileExists(atPath: file.path) else {
            throw CommandError("Migration \(name) already exists. Use a different name.")
        }
        try migration.fileContents().write(to: file, options: .withoutOverwriting)
        log(
            "Created new squashed migration \(relative(file, settings))\n"
                + "  You should commit this migration but leave the old ones in place;\n"
                + "  the new migration will be used for new installs. Once you are sure\n"
                + "  all instances of the codebase have applied the migrations you squashed,\n"
                + "  you can delete them.\n")
        return file
    }

    /// The migration named `name` or starting with `name_`, of those that count on a new
    /// database.
    static func migration(matching name: String, in migrations: [Migration], app: String) throws -> Migration {
        let matches = { (migration: Migration) in migration.name == name || migration.name.hasPrefix(name + "_") }
        let counting = Migration.counting(migrations)
        guard let found = counting.first(where: matches) else {
            if let replaced = migrations.first(where: matches),
                let squash = counting.first(where: { $0.replaces.contains(replaced.name) })
            {
                throw CommandError(
                    "The migration \(app).\(replaced.name) is squashed into \(squash.name); name that instead.")
            }
            throw CommandError("Cannot find a migration matching '\(name)' from app '\(app)'.")
        }
        return found
    }

    /// `migrate --plan`'s text, as Django's.
    static func planText(_ plan: [(node: MigrationNode, operations: [String])]) -> String {
        guard !plan.isEmpty else { return "Planned operations:\n  No planned migration operations.\n" }
        return "Planned operations:\n"
            + plan.map { step in "\(step.node)\n" + step.operations.map { "    \($0)\n" }.joined() }.joined()
    }

    /// showmigrations' list: each app's migrations that count, `[X]` when applied, a squashed
    /// one with how many it replaces, and `[-]` for one applied but not yet recorded in its
    /// own name.
    static func migrationList(_ graph: MigrationGraph, recorded: Set<MigrationNode>) -> String {
        let applied = graph.applied(recorded)
        var text = ""
        for (label, migrations) in graph.apps.sorted(by: { $0.label < $1.label }) {
            text += "\(label)\n"
            if migrations.isEmpty { text += " (no migrations)\n" }
            for migration in migrations {
                let node = MigrationNode(app: label, name: migration.name)
                var title = migration.name
                if !migration.replaces.isEmpty { title += " (\(migration.replaces.count) squashed migrations)" }
                if !applied.contains(node) {
                    text += " [ ] \(title)\n"
                } else if recorded.contains(node) {
                    text += " [X] \(title)\n"
                } else {
                    text += " [-] \(title) Run 'migrate' to finish recording.\n"
                }
            }
        }
        return text
    }
}
