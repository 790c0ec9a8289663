internal import Foundation
internal import PonySupport

extension Pony {
    /// `./app serve --workers N`: this process binds the port and runs N copies of itself
    /// (`serve` without `--workers`) that accept from that socket, as `pony serve` does; SIGHUP
    /// starts new workers from the binary's path, so a deploy that copied a new build there is
    /// rolled out without refusing a request. Returns the exit status.
    static func superviseWorkers(_ count: Int, on target: BindTarget, context: CommandContext) async -> Int32 {
        let executable = executablePath()
        // NB: the supervisor blocks (waitpid, poll); a thread of its own keeps it off the
        // concurrency pool.
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let supervisor = WorkerSupervisor(
                    executable: executable, arguments: ["serve", target.description], target: target, count: count,
                    say: { context.writeError("[pony] \($0)\n") }, reload: { executable })
                do throws(ServeError) {
                    try supervisor.run()
                    continuation.resume(returning: 0)
                } catch {
                    context.writeError("Error: \(error)\n")
                    continuation.resume(returning: error.exitCode)
                }
            }
        }
    }

    /// This program's path as it was started (not `/proc/self/exe`, which names the old file
    /// once a deploy has replaced it).
    static func executablePath() -> String {
        let first = CommandLine.arguments.first ?? ""
        if first.contains("/") { return URL(fileURLWithPath: first).standardizedFileURL.path }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? first
    }
}
