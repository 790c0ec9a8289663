import Foundation

/// Starting a worker process with `posix_spawn`, which Foundation's `Process` cannot do for
/// ``WorkerSupervisor``: hand the child a descriptor under a chosen number (the listening
/// socket), and reap it with `waitpid` in the supervisor's own loop.
package enum Spawn {
    /// Starts `path` and returns its pid. `descriptors` are (open descriptor, number in the
    /// child); the child also keeps standard input, output and error. Signals the CLI ignores
    /// (it handles them with Dispatch) are reset to their defaults in the child.
    package static func start(
        _ path: String, arguments: [String], environment: [String: String], descriptors: [(Int32, Int32)]
    ) throws(ServeError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, number) in descriptors {
            posix_spawn_file_actions_adddup2(&actions, descriptor, number)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ServeError("Could not start \(path): \(String(cString: strerror(result))).")
        }
        return pid
    }

    /// Runs `path` with the terminal and waits for it, as `system(3)` does: while it runs, this
    /// process ignores interrupts (the child gets them, with their default action). Returns
    /// its exit status, or 128 plus the signal that ended it, as a shell reports it.
    package static func runInForeground(_ path: String, arguments: [String], environment: [String: String])
        throws(ServeError) -> Int32
    {
        let previous = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, previous) }
        let pid = try start(path, arguments: arguments, environment: environment, descriptors: [])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw ServeError("Could not wait for \(path): \(String(cString: strerror(errno))).")
            }
        }
        // NB: WIFEXITED and WEXITSTATUS are C macros: the low 7 bits are the signal (0 for an
        // exit), the next 8 the exit status.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
