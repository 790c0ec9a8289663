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
            return try await Self.write(commands, on: channel, timeout: server.timeout).get()
        } catch ChannelError.ioOnClosedChannel {
            // NB: nothing was sent: the connection closed before the write (the server or a
            // timeout closed it, and this task saw it open). Once more, on a new connection.
            forget(channel)
            return try await Self.write(commands, on: try await connection(), timeout: server.timeout).get()
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
                    try channel.pipeline.syncOperations.addHandler(RedisHandler())
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
            Self.write(commands, on: channel, timeout: server.timeout).flatMapThrowing { replies in
                for case .error(let message) in replies {
                    channel.close(promise: nil)
                    throw CacheError.redis("the Redis server at \(server) refused the login or database: \(message)")
                }
                return channel
            }
        }
    }

    /// Writes `commands` and completes with their replies; after `timeout` seconds without
    /// them, closes the connection (its later replies could not be matched to commands).
    private static func write(_ commands: [RESPCommand], on channel: any Channel, timeout: Double)
        -> EventLoopFuture<[RESPValue]>
    {
        let loop = channel.eventLoop
        let promises = commands.map { _ in loop.makePromise(of: RESPValue.self) }
        var bytes = channel.allocator.buffer(capacity: 64)
        for command in commands { command.write(to: &bytes) }
        channel.writeAndFlush(RedisHandler.Request(bytes: bytes, replies: promises)).whenFailure { error in
            for promise in promises { promise.fail(error) }
        }
        let replies = EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: loop)
        let deadline = loop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            // NB: through the handler, which closes the connection before it fails the
            // commands: a task they wake must find it closed.
            channel.pipeline.fireErrorCaught(CacheError.redis("no reply within \(timeout) s"))
        }
        replies.whenComplete { _ in deadline.cancel() }
        return replies
    }
}

/// Matches replies to the commands written before them, first in, first out.
final class RedisHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    /// Commands' bytes and the promises of their replies, in order.
    struct Request {
        let bytes: ByteBuffer
        let replies: [EventLoopPromise<RESPValue>]
    }

    private var waiting = CircularBuffer<EventLoopPromise<RESPValue>>()
    private var closed = false
    /// Why the connection is closing, for the commands still waiting.
    private var failure: (any Error)?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard !closed else {
            for reply in request.replies { reply.fail(ChannelError.ioOnClosedChannel) }
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        waiting.append(contentsOf: request.replies)
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let reply = waiting.popFirst() else {
            // NB: a reply no command asked for: the stream cannot be trusted any more.
            context.close(promise: nil)
            return
        }
        reply.succeed(unwrapInboundIn(data))
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

    private func failAll(_ error: any Error) {
        closed = true
        while let reply = waiting.popFirst() { reply.fail(error) }
    }
}
