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
            LogOutput.flush()
            exit(status)
        }
        dispatchMain()
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

    /// Serves in `mode` after migrating (and, for `run`, making the first superuser).
    func serve(mode: ServerMode, on target: BindTarget, _ superuser: FirstSuperuser?) async -> Int32 {
        PonyLogHandler.bootstrap()
        let site: Site
        do {
            site = try makeSite(mode: mode)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        }
        // NB: once per `pony serve`, not once per worker.
        if mode == .production, ProcessInfo.processInfo.environment["PONY_WORKER"].map({ $0 == "1" }) ?? true {
            warnOfDeploymentProblems()
        }
        do {
            // NB: an app without models or migrations gets no database file, as Django opens
            // its database only when a query needs it.
            guard usesDatabase(site.settings) else {
                return await withLifecycle { await self.serve(site: site, mode: mode, on: target) }
            }
            return try await withDatabase(site.settings) { database in
                let firstRun = try await self.prepareDatabase(database, site.settings)
                if let superuser { try await self.makeSuperuser(superuser, firstRun: firstRun, site.settings) }
                return await self.withLifecycle { await self.serve(site: site, mode: mode, on: target) }
            }
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }

    /// `serve`'s start: the deployment checks' warnings (Django's `check --deploy`) on standard
    /// error, once, before the banner. Their errors have already stopped `makeSite`.
    private func warnOfDeploymentProblems() {
        guard let settings = try? settings.applyingEnvironment(ProcessInfo.processInfo.environment) else { return }
        let warnings = deploymentProblems(settings).unsilenced(by: settings).filter { $0.level == .warning }
        guard !warnings.isEmpty else { return }
        let text =
            "System check identified some issues:\n\nWARNINGS:\n"
            + warnings.map(\.description).joined(separator: "\n")
            + "\n\nSee them with `pony check --deploy`; silence one with Settings.silencedSystemChecks.\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether the app has models or migrations.
    func usesDatabase(_ settings: ResolvedSettings) -> Bool {
        !allModels.isEmpty || !((try? Migration.load(from: migrationsDirectory(settings))) ?? []).isEmpty
            || installedApps.contains { !$0.config.migrations.isEmpty } || !cacheTables.isEmpty
    }

    /// Before serving: writes a migration when the models changed, then applies what is
    /// pending, printing Django's lines. Returns whether this made the auth app's tables (the
    /// first run of an app with users).
    func prepareDatabase(_ database: any Database, _ settings: ResolvedSettings) async throws -> Bool {
        let out: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
        _ = try makeMigrations(settings, questioner: defaultQuestioner(), log: { out($0) })
        let executor = try executor(database, settings)
        let pending = try await executor.pending()
        if !pending.isEmpty {
            out(operationsHeader(executor))
            try await executor.migrate(log: out)
        }
        try await afterMigrate()
        return pending.contains { $0.app == "auth" && $0.name == "0001_initial" }
    }

    private func serve(site: Site, mode: ServerMode, on target: BindTarget) async -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let quiet = environment["PONY_RUNNER"] == "1"
        if let runner = environment["PONY_RUNNER_PID"].flatMap(Int32.init) { Pony.exitWhenOrphaned(by: runner) }
        let worker = WorkerEnvironment(environment)
        let banner =
            mode == .development
            ? "Starting development server at http://\(target)/ (DEBUG \(site.settings.debug ? "on" : "off")).\nQuit the server with CONTROL-C."
            : worker.listener != nil
                ? "Worker \(getpid()) serving \(name) at http://\(target)/ (production, DEBUG \(site.settings.debug ? "on" : "off"))."
                : "Serving \(name) at http://\(target)/ (production, DEBUG \(site.settings.debug ? "on" : "off"))."
        do {
            let listener = worker.listener.map { Listener.socket(descriptor: $0, target) } ?? .address(target)
            try await Server.run(site: site, on: listener) {
                if !quiet { FileHandle.standardOutput.write(Data((banner + "\n").utf8)) }
                worker.reportReady()
            }
            return 0
        } catch {
            LogOutput.flush()
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }

    /// Under `pony run`, the app must not outlive the CLI (even one killed with SIGKILL, whose
    /// children are not told): once the parent changes, the app exits.
    private static func exitWhenOrphaned(by runner: Int32) {
        Thread.detachNewThread {
            while getppid() == runner { Thread.sleep(forTimeInterval: 0.5) }
            LogOutput.flush()
            exit(0)
        }
    }
}

/// What `pony serve --workers N` hands each worker process: the listening socket all of them
/// accept from (`PONY_LISTEN_FD`) and a pipe on which the worker says it is serving
/// (`PONY_READY_FD`), so the supervisor knows a new worker is up before it stops an old one.
struct WorkerEnvironment {
    let listener: Int32?
    let ready: Int32?

    init(_ environment: [String: String]) {
        listener = environment["PONY_LISTEN_FD"].flatMap(Int32.init).flatMap { $0 >= 0 ? $0 : nil }
        ready = environment["PONY_READY_FD"].flatMap(Int32.init).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// Writes one byte to the readiness pipe and closes it.
    func reportReady() {
        guard let ready else { return }
        var byte: UInt8 = 1
        _ = write(ready, &byte, 1)
        close(ready)
    }
}
