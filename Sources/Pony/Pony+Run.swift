internal import Foundation
internal import Logging
internal import PonyORM
internal import PonySupport
internal import PonyWeb

extension Pony {
    /// Makes the compiled program its own command line, then exits: `run [HOST:PORT]` serves
    /// for development (the default, also for a bare `HOST:PORT`), `serve [HOST:PORT]` for production.
    ///
    /// Call it last in the app's file. Like nanodjango's `app.run()`, the same subcommands work
    /// through `pony` (`pony run app.swift`) and on the compiled program (`./app serve`).
    public func run(_ arguments: [String] = CommandLine.arguments) -> Never {
        let app = self
        Task.detached {
            let status = await app.main(Array(arguments.dropFirst()))
            PonyLogHandler.flush()
            exit(status)
        }
        dispatchMain()
    }

    /// Runs one subcommand and returns the process exit status; ``run(_:)`` calls this.
    public func main(_ arguments: [String]) async -> Int32 {
        let (command, arguments) = Pony.command(in: arguments)
        switch command {
        case "run", "serve":
            let mode: ServerMode = command == "run" ? .development : .production
            let fallback = mode == .development ? BindTarget.development : BindTarget(host: "0.0.0.0", port: 8000)
            if arguments.count > 1 { return usage("\(command) takes at most one argument, HOST:PORT.") }
            do {
                let target = try arguments.first.map { try BindTarget(parsing: $0, default: fallback) } ?? fallback
                return await serve(mode: mode, on: target)
            } catch {
                return usage("\(error)")
            }
        case "makemigrations", "migrate", "showmigrations", "sqlmigrate":
            return await databaseCommand(command, Array(arguments))
        case "createsuperuser", "changepassword", "clearsessions":
            do {
                let settings = try self.settings.applyingEnvironment(ProcessInfo.processInfo.environment).resolved(
                    for: .development)
                return try await userCommand(command, Array(arguments), settings)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                return 1
            }
        case "help", "-h", "--help":
            print(Pony.usageText(name))
            return 0
        default:
            return usage("Unknown command \"\(command)\".")
        }
    }

    /// The subcommand and its arguments: `run` when there are none, and `run HOST:PORT` for a
    /// bare `HOST:PORT` or port (`./app 0.0.0.0:9000`, `./app 8001`), as Django's `runserver`.
    static func command(in arguments: [String]) -> (command: String, arguments: ArraySlice<String>) {
        guard let first = arguments.first else { return ("run", []) }
        if first.contains(":") || first.first?.isNumber == true,
            (try? BindTarget(parsing: first, default: .development)) != nil
        {
            return ("run", arguments[...])
        }
        return (first, arguments.dropFirst())
    }

