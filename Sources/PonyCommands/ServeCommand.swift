import Foundation
public import PonySupport

/// `pony serve FILE [HOST:PORT] [--workers N]`: an optimised build of the app, served in
/// production mode by N worker processes on one port (see ``WorkerSupervisor``); SIGHUP
/// recompiles the file and replaces the workers without refusing a request.
public struct ServeCommand: Sendable {
    let path: String
    let target: BindTarget
    let configuration: Framework.Configuration
    let workers: Int

    /// Creates the command; `debug` serves an unoptimised build (quicker to build, for checks);
    /// `workers` defaults to the number of cores.
    public init(
        file: String, target: BindTarget = BindTarget(host: "0.0.0.0", port: 8000), debug: Bool = false,
        workers: Int? = nil
    ) {
        self.path = file
        self.target = target
        configuration = debug ? .debug : .release
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Builds, then serves until SIGINT/SIGTERM; throws for problems that stop it at once.
    public func run() async throws(CommandError) {
        let toolchain = try Toolchain.locate()
        let framework = try toolchain.framework(configuration, for: AppSource(path: path), progress: ProgressReporter())
        let executable = try compile(Compiler(toolchain: toolchain, framework: framework))
        let supervisor = WorkerSupervisor(
            executable: executable.path, arguments: ["serve", target.description], target: target, count: workers,
            say: Terminal.say
        ) {
            do throws(CommandError) {
                return try compile(Compiler(toolchain: toolchain, framework: framework)).path
            } catch {
                Terminal.say("\(error.description) The workers keep serving the previous build.")
                return nil
            }
        }
        do {
            try supervisor.run()
        } catch {
            throw CommandError(error.description, exitCode: error.exitCode)
        }
    }

    /// Compiles the file (again after SIGHUP); throws with its diagnostics printed when it does not compile.
    private func compile(_ compiler: Compiler) throws(CommandError) -> URL {
        let source = try AppSource(path: path)
        try source.checkDeclaresApp()
        let started = Date()
        switch try compiler.compile(source) {
        case .failure(let diagnostics):
            FileHandle.standardError.write(Data(diagnostics.utf8))
            throw CommandError("\(source.displayPath) does not compile.")
        case .success(let executable, let cached):
            if !cached {
                Terminal.say(
                    "Compiled \(source.displayPath) (\(configuration.rawValue)) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s."
                )
            }
            return executable
        }
    }
}
