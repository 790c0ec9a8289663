// The development loop of `pony run app.swift`:
//
//   bind the public address (DevProxy) → build the framework if needed → compile → start the
//   app on a private port → wait for an edit → compile again → start the new app, and once
//   it listens, switch the proxy to it and stop the old one.
//
// A failed compile leaves the last good app running but shows the compiler output in the
// browser (and the terminal); a crash shows its backtrace until the next save.
import Foundation
public import PonySupport

/// `pony run FILE [HOST:PORT]`: serve a single-file app for development, recompiling on save.
public struct RunCommand: Sendable {
    let path: String
    let target: BindTarget
    let arguments: [String]

    /// Creates the command; `arguments` are passed on to the app after `run HOST:PORT`.
    public init(file: String, target: BindTarget = .development, arguments: [String] = []) {
        self.path = file
        self.target = target
        self.arguments = arguments
    }

    /// Runs until interrupted; throws a ``CommandError`` for problems that stop it at once.
    public func run() throws(CommandError) -> Never {
        let source = try AppSource(path: path)
        try source.checkDeclaresApp()
        let state = DevState()
        let proxy = DevProxy(
            state: state, appName: source.displayPath, environment: ProcessInfo.processInfo.environment)
        try proxy.start(target)
        let toolchain = try Toolchain.locate()
        let framework = try toolchain.framework(.debug, for: source, progress: ProgressReporter())
        let loop = DevLoop(
            source: source, compiler: Compiler(toolchain: toolchain, framework: framework), state: state,
            arguments: arguments)
        Terminal.say("Pony \(PonyVersion.current) development server for \(source.displayPath) at http://\(target)/")
        Terminal.say("Quit the server with CONTROL-C.")
        // The loop and the proxy run until SIGINT/SIGTERM, whose handler exits the process.
        loop.run()
    }
}

/// The compile–restart loop; ``run()`` blocks the calling thread while it compiles and polls.
final class DevLoop: Sendable {
    let source: AppSource
    let compiler: Compiler
    let state: DevState
    let arguments: [String]
    /// The app the proxy points at, shared with the SIGINT handler.
    private let current = Locked<(process: AppProcess, box: GenerationBox)?>(nil)
    private let executable = Locked<URL?>(nil)
    private let isSetUp = Locked(false)

    init(source: AppSource, compiler: Compiler, state: DevState, arguments: [String]) {
        self.source = source
        self.compiler = compiler
        self.state = state
        self.arguments = arguments
        let current = self.current
        Signals.onTerminate {
            if let (process, box) = current.value {
                box.isCurrent = false  // a requested stop is not a crash
                process.stop(grace: 2)
            }
            exit(0)
        }
    }

    func run() -> Never {
        let watcher = FileWatcher(file: source.url)
        var snapshot = watcher.snapshot()
        rebuild()
        while true {
            let (change, next) = watcher.waitForChange(after: snapshot)
            snapshot = next
            switch change {
            case .source:
                Terminal.say("\(source.displayPath) changed, recompiling…")
                rebuild()
            case .assets:
                Terminal.say("Templates, static files or translations changed, restarting…")
                if let executable = executable.value { start(executable) }
            }
        }
    }

    private func rebuild() {
        let started = Date()
        let result: CompileResult
        do {
            result = try compiler.compile(source)
        } catch {
            Terminal.say("\(error)")
            state.set(.compileFailed(diagnostics: error.description))
            return
        }
        switch result {
        case .failure(let diagnostics):
            FileHandle.standardError.write(Data(diagnostics.utf8))
            Terminal.say(
                current.value == nil
                    ? "\(source.displayPath) does not compile; fix it and save."
                    : "\(source.displayPath) does not compile; the browser shows the errors until you fix them.")
            state.set(.compileFailed(diagnostics: diagnostics))
        case .success(let executable, let cached):
            if !cached { Terminal.say("Compiled in \(String(format: "%.2f", Date().timeIntervalSince(started))) s.") }
            self.executable.value = executable
            if current.value == nil { setUp(executable) }
            start(executable)
        }
    }

    /// Before the first start, at a terminal: the app's `setup` (migrations, then nanodjango's
    /// offer to make the first superuser) in the foreground, where it can ask. A failure is
    /// left for the server's own start to show in the browser.
    private func setUp(_ executable: URL) {
        guard isatty(STDIN_FILENO) == 1, !isSetUp.value else { return }
        isSetUp.value = true
        _ = ForegroundProcess.run(executable, ["setup"] + arguments, environment: ProcessInfo.processInfo.environment)
    }

    /// Starts the app on a fresh private port, then switches traffic to it and stops the old one.
    private func start(_ executable: URL) {
        guard let port = Network.freePort() else {
            state.set(.crashed(output: "No free port on 127.0.0.1 for the app."))
            return
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PONY_RUNNER"] = "1"
        environment["PONY_RUNNER_PID"] = String(getpid())
        if environment["SWIFT_BACKTRACE"] == nil {
            environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no"
        }
        let state = self.state
        let name = source.displayPath
        let generationBox = GenerationBox()
        let process: AppProcess
        do {
            process = try AppProcess(
                executable: executable, arguments: ["run", "127.0.0.1:\(port)"] + arguments, environment: environment
            ) { status, signalled in
                // Only the app the proxy points at reports a crash; replaced apps exit quietly.
                guard let process = generationBox.process, generationBox.isCurrent else { return }
                let how = signalled ? "was killed by signal \(status)" : "exited with status \(status)"
                Terminal.say("\(name) \(how). Fix it and save to restart.")
                state.set(.crashed(output: process.recentOutput))
            }
        } catch {
            state.set(.crashed(output: error.description))
            return
        }
        generationBox.process = process
        guard process.waitUntilListening(port: port) else {
            // Exited during start-up (a configuration error, or app.run() missing) or hung.
            if !process.hasExited {
                process.stop(grace: 1)
                state.set(.crashed(output: process.recentOutput + "\nThe app did not start listening within 15 s."))
            } else {
                let output = process.recentOutput
                Terminal.say(
                    output.isEmpty
                        ? "\(name) exited without serving: does it end with `app.run()`?"
                        : "\(name) stopped during start-up.")
                state.set(
                    .crashed(
                        output: output.isEmpty
                            ? "The app exited without serving: does the file end with app.run()?" : output))
            }
            return
        }
        let previous = current.withLock { current in
            defer { current = (process, generationBox) }
            return current
        }
        previous?.box.isCurrent = false
        generationBox.isCurrent = true
        state.set(.serving(port: port))
        previous?.process.stop(grace: 2)
    }
}

/// Which app process is current, shared with its exit handler.
final class GenerationBox: Sendable {
    private let state = Locked<(process: AppProcess?, isCurrent: Bool)>((nil, false))

    var process: AppProcess? {
        get { state.value.process }
        set { state.withLock { $0.process = newValue } }
    }

    var isCurrent: Bool {
        get { state.value.isCurrent }
        set { state.withLock { $0.isCurrent = newValue } }
    }
}

/// Lines printed by the CLI itself, set apart from the app's own output.
enum Terminal {
    static func say(_ message: String) {
        FileHandle.standardError.write(Data("[pony] \(message)\n".utf8))
    }
}
