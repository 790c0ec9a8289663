internal import Foundation
internal import Logging
internal import PonySupport
public import PonyWeb

extension Pony {
    /// Makes the compiled program its own command line, then exits: `run [HOST:PORT]` serves
    /// for development (the default), `serve [HOST:PORT]` for production.
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
        var arguments = arguments[...]
        let command = arguments.popFirst() ?? "run"
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
        case "help", "-h", "--help":
            print(Pony.usageText(name))
            return 0
        default:
            return usage("Unknown command \"\(command)\".")
        }
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
          help                Show this text.
        """
    }
}