    private func serve(mode: ServerMode, on target: BindTarget) async -> Int32 {
        PonyLogHandler.bootstrap()
        let site: Site
        do {
            site = try makeSite(mode: mode)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
        do {
            // NB: an app without models or migrations gets no database file, as Django opens
            // its database only when a query needs it.
            guard usesDatabase(site.settings) else { return await serve(site: site, mode: mode, on: target) }
            return try await withDatabase(site.settings) { database in
                try await self.prepareDatabase(database, site.settings)
                return await self.serve(site: site, mode: mode, on: target)
            }
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }

    /// Whether the app has models or migrations.
    private func usesDatabase(_ settings: ResolvedSettings) -> Bool {
        !allModels.isEmpty || !((try? Migration.load(from: migrationsDirectory(settings))) ?? []).isEmpty
            || installedApps.contains { !$0.config.migrations.isEmpty }
    }

    /// Before serving: writes a migration when the models changed, then applies what is
    /// pending, printing Django's lines.
    private func prepareDatabase(_ database: any Database, _ settings: ResolvedSettings) async throws {
        let out: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
        _ = try makeMigrations(settings, questioner: defaultQuestioner(), log: { out($0) })
        let executor = try executor(database, settings)
        if try await !executor.pending().isEmpty {
            out(operationsHeader(executor))
            try await executor.migrate(log: out)
        }
        try await afterMigrate()
    }

    /// Django's "Operations to perform: Apply all migrations: auth, sessions, todo".
    private func operationsHeader(_ executor: MigrationExecutor) -> String {
        let labels = executor.apps.filter { !$0.migrations.isEmpty }.map(\.label).sorted()
        let listed = labels.isEmpty ? appLabel : labels.joined(separator: ", ")
        return "Operations to perform:\n  Apply all migrations: \(listed)\nRunning migrations:\n"
    }

    /// `makemigrations [--check] [--empty] [--name NAME]`, `migrate [TARGET]`,
    /// `showmigrations`, `sqlmigrate NAME [--backwards]`.
    private func databaseCommand(_ command: String, _ arguments: [String]) async -> Int32 {
        let settings: ResolvedSettings
        do {
            settings = try self.settings.applyingEnvironment(ProcessInfo.processInfo.environment).resolved(
                for: .development)
        } catch {
            return usage("\(error)")
        }
        let out: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
        do {
            switch command {
            case "makemigrations":
                var name: String?
                var rest = arguments[...]
                var check = false
                var empty = false
                while let argument = rest.popFirst() {
                    switch argument {
                    case "--check": check = true
                    case "--empty": empty = true
                    case "--name", "-n":
                        guard let value = rest.popFirst() else { return usage("--name needs a value.") }
                        name = value
                    default: return usage("makemigrations does not take \"\(argument)\".")
                    }
                }
                let questioner: any MigrationQuestioner = check ? NonInteractiveQuestioner() : defaultQuestioner()
                let written = try makeMigrations(
                    settings, name: name, empty: empty, check: check, questioner: questioner, log: { out($0) })
                return check && written != nil ? 1 : 0
            case "migrate":
                if arguments.count > 1 { return usage("migrate takes at most one argument, a migration name.") }
                return try await withDatabase(settings) { database in
                    let executor = try self.executor(database, settings)
                    out(self.operationsHeader(executor))
                    try await executor.migrate(to: arguments.first, log: out)
                    try await self.afterMigrate()
                    return 0
                }
            case "showmigrations":
                return try await withDatabase(settings) { database in
                    let executor = try self.executor(database, settings)
                    let applied = try await executor.appliedNodes()
                    for (label, migrations) in executor.apps.sorted(by: { $0.label < $1.label }) {
                        out("\(label)\n")
                        if migrations.isEmpty { out(" (no migrations)\n") }
                        for migration in migrations {
                            let done = applied.contains(MigrationNode(app: label, name: migration.name))
                            out(" [\(done ? "X" : " ")] \(migration.name)\n")
                        }
                    }
                    return 0
                }
            default:
                guard let name = arguments.first else { return usage("sqlmigrate needs a migration name.") }
                return try await withDatabase(settings) { database in
                    let statements = try self.executor(database, settings).sql(
                        for: name, backwards: arguments.contains("--backwards"))
                    out((["BEGIN;"] + statements + ["COMMIT;"]).joined(separator: "\n") + "\n")
                    return 0
                }
            }
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }

    private func serve(site: Site, mode: ServerMode, on target: BindTarget) async -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let quiet = environment["PONY_RUNNER"] == "1"
        if let runner = environment["PONY_RUNNER_PID"].flatMap(Int32.init) { Pony.exitWhenOrphaned(by: runner) }
        let banner =
            mode == .development
            ? "Starting development server at http://\(target)/ (DEBUG \(site.settings.debug ? "on" : "off")).\nQuit the server with CONTROL-C."
            : "Serving \(name) at http://\(target)/ (production, DEBUG \(site.settings.debug ? "on" : "off"))."
        do {
            try await Server.run(site: site, on: target) {
                if !quiet { FileHandle.standardOutput.write(Data((banner + "\n").utf8)) }
            }
            return 0
        } catch {
            PonyLogHandler.flush()
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }

    /// Under `pony run`, the app must not outlive the CLI (even one killed with SIGKILL, whose
    /// children are not told): once the parent changes, the app exits.
    private static func exitWhenOrphaned(by runner: Int32) {
        Thread.detachNewThread {
            while getppid() == runner { Thread.sleep(forTimeInterval: 0.5) }
            PonyLogHandler.flush()
            exit(0)
        }
    }

    private func usage(_ problem: String) -> Int32 {
        FileHandle.standardError.write(Data("Error: \(problem)\n\n\(Pony.usageText(name))\n".utf8))
        return 2
    }

    static func usageText(_ name: String) -> String {
        """
        Usage: \(name) <command> [options]

        Commands:
          run [HOST:PORT]     Serve for development: DEBUG on, any host (default 127.0.0.1:8000).
          serve [HOST:PORT]   Serve for production: DEBUG off, needs PONY_SECRET_KEY and
                              PONY_ALLOWED_HOSTS (default 0.0.0.0:8000).
          makemigrations      Write a migration for changed models (--check, --empty, --name NAME).
          migrate [NAME]      Apply migrations (or unapply down to NAME; "zero" for all).
          showmigrations      List migrations, [X] when applied.
          sqlmigrate NAME     Print a migration's SQL (--backwards for its reverse).
          createsuperuser     Make a superuser (--username, --email, --noinput with
                              PONY_SUPERUSER_USERNAME/_EMAIL/_PASSWORD); needs the auth app.
          changepassword [USERNAME]
                              Set a user's password.
          clearsessions       Delete expired sessions.
          help                Show this text.
        """
    }
}
