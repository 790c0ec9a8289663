import Foundation
public import PonySupport

/// `pony serve FILE [HOST:PORT]`: an optimised build of the app, served in production mode
/// and restarted with back-off if it crashes.
public struct ServeCommand: Sendable {
    let path: String
    let target: BindTarget
    let configuration: Framework.Configuration

    /// Creates the command; `debug` serves an unoptimised build (quicker to build, for checks).
    public init(file: String, target: BindTarget = BindTarget(host: "0.0.0.0", port: 8000), debug: Bool = false) {
        self.path = file
        self.target = target
        configuration = debug ? .debug : .release
    }

    /// Builds, then serves until SIGINT/SIGTERM; throws for problems that stop it at once.
    public func run() async throws(CommandError) {
        let source = try AppSource(path: path)
        try source.checkDeclaresApp()
        let toolchain = try Toolchain.locate()
        let framework = try toolchain.framework(configuration, progress: ProgressReporter())
        let started = Date()
        switch try Compiler(toolchain: toolchain, framework: framework).compile(source) {
        case .failure(let diagnostics):
            FileHandle.standardError.write(Data(diagnostics.utf8))
            throw CommandError("\(source.displayPath) does not compile.")
        case .success(let executable, let cached):
            if !cached {
                Terminal.say(
                    "Compiled \(source.displayPath) (\(configuration.rawValue)) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s."
                )
            }
            try Supervisor(executable: executable, arguments: ["serve", target.description], target: target).run()
        }
    }
}

/// Keeps a production app running: restarts it after a crash, waiting 1 s, 2 s, 4 s … up to
/// 30 s between attempts (reset after a minute of uptime), and stops it on SIGINT/SIGTERM.
struct Supervisor: Sendable {
    let executable: URL
    let arguments: [String]
    let target: BindTarget

    func run() throws(CommandError) {
        let stopping = Locked<Bool>(false)
        let current = Locked<AppProcess?>(nil)
        Signals.onTerminate {
            stopping.withLock { $0 = true }
            current.withLock { $0 }?.stop(grace: 10)
            exit(0)
        }
        var delay = 1.0
        while true {
            let finished = DispatchSemaphore(value: 0)
            let outcome = Locked<(status: Int32, signalled: Bool)>((0, false))
            let process = try AppProcess(
                executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment,
                inheritOutput: true
            ) { status, signalled in
                outcome.withLock { $0 = (status, signalled) }
                finished.signal()
            }
            current.withLock { $0 = process }
            let startedAt = Date()
            let probeHost = ["0.0.0.0", "::", "[::]"].contains(target.host) ? "127.0.0.1" : target.host
            let listened = process.waitUntilListening(port: target.port, timeout: 30, host: probeHost)
            finished.wait()
            if stopping.withLock({ $0 }) { return }
            let (status, signalled) = outcome.withLock { $0 }
            if !listened && !signalled && (status == 1 || status == 2) {
                // A configuration error (missing secret key, port in use…): restarting cannot help.
                throw CommandError(
                    "The app stopped during start-up (status \(status)); see the message above.", exitCode: status)
            }
            if !signalled && status == 0 { return }
            if Date().timeIntervalSince(startedAt) > 60 { delay = 1 }
            let how = signalled ? "was killed by signal \(status)" : "exited with status \(status)"
            Terminal.say("The app \(how); restarting in \(Int(delay)) s.")
            Thread.sleep(forTimeInterval: delay)
            delay = min(delay * 2, 30)
        }
    }
}
