internal import Foundation
public import PonyAuth
internal import PonyMail
internal import PonyORM
internal import PonySupport
internal import PonyWeb
internal import Synchronization

// The command line of an app: one table of ``Command``s — Pony's own, the installed apps',
// and the app's — that `./app NAME` and `pony manage app.swift NAME` reach alike.
extension Pony {
    /// Runs one command and returns the process exit status; ``run(_:)`` calls this.
    public func main(_ arguments: [String]) async -> Int32 {
        let (name, rest) = Pony.command(in: arguments)
        if ["help", "-h", "--help"].contains(name) {
            print(helpText())
            return 0
        }
        guard let command = commandGroups.lazy.flatMap(\.commands).first(where: { $0.name == name }) else {
            return usage("Unknown command \"\(name)\".")
        }
        do {
            let environment = ProcessInfo.processInfo.environment
            let configured = try self.settings.applyingEnvironment(environment)
            let settings = try configured.resolved(for: .development)
            let context = CommandContext(
                arguments: Array(rest), settings: settings, appLabels: installedApps.map(\.label) + [appLabel])
            let serving = name == "serve"
            let mail = try mailSettings(for: serving ? .production : .development, environment: environment)
            // NB: as Django's AdminEmailHandler, only with DEBUG off.
            let reporter = serving && configured.debug != true ? ServerErrorMail.reporter(for: mail) : nil
            return try await ServerErrors.using(reporter) {
                try await Mail.using(mail) {
                    guard command.usesDatabase else { return try await command.run(context) }
                    return try await withDatabase(settings) { database in
                        let executor = try self.executor(database, settings)
                        if try await !executor.pending().isEmpty { try await executor.migrate() }
                        try await self.afterMigrate()
                        return try await command.run(context)
                    }
                }
            }
        } catch let error as UsageError {
            return usage(error.description)
        } catch {
            let text = "\(error)"
            FileHandle.standardError.write(Data(((text.hasPrefix("error:") ? "" : "Error: ") + text + "\n").utf8))
            return 1
        }
    }

    /// Adds a management command: `./app NAME …`, `pony manage app.swift NAME …` (Django's
    /// custom management commands). With `usesDatabase` (the default) the database is open
    /// and migrated when `run` starts.
    ///
    /// ```swift
    /// app.command("seed", summary: "Add sample tasks.") { context in
    ///     try await Task.objects.create(Task(name: "Buy milk"))
    ///     return 0
    /// }
    /// ```
    public func command(
        _ name: String, usage: String = "", summary: String, usesDatabase: Bool = true,
        run: @escaping @Sendable (CommandContext) async throws -> Int32
    ) {
        let command = Command(name, usage: usage, summary: summary, usesDatabase: usesDatabase, run: run)
        state.withLock { state in
            state.commands.removeAll { $0.name == name }
            state.commands.append(command)
        }
    }

    /// Every command, by who adds it: Pony, each installed app, then the app itself. A name
    /// found twice is the first one's.
    var commandGroups: [(group: String, commands: [Command])] {
        [
            (
                "pony",
                builtInCommands + [
                    createCacheTableCommand, dumpDataCommand, loadDataCommand, flushCommand, sqlFlushCommand,
                    sendTestEmailCommand, dbShellCommand, makeMessagesCommand, squashMigrationsCommand,
                    optimizeMigrationCommand, inspectDBCommand,
                ]
            )
        ]
            + installedApps.filter { !$0.commands.isEmpty }.map { ($0.label, $0.commands) }
            + [(appLabel, state.withLock { $0.commands })].filter { !$0.1.isEmpty }
    }

