internal import NIOCore
internal import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Accepts connections on a listening socket shared with other worker processes
/// (`pony serve --workers N`), on a thread of its own.
///
/// NB: not SwiftNIO's server channel: every process waiting on the socket is woken for each
/// connection and all but one find nothing to accept, which SwiftNIO asserts never happens
/// (`BaseSocketChannel.readable0`), so a debug build trapped. Here a worker that loses the race
/// waits again. Not `SO_REUSEPORT` either: the shared queue means a worker that crashes (or is
/// printing its backtrace) loses no waiting connection — the others accept them.
final class SharedSocketAcceptor: Sendable {
    let descriptor: Int32
    private let stopping = Atomic<Bool>(false)
    private let exit = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    init(descriptor: Int32) {
        self.descriptor = descriptor
        // NB: a flag of the socket, shared by every worker: accept must not block after
        // another worker took the connection.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// The accepted sockets (non-blocking, closed on exec), until ``stop()``.
    func connections() -> AsyncStream<NIOBSDSocket.Handle> {
        let (stream, continuation) = AsyncStream.makeStream(of: NIOBSDSocket.Handle.self)
        // NB: a consumer that stops (its task cancelled) stops the thread, which must not go on
        // accepting from a descriptor its owner may close and the number be reused.
        continuation.onTermination = { [self] _ in stop() }
        let descriptor = self.descriptor
        let thread = AcceptThread { [self] in
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while !stopping.load(ordering: .relaxed) {
                // NB: the timeout bounds how long a stop waits for this thread.
                guard poll(&waiting, 1, 100) > 0, !stopping.load(ordering: .relaxed) else { continue }
                for _ in 0..<16 {
                    let socket = accept(descriptor, nil, nil)
                    guard socket >= 0 else {
                        // Out of descriptors: let connections close before trying again.
                        if errno == EMFILE || errno == ENFILE { usleep(10_000) }
                        break
                    }
                    _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
                    _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
                    if case .terminated = continuation.yield(socket) { close(socket) }
                }
            }
            continuation.finish()
            let waiter = exit.withLock { exit in
                exit.done = true
                return exit.waiter
            }
            waiter?.resume()
        }
        thread.start()
        return stream
    }

    /// Stops accepting within 100 ms; the stream of connections then ends.
    func stop() { stopping.store(true, ordering: .relaxed) }

    /// Returns once the accepting thread has ended (after ``stop()``), even in a cancelled task.
    func waitUntilStopped() async {
        await withCheckedContinuation { continuation in
            let done = exit.withLock { exit in
                if !exit.done { exit.waiter = continuation }
                return exit.done
            }
            if done { continuation.resume() }
        }
    }
}

/// A detached POSIX thread running one closure.
private final class AcceptThread: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    func start() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(
            &thread, nil,
            { context in
                let box = Unmanaged<AcceptThread>.fromOpaque(context!).takeRetainedValue()
                box.body()
                return nil
            }, context)
        if created == 0 { pthread_detach(thread) } else { Unmanaged<AcceptThread>.fromOpaque(context).release() }
    }
}

/// The connections a worker is answering, so a graceful shutdown can ask each to close after
/// its current response (SwiftNIO's `ChannelShouldQuiesceEvent`, which Hummingbird's channel
/// handles).
///
/// NB: Hummingbird's channel closes a quiesced connection at once when no request is in
/// progress, and a connection accepted just before the stop may not have read its first request
/// yet; closing it would fail a request no client retries (a new connection's). So the stop
/// waits `delay` first: connections keep being served, new ones are no longer accepted.
final class OpenConnections: Sendable {
    private let state = Mutex<(next: Int, channels: [Int: any Channel], quiescing: Bool)>((0, [:], false))
    let delay: TimeAmount

    init(delay: TimeAmount = .milliseconds(500)) { self.delay = delay }

    /// Adds `channel`; asked to close after its first response when the shutdown has begun.
    func add(_ channel: any Channel) -> Int {
        let (key, quiescing) = state.withLock { state in
            state.next += 1
            state.channels[state.next] = channel
            return (state.next, state.quiescing)
        }
        if quiescing { quiesce(channel) }
        return key
    }

    func remove(_ key: Int) { _ = state.withLock { $0.channels.removeValue(forKey: key) } }

    /// Asks every open connection to close after its current response, `delay` from now.
    func quiesce() {
        let channels = state.withLock { state in
            state.quiescing = true
            return Array(state.channels.values)
        }
        channels.forEach(quiesce)
    }

    private func quiesce(_ channel: any Channel) {
        channel.eventLoop.scheduleTask(in: delay) {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }
}
