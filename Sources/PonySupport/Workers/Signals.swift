import Foundation

/// SIGINT/SIGTERM/SIGHUP handlers for the CLI and `serve`'s supervisor.
public enum Signals {
    /// Runs `handler` on SIGINT and SIGTERM.
    public static func onTerminate(_ handler: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] { on(signalNumber, handler) }
    }

    /// Runs `handler` on every `signalNumber` (SIGHUP for `serve`'s reload).
    public static func on(_ signalNumber: Int32, _ handler: @escaping @Sendable () -> Void) {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
        retained.append(source)
    }

    // NB: a queue of its own, not a global one: a handler waits (polling) for the app to exit,
    // and Foundation reports that exit on a global queue, whose threads (as many as cores) a
    // blocked handler must not take.
    private static let queue = DispatchQueue(label: "pony.signals")

    // NB: the sources must stay alive; only appended to while a command starts, from one thread.
    nonisolated(unsafe) private static var retained: [any DispatchSourceSignal] = []
}
