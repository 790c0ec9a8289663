import Foundation

/// Runs a program in the CLI's own process group, with its standard input, output and
/// terminal, and waits for it: unlike `Process` (which starts a new session), it can prompt
/// and read a password without echo.
enum ForegroundProcess {
    /// The exit status, or `nil` when the program could not start or was killed by a signal.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) -> Int32? {
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable.path, nil, nil, argv, envp) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return nil }
        }
        // NB: WIFEXITED and WEXITSTATUS are C macros: the low 7 bits are the signal (0 for
        // an exit), the next 8 the exit status.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }
}
