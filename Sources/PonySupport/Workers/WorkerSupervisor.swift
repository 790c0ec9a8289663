import Foundation
import Synchronization

/// `pony serve`'s process manager (and `./app serve --workers N`'s), in the manner of gunicorn's
/// arbiter: it binds the port once and starts N worker processes of the app that all accept
/// from that one listening socket.
///
/// - A worker that dies is replaced at once while the others keep serving; only a worker that
///   dies before it is serving (a crash loop) waits 1 s, 2 s, 4 s … up to 30 s.
/// - The first worker starts alone, so that it alone applies the migrations; a worker that exits
///   with status 1 or 2 before serving (a configuration error) stops `serve`.
/// - SIGTERM or SIGINT: every worker stops accepting, finishes its requests in flight (up to 30 s)
///   and exits; then `serve` exits.
/// - SIGHUP: `reload` gives the executable to run next (the file recompiled, or the binary's
///   path, to which a deploy may have copied a new build); new workers start,
///   and an old one is told to drain as each new one is serving, so no request is refused. If
///   the new workers cannot start, the old ones keep serving.
///
/// Each worker gets the listening socket as descriptor 3 (`PONY_LISTEN_FD`) and the write end of
/// a pipe as descriptor 4 (`PONY_READY_FD`), on which it writes one byte once it serves.
public final class WorkerSupervisor {
    private struct Worker {
        let pid: pid_t
        let generation: Int
        /// The read end of the readiness pipe, until the worker writes to it or closes it.
        var readiness: Int32?
        var isReady = false
        var isRetiring = false
    }

    private enum Request { case none, stop, reload }

    /// What the signal handlers ask of the loop.
    private final class Requests: Sendable {
        let value = Mutex<Request>(.none)
    }

    let count: Int
    let target: BindTarget
    let arguments: [String]
    let reload: () -> String?
    let say: (String) -> Void
    private var executable: String
    private var previous: (executable: String, generation: Int)?
    private var generation = 0
    private var workers: [Worker] = []
    private var spawned = 0
    private var delay = 1.0
    private var nextStart = Date.distantPast
    private let requests = Requests()
    private let grace: Double = 30

    /// A supervisor of `count` processes of `executable` `arguments`, on `target`; `say` prints
    /// its messages, `reload` is called on SIGHUP.
    public init(
        executable: String, arguments: [String], target: BindTarget, count: Int, say: @escaping (String) -> Void,
        reload: @escaping () -> String?
    ) {
        self.executable = executable
        self.arguments = arguments
        self.target = target
        self.count = max(1, count)
        self.say = say
        self.reload = reload
    }

    /// Serves until SIGTERM or SIGINT; throws when the port cannot be bound or the app cannot
    /// start.
    public func run() throws(ServeError) {
        let listener = try Self.above(ListeningSocket.open(target, backlog: 1024))
        let requests = self.requests
        Signals.onTerminate { requests.value.withLock { $0 = .stop } }
        Signals.on(SIGHUP) { requests.value.withLock { if $0 == .none { $0 = .reload } } }
        say("Serving with \(count) worker process\(count == 1 ? "" : "es") at http://\(target)/.")
        while true {
            let request = requests.value.withLock { request in
                defer { request = .none }
                return request
            }
            switch request {
            case .stop:
                stopAll()
                return
            case .reload:
                startReload()
            case .none:
                break
            }
            try startMissing(listener: listener)
            waitForReadiness(timeout: 100)
            try reapExited()
            retireReplaced()
        }
    }

    // MARK: Starting

    /// Starts workers of the current generation until there are `count`; the first of a
    /// generation alone, until it serves (it migrates).
    private func startMissing(listener: Int32) throws(ServeError) {
        let current = workers.filter { $0.generation == generation }
        guard current.count < count, Date() >= nextStart else { return }
        if current.count >= 1, !current.contains(where: \.isReady) { return }
        let wanted = current.isEmpty ? 1 : count - current.count
        for _ in 0..<wanted {
            do {
                workers.append(try start(listener: listener))
            } catch {
                // The new build is missing or not executable: a reload is abandoned.
                guard previous != nil else {
                    stopAll()
                    throw error
                }
                abandonReload("\(error.description)")
                return
            }
        }
    }

