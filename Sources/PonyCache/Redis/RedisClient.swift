import Foundation
internal import NIOCore
internal import NIOPosix
import Synchronization

/// One connection to a Redis server, shared by every task of the process: commands are
/// pipelined (written as they come, answered in order), so a request never waits for a free
/// connection. It connects at the first command and again after the connection drops; a
/// reply that takes longer than the server's `socket_timeout` closes it and fails the commands
/// waiting on it.
final class RedisClient: Sendable {
    let server: RedisServer
    private let state = Mutex<Connection?>(nil)

    private enum Connection {
        case connecting(EventLoopFuture<any Channel>)
        case connected(any Channel)
    }

    init(_ server: RedisServer) { self.server = server }

    deinit {
        if case .connected(let channel)? = state.withLock({ $0 }) { channel.close(promise: nil) }
    }

    /// Sends `commands` in one write and returns their replies, in order; an error reply
    /// throws ``CacheError/redis(_:)``.
    func send(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        let replies: [RESPValue]
        do {
            replies = try await write(commands)
        } catch let error as CacheError {
            throw error
        } catch {
            throw CacheError.redis("\(server): \(error)")
        }
        for case .error(let message) in replies { throw CacheError.redis("\(server): \(message)") }
        return replies
    }

    private func write(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        let channel = try await connection()
        do {
            return try await Self.write(commands, on: channel).get()
        } catch ChannelError.ioOnClosedChannel {
            // NB: nothing was sent: the connection closed before the write (the server or a
            // timeout closed it, and this task saw it open). Once more, on a new connection.
            forget(channel)
            return try await Self.write(commands, on: try await connection()).get()
        }
    }

    /// Drops `channel`, so that the next command connects again.
    private func forget(_ channel: any Channel) {
        state.withLock { connection in
            if case .connected(let current)? = connection, current === channel { connection = nil }
        }
    }

    /// Sends one command and returns its reply.
    func send(_ command: RESPCommand) async throws -> RESPValue {
        guard let reply = try await send([command]).first else { throw CacheError.redis("\(server): no reply") }
        return reply
    }

    /// The open connection, or a new one.
    private func connection() async throws -> any Channel {
        let (current, isNew) = state.withLock { connection -> (Connection, Bool) in
            if let connection {
                switch connection {
                case .connected(let channel) where !channel.isActive: break
                default: return (connection, false)
                }
            }
            let attempt = Connection.connecting(connect())
            connection = attempt
            return (attempt, true)
        }
        switch current {
        case .connected(let channel):
            return channel
        case .connecting(let future):
            if isNew {
                // NB: registered outside the lock: a callback may run at once, and takes it.
                future.whenComplete { result in
                    self.state.withLock { connection in
                        guard case .connecting(let attempt)? = connection, attempt === future else { return }
                        connection = (try? result.get()).map(Connection.connected)
                    }
                }
            }
            do {
                return try await future.get()
            } catch let error as CacheError {
                throw error
            } catch {
                throw CacheError.redis("could not connect to the Redis server at \(server): \(error)")
            }
        }
    }

    /// Connects, then logs in and selects the database when the location asks for it.
    private func connect() -> EventLoopFuture<any Channel> {
        let server = server
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(server.connectTimeout * 1000)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RedisHandler(timeout: server.timeout))
                }
            }
        let connected: EventLoopFuture<any Channel>
        switch server.address {
        case .tcp(let host, let port): connected = bootstrap.connect(host: host, port: port)
        case .unix(let path): connected = bootstrap.connect(unixDomainSocketPath: path)
        }
        var handshake: [RESPCommand] = []
        if let password = server.password {
            handshake.append(
                RESPCommand("AUTH", (server.username.map { [$0, password] } ?? [password]).map { Array($0.utf8) }))
        }
        if server.database != 0 { handshake.append(RESPCommand("SELECT", String(server.database))) }
        guard !handshake.isEmpty else { return connected }
        let commands = handshake
        return connected.flatMap { channel in
            Self.write(commands, on: channel).flatMapThrowing { replies in
                for case .error(let message) in replies {
                    channel.close(promise: nil)
                    throw CacheError.redis("the Redis server at \(server) refused the login or database: \(message)")
                }
                return channel
            }
        }
    }

    /// Writes `commands` and completes with their replies (the handler fails them when the
    /// connection closes, or when a reply takes longer than the server's timeout).
    private static func write(_ commands: [RESPCommand], on channel: any Channel) -> EventLoopFuture<[RESPValue]> {
        let loop = channel.eventLoop
        let promises = commands.map { _ in loop.makePromise(of: RESPValue.self) }
        var bytes = channel.allocator.buffer(capacity: 64)
        for command in commands { command.write(to: &bytes) }
        channel.writeAndFlush(RedisHandler.Request(bytes: bytes, replies: promises)).whenFailure { error in
            for promise in promises { promise.fail(error) }
        }
        if promises.count == 1, let only = promises.first { return only.futureResult.map { [$0] } }
        return EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: loop)
    }
}

/// Matches replies to the commands written before them, first in, first out; flushes once
/// per turn of the event loop, whatever the number of commands written in it; and closes the
/// connection when the oldest command waits longer than `timeout` (its reply, if it came later,
/// could not be matched).
final class RedisHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    /// Commands' bytes and the promises of their replies, in order.
    struct Request {
        let bytes: ByteBuffer
        let replies: [EventLoopPromise<RESPValue>]
    }

    private struct Waiting {
        let reply: EventLoopPromise<RESPValue>
        let deadline: NIODeadline
    }

    private let timeout: TimeAmount
    private let timeoutText: String
    private var waiting = CircularBuffer<Waiting>()
    private var closed = false
    /// Why the connection is closing, for the commands still waiting.
    private var failure: (any Error)?
    private var flushScheduled = false
    /// Armed for the oldest waiting command's deadline, while one waits.
    private var timer: Scheduled<Void>?

    init(timeout seconds: Double) {
        timeout = .milliseconds(Int64(seconds * 1000))
        timeoutText = "no reply within \(seconds) s"
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard !closed else {
            for reply in request.replies { reply.fail(ChannelError.ioOnClosedChannel) }
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let deadline = NIODeadline.now() + timeout
        for reply in request.replies { waiting.append(Waiting(reply: reply, deadline: deadline)) }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
        armTimer(context)
    }

    /// NB: deferred to the end of this turn of the loop, so that the commands other tasks
    /// write in the same turn leave in one system call.
    func flush(context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute {
            self.flushScheduled = false
            context.flush()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let first = waiting.popFirst() else {
            // NB: a reply no command asked for: the stream cannot be trusted any more.
            context.close(promise: nil)
            return
        }
        first.reply.succeed(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(failure ?? CacheError.redis("the connection closed"))
        context.fireChannelInactive()
    }

    /// Closes the connection, then fails the commands waiting with `error`.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failure = failure ?? error
        context.close(promise: nil)
        failAll(error)
    }

    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, let oldest = waiting.first else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: oldest.deadline) {
            self.timer = nil
            guard let oldest = self.waiting.first else { return }
            if oldest.deadline <= .now() {
                self.errorCaught(context: context, error: CacheError.redis(self.timeoutText))
            } else {
                self.armTimer(context)
            }
        }
    }

    private func failAll(_ error: any Error) {
        closed = true
        timer?.cancel()
        timer = nil
        while let first = waiting.popFirst() { first.reply.fail(error) }
    }
}
