import Foundation

/// Starting a worker process with `posix_spawn`, which Foundation's `Process` cannot do for
/// ``WorkerSupervisor``: hand the child a descriptor under a chosen number (the listening
/// socket), and reap it with `waitpid` in the supervisor's own loop.
enum Spawn {
    /// Starts `path` and returns its pid. `descriptors` are (open descriptor, number in the
    /// child); the child also keeps standard input, output and error. Signals the CLI ignores
    /// (it handles them with Dispatch) are reset to their defaults in the child.
    static func start(
        _ path: String, arguments: [String], environment: [String: String], descriptors: [(Int32, Int32)]
    ) throws(ServeError) -> pid_t {
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
}