    private func start(listener: Int32) throws(ServeError) -> Worker {
        var pipe: [Int32] = [-1, -1]
        guard Foundation.pipe(&pipe) == 0 else {
            throw ServeError("Cannot make a pipe for a worker: \(String(cString: strerror(errno))).")
        }
        let readEnd = Self.above(pipe[0])
        let writeEnd = Self.above(pipe[1])
        defer { close(writeEnd) }
        spawned += 1
        var environment = ProcessInfo.processInfo.environment
        environment["PONY_LISTEN_FD"] = "3"
        environment["PONY_READY_FD"] = "4"
        environment["PONY_RUNNER_PID"] = String(getpid())
        environment["PONY_WORKER"] = String(spawned)
        // NB: SwiftNIO starts a thread per core in every process; N workers share the cores.
        if environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] == nil {
            environment["NIO_SINGLETON_GROUP_LOOP_COUNT"] = String(
                max(1, ProcessInfo.processInfo.activeProcessorCount / count))
        }
        let pid: pid_t
        do {
            pid = try Spawn.start(
                executable, arguments: arguments, environment: environment,
                descriptors: [(listener, 3), (writeEnd, 4)])
        } catch {
            close(readEnd)
            throw error
        }
        return Worker(pid: pid, generation: generation, readiness: readEnd)
    }

    /// Reads the readiness pipes of the workers that are starting, for up to `timeout` ms.
    private func waitForReadiness(timeout: Int32) {
        let starting = workers.indices.filter { workers[$0].readiness != nil }
        guard !starting.isEmpty else {
            usleep(UInt32(timeout) * 1000)
            return
        }
        var descriptors = starting.map { pollfd(fd: workers[$0].readiness ?? -1, events: Int16(POLLIN), revents: 0) }
        guard poll(&descriptors, nfds_t(descriptors.count), timeout) > 0 else { return }
        for (index, descriptor) in zip(starting, descriptors) where descriptor.revents != 0 {
            var byte: UInt8 = 0
            let ready = read(descriptor.fd, &byte, 1) == 1
            close(descriptor.fd)
            workers[index].readiness = nil
            // NB: closed without a byte: the worker is exiting, and reapExited says why.
            guard ready else { continue }
            workers[index].isReady = true
            delay = 1
            if workers[index].generation == generation, previous != nil,
                workers.allSatisfy({ $0.generation != generation || $0.isReady })
            {
                previous = nil
                say("Reloaded: the new workers are serving.")
            }
        }
    }

    // MARK: Exits

    /// Collects the workers that exited and decides what follows.
    private func reapExited() throws(ServeError) {
        var index = 0
        while index < workers.count {
            let worker = workers[index]
            var status: Int32 = 0
            guard waitpid(worker.pid, &status, WNOHANG) == worker.pid else {
                index += 1
                continue
            }
            workers.remove(at: index)
            if let readiness = worker.readiness { close(readiness) }
            if worker.isRetiring || requests.value.withLock({ $0 == .stop }) { continue }
            let exit = ExitStatus(status)
            if !worker.isReady && exit.isStartupError {
                try startupFailed(worker, exit)
            } else if !worker.isReady {
                say("Worker \(worker.pid) \(exit) before serving; starting another in \(Int(delay)) s.")
                nextStart = Date().addingTimeInterval(delay)
                delay = min(delay * 2, 30)
            } else {
                say("Worker \(worker.pid) \(exit); starting another.")
            }
        }
    }

    /// A worker of the running generation stopped with a configuration error: serve cannot go
    /// on. One of a reload's generation: the reload is abandoned, the old workers stay.
    private func startupFailed(_ worker: Worker, _ exit: ExitStatus) throws(ServeError) {
        guard previous != nil, worker.generation == generation else {
            stopAll()
            throw ServeError("The app stopped during start-up (\(exit)); see the message above.", exitCode: exit.code)
        }
        abandonReload("The reloaded app stopped during start-up (\(exit)).")
    }

    /// Stops the new generation's workers and goes back to the previous one, which still serves.
    private func abandonReload(_ reason: String) {
        guard let previous else { return }
        say("\(reason) The previous workers keep serving.")
        for index in workers.indices where workers[index].generation == generation {
            workers[index].isRetiring = true
            kill(workers[index].pid, SIGTERM)
        }
        executable = previous.executable
        generation = previous.generation
        self.previous = nil
    }

    // MARK: Reload and stop

    private func startReload() {
        guard previous == nil else { return }
        say("SIGHUP: reloading.")
        guard let next = reload() else { return }
        previous = (executable, generation)
        executable = next
        generation += 1
        nextStart = .distantPast
        delay = 1
    }

    /// Tells as many old workers to drain as there are new ones serving.
    private func retireReplaced() {
        let serving = workers.filter { $0.generation == generation && $0.isReady }.count
        var old = workers.indices.filter { workers[$0].generation != generation && !workers[$0].isRetiring }
        while !old.isEmpty, old.count + serving > count {
            let index = old.removeFirst()
            workers[index].isRetiring = true
            kill(workers[index].pid, SIGTERM)
        }
    }

    /// SIGTERM to every worker, then waits for them to finish their requests (SIGKILL after
    /// `grace` seconds).
    private func stopAll() {
        for worker in workers { kill(worker.pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while !workers.isEmpty {
            if Date() > deadline {
                for worker in workers { kill(worker.pid, SIGKILL) }
            }
            workers.removeAll { worker in
                var status: Int32 = 0
                return waitpid(worker.pid, &status, WNOHANG) == worker.pid
            }
            usleep(10_000)
        }
    }

    /// `descriptor` moved to a number above 9 (closed on exec), so it is never one of the numbers
    /// a worker receives it as.
    static func above(_ descriptor: Int32) -> Int32 {
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 10)
        guard moved >= 0 else { return descriptor }
        close(descriptor)
        return moved
    }
}

/// How a process ended, as `waitpid` reports it.
struct ExitStatus: CustomStringConvertible {
    let code: Int32
    let signalled: Bool

    init(_ status: Int32) {
        signalled = (status & 0x7f) != 0
        code = signalled ? status & 0x7f : (status >> 8) & 0xff
    }

    /// Status 1 or 2 before serving: a configuration error (missing secret key, a failed
    /// migration…), which a restart cannot mend.
    var isStartupError: Bool { !signalled && (code == 1 || code == 2) }

    var description: String {
        signalled ? "was killed by signal \(code) (\(String(cString: strsignal(code))))" : "exited with status \(code)"
    }
}