    private var builtInCommands: [Command] {
        [
            Command(
                "run", usage: "[HOST:PORT] [--user NAME --pass PASSWORD]",
                summary: "Serve for development: DEBUG on, any host (default 127.0.0.1:8000).", usesDatabase: false
            ) { context in
                let superuser = try FirstSuperuser(context)
                return await self.serve(mode: .development, on: try self.target(context, .development), superuser)
            },
            Command(
                "setup", usage: "[--user NAME --pass PASSWORD]",
                summary: "Make and apply migrations, then offer to make the first superuser (pony run's first step).",
                usesDatabase: false
            ) { context in
                try Pony.refuseUnknown(context, "setup", flags: [], options: ["--user", "--pass"])
                let superuser = try FirstSuperuser(context)
                guard self.usesDatabase(context.settings) else { return 0 }
                try await self.withDatabase(context.settings) { database in
                    let firstRun = try await self.prepareDatabase(database, context.settings)
                    try await self.makeSuperuser(superuser, firstRun: firstRun, context.settings)
                }
                return 0
            },
            Command(
                "serve", usage: "[HOST:PORT] [--workers N]",
                summary:
                    "Serve for production: DEBUG off, needs PONY_SECRET_KEY and PONY_ALLOWED_HOSTS; N worker processes on one port.",
                usesDatabase: false
            ) { context in
                let target = try self.target(
                    context, BindTarget(host: "0.0.0.0", port: 8000), command: "serve", options: ["--workers"])
                if let workers = context.option("--workers") {
                    guard let count = Int(workers), (1...512).contains(count) else {
                        throw UsageError("--workers takes a number from 1 to 512, not \"\(workers)\".")
                    }
                    return await Pony.superviseWorkers(count, on: target, context: context)
                }
                return await self.serve(mode: .production, on: target, nil)
            },
            checkCommand,
            Command(
                "makemigrations", usage: "[--check] [--empty] [--name NAME]",
                summary: "Write a migration for changed models (--check: exit 1 when one is needed).",
                usesDatabase: false
            ) { context in
                try Pony.refuseUnknown(
                    context, "makemigrations", flags: ["--check", "--empty"], options: ["--name", "-n"])
                let check = context.flag("--check")
                let written = try self.makeMigrations(
                    context.settings, name: context.option("--name") ?? context.option("-n"),
                    empty: context.flag("--empty"), check: check,
                    questioner: check ? NonInteractiveQuestioner() : defaultQuestioner(), log: { context.write($0) })
                return check && written != nil ? 1 : 0
            },
            Command(
                "migrate", usage: "[NAME] [--plan] [--fake] [--fake-initial]",
                summary:
                    "Apply migrations (or unapply down to NAME; \"zero\" for all); --plan lists them, --fake records them only.",
                usesDatabase: false
            ) { context in
                try Pony.refuseUnknown(
                    context, "migrate", flags: ["--plan", "--fake", "--fake-initial"], options: [], positional: 1)
                let target = context.positional().first
                return try await self.withDatabase(context.settings) { database in
                    let executor = try self.executor(database, context.settings)
                    if context.flag("--plan") {
                        context.write(Pony.planText(try await executor.plan(to: target)))
                        return 0
                    }
                    let fake: MigrationExecutor.Fake =
                        context.flag("--fake") ? .all : context.flag("--fake-initial") ? .initial : .none
                    context.write(self.operationsHeader(executor))
                    try await executor.migrate(to: target, fake: fake, log: { context.write($0) })
                    try await self.afterMigrate()
                    return 0
                }
            },
            Command("showmigrations", summary: "List migrations, [X] when applied.", usesDatabase: false) { context in
                try await self.withDatabase(context.settings) { database in
                    let executor = try self.executor(database, context.settings)
                    let recorded = try await executor.appliedNodes()
                    let graph = try executor.graph(applied: recorded)
                    context.write(Pony.migrationList(graph, recorded: recorded))
                    return 0
                }
            },
            Command(
                "sqlmigrate", usage: "NAME [--backwards]", summary: "Print a migration's SQL.", usesDatabase: false
            ) { context in
                guard let name = context.positional().first else {
                    throw UsageError("sqlmigrate needs a migration name.")
                }
                return try await self.withDatabase(context.settings) { database in
                    let statements = try self.executor(database, context.settings).sql(
                        for: name, backwards: context.flag("--backwards"))
                    context.write((["BEGIN;"] + statements + ["COMMIT;"]).joined(separator: "\n") + "\n")
                    return 0
                }
            },
        ]
    }

    /// Refuses arguments other than `flags`, `options` (with their values) and `positional`
    /// ones.
    static func refuseUnknown(
        _ context: CommandContext, _ command: String, flags: Set<String>, options: Set<String>, positional: Int = 0
    ) throws {
        var index = 0
        var seen = 0
        while index < context.arguments.count {
            let argument = context.arguments[index]
            index += options.contains(argument) ? 2 : 1
            if flags.contains(argument) || options.contains(argument)
                || options.contains(where: { argument.hasPrefix($0 + "=") })
            {
                continue
            }
            seen += 1
            if argument.hasPrefix("-") || seen > positional {
                throw UsageError("\(command) does not take \"\(argument)\".")
            }
        }
    }

    /// The address in the command's arguments, or `fallback`.
    private func target(
        _ context: CommandContext, _ fallback: BindTarget, command: String = "run",
        options: Set<String> = ["--user", "--pass"]
    ) throws -> BindTarget {
        try Pony.refuseUnknown(context, command, flags: [], options: options, positional: 1)
        let addresses = context.positional(valueOptions: options)
        do {
            return try addresses.first.map { try BindTarget(parsing: $0, default: fallback) } ?? fallback
        } catch {
            throw UsageError("\(error)")
        }
    }

    /// Django's "Operations to perform: Apply all migrations: auth, sessions, todo".
    func operationsHeader(_ executor: MigrationExecutor) -> String {
        let labels = executor.apps.filter { !$0.migrations.isEmpty }.map(\.label).sorted()
        let listed = labels.isEmpty ? appLabel : labels.joined(separator: ", ")
        return "Operations to perform:\n  Apply all migrations: \(listed)\nRunning migrations:\n"
    }

    func usage(_ problem: String) -> Int32 {
        FileHandle.standardError.write(Data("Error: \(problem)\n\n\(helpText())\n".utf8))
        return 2
    }

    /// `help`: every command with its arguments and summary, grouped by who adds it.
    func helpText() -> String {
        var text = "Usage: \(name) <command> [options]\n\nA bare HOST:PORT or port means run HOST:PORT.\n"
        for (group, commands) in commandGroups {
            text += "\n[\(group)]\n"
            for command in commands {
                let synopsis = command.usage.isEmpty ? command.name : command.name + " " + command.usage
                text += "  " + synopsis + "\n      " + command.summary + "\n"
            }
        }
        text += "\nhelp\n    Show this text.\n"
        return text
    }
}

/// A command line that does not parse: printed with the help text, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
