import Foundation
internal import NIOCore
internal import NIOPosix
import Synchronization

/// What a ``PipelinedClient`` needs to know of the protocol it speaks (Redis's RESP,
/// memcached's text protocol).
protocol PipelineProtocol: SendableMetatype {
    associatedtype Reply: Sendable
    associatedtype Decoder: ByteToMessageDecoder where Decoder.InboundOut == Reply
    /// The server's kind, for messages: "Redis", "memcached".
    static var serverKind: String { get }
    static func makeDecoder() -> Decoder
    /// An error of this backend, with `message`.
    static func error(_ message: String) -> CacheError
}

/// Where a cache server listens, and how long to wait for it.
struct CacheServerEndpoint: Sendable, Hashable, CustomStringConvertible {
    enum Address: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unix(path: String)
    }

    var address: Address
    /// How long a reply may take; then the connection is closed and the commands fail.
    var timeout = 5.0
    var connectTimeout = 5.0

    /// Where it is, without credentials (for messages).
    var description: String {
        switch address {
        case .tcp(let host, let port): "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unix(let path): path
        }
    }
}

/// One connection to a cache server, shared by every task of the process: requests are
/// pipelined (written as they come, answered in order), so a request never waits for a free
/// connection. It connects at the first request and again after the connection drops; a
/// reply that takes longer than the endpoint's `timeout` closes it and fails the requests
/// waiting on it.
final class PipelinedClient<Protocol: PipelineProtocol>: Sendable {
    typealias Reply = Protocol.Reply
    let endpoint: CacheServerEndpoint
    /// What runs on a new connection before anything else (a login): it completes with the
    /// channel, or fails and closes it.
    private let handshake: @Sendable (any Channel) -> EventLoopFuture<any Channel>
    private let state = Mutex<Connection?>(nil)

    private enum Connection {
        case connecting(EventLoopFuture<any Channel>)
        case connected(any Channel)
    }

    init(
        _ endpoint: CacheServerEndpoint,
        handshake: @escaping @Sendable (any Channel) -> EventLoopFuture<any Channel> = {
            $0.eventLoop.makeSucceededFuture($0)
        }
    ) {
        self.endpoint = endpoint
        self.handshake = handshake
    }

    deinit {
        if case .connected(let channel)? = state.withLock({ $0 }) { channel.close(promise: nil) }
    }

    /// Sends `bytes`, which hold `count` requests, in one write and returns their replies in
    /// order.
    func send(_ bytes: ByteBuffer, count: Int) async throws -> [Reply] {
        do {
            let channel = try await connection()
            do {
                return try await Self.write(bytes, count: count, on: channel).get()
            } catch ChannelError.ioOnClosedChannel {
                // NB: nothing was sent: the connection closed before the write (the server or a
                // timeout closed it, and this task saw it open). Once more, on a new connection.
                forget(channel)
                return try await Self.write(bytes, count: count, on: try await connection()).get()
            }
        } catch let error as CacheError {
            throw error
        } catch {
            throw Protocol.error("\(endpoint): \(error)")
        }
    }

    /// Drops `channel`, so that the next request connects again.
    private func forget(_ channel: any Channel) {
        state.withLock { connection in
            if case .connected(let current)? = connection, current === channel { connection = nil }
        }
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
                throw Protocol.error("could not connect to the \(Protocol.serverKind) server at \(endpoint): \(error)")
            }
        }
    }

    /// Connects, then runs the handshake.
    private func connect() -> EventLoopFuture<any Channel> {
        let endpoint = endpoint
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(endpoint.connectTimeout * 1000)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(Protocol.makeDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        PipelineHandler<Protocol>(timeout: endpoint.timeout))
                }
            }
        let connected: EventLoopFuture<any Channel>
        switch endpoint.address {
        case .tcp(let host, let port): connected = bootstrap.connect(host: host, port: port)
        case .unix(let path): connected = bootstrap.connect(unixDomainSocketPath: path)
        }
        return connected.flatMap(handshake)
    }

    /// Writes `bytes` (`count` requests) and completes with their replies (the handler fails
    /// them when the connection closes, or when a reply takes longer than the timeout).
    static func write(_ bytes: ByteBuffer, count: Int, on channel: any Channel) -> EventLoopFuture<[Reply]> {
        let loop = channel.eventLoop
        let promises = (0..<count).map { _ in loop.makePromise(of: Reply.self) }
        channel.writeAndFlush(PipelineHandler<Protocol>.Request(bytes: bytes, replies: promises)).whenFailure {
            error in
            for promise in promises { promise.fail(error) }
        }
        if promises.count == 1, let only = promises.first { return only.futureResult.map { [$0] } }
        return EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: loop)
    }
}
