import Foundation

/// A TCP socket listening on an address, for `pony serve`'s workers and `pony run`'s proxy.
public enum ListeningSocket {
    /// Binds and listens on `target`; throws a one-line error when the address is taken or invalid.
    public static func open(_ target: BindTarget, backlog: Int32 = 128) throws(ServeError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &info) == 0, let address = info else {
            throw ServeError("Cannot listen on \(target): unknown host \(target.host).")
        }
        defer { freeaddrinfo(info) }
        let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard descriptor >= 0 else {
            throw ServeError("Cannot create a socket: \(String(cString: strerror(errno))).")
        }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(descriptor)
            if code == EADDRINUSE {
                throw ServeError(
                    "Port \(target.port) is already in use on \(target.host): stop the other server or pass another HOST:PORT."
                )
            }
            throw ServeError("Cannot listen on \(target): \(String(cString: strerror(code))).")
        }
        guard listen(descriptor, backlog) == 0 else {
            close(descriptor)
            throw ServeError("Cannot listen on \(target): \(String(cString: strerror(errno))).")
        }
        return descriptor
    }
}

/// Serving could not start or go on: what went wrong and what to do, and the exit status.
public struct ServeError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String
    /// The process exit status.
    public let exitCode: Int32

    /// An error with its message and exit status.
    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}

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
