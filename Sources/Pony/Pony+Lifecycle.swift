internal import Foundation
internal import Logging
internal import Synchronization

/// Code an app runs around its server: once before it listens, once after it stopped, and
/// alongside it for as long as it serves.
struct LifecycleHook: Sendable {
    let name: String
    let file: String
    let line: Int
    let body: @Sendable () async throws -> Void

    var place: String { "\(file):\(line)" }
}

extension Pony {
    /// Runs `hook` when `run` or `serve` starts: after the migrations, before the server
    /// listens, with the app's database (Django's `AppConfig.ready()`, Starlette's `startup`).
    /// Hooks run in the order they were added; one that throws stops the start with its error.
    public func onStartup(
        file: String = #filePath, line: Int = #line, _ hook: @escaping @Sendable () async throws -> Void
    ) {
        state.withLock { $0.startupHooks.append(LifecycleHook(name: "start-up", file: file, line: line, body: hook)) }
    }

    /// Runs `hook` after the server stopped (`SIGTERM` or Ctrl-C: in-flight requests were
    /// answered) and the background tasks ended, still with the database. An error is logged.
    public func onShutdown(
        file: String = #filePath, line: Int = #line, _ hook: @escaping @Sendable () async throws -> Void
    ) {
        state.withLock { $0.shutdownHooks.append(LifecycleHook(name: "shutdown", file: file, line: line, body: hook)) }
    }

    /// Runs `body` beside the server, with the app's database and settings, from start-up until
    /// the server stops, when its task is cancelled (`Task.sleep` then throws `CancellationError`;
    /// a loop that never sleeps should check `Task.isCancelled`): a ticker, a queue consumer, a
    /// cache warmer.
    ///
    /// ```swift
    /// app.backgroundTask("purge") {
    ///     while true {
    ///         try await Note.objects.filter("archived", true).delete()
    ///         try await Task.sleep(for: .seconds(3600))
    ///     }
    /// }
    /// ```
    ///
    /// A task that returns is done. One that throws is logged with its name and line and run
    /// again after 1 s, then 2 s, 4 s … up to a minute, while the site goes on serving.
    public func backgroundTask(
        _ name: String, file: String = #filePath, line: Int = #line,
        _ body: @escaping @Sendable () async throws -> Void
    ) {
        state.withLock { $0.backgroundTasks.append(LifecycleHook(name: name, file: file, line: line, body: body)) }
    }

    /// Runs the start-up hooks, then `serve` with the background tasks beside it, then the
    /// shutdown hooks; returns `serve`'s status, or 1 when a start-up hook failed.
    func withLifecycle(_ serve: @Sendable () async -> Int32) async -> Int32 {
        let (startup, shutdown, tasks) = state.withLock { ($0.startupHooks, $0.shutdownHooks, $0.backgroundTasks) }
        for hook in startup {
            do {
                try await hook.body()
            } catch {
                FileHandle.standardError.write(
                    Data("Error: the start-up hook at \(hook.place) failed: \(error)\n".utf8))
                return 1
            }
        }
        let status = await withTaskGroup(of: Void.self) { group in
            for task in tasks { group.addTask { await task.runRestarting() } }
            let status = await serve()
            group.cancelAll()
            await group.waitForAll()
            return status
        }
        // NB: in a task of its own, which keeps the database but not a cancellation of this one.
        await Task {
            for hook in shutdown {
                do {
                    try await hook.body()
                } catch {
                    Logger(label: "pony.lifecycle").error("The shutdown hook at \(hook.place) failed: \(error)")
                }
            }
        }.value
        return status
    }
}

extension LifecycleHook {
    /// Runs a background task until it returns or is cancelled, again after a failure.
    func runRestarting() async {
        var delay = 1.0
        while !Task.isCancelled {
            do {
                try await body()
                return
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                Logger(label: "pony.lifecycle").error(
                    "The background task '\(name)' (\(place)) failed: \(error). Running it again in \(Int(delay)) s.")
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 60)
            }
        }
    }
}
