internal import HummingbirdCore
internal import Logging
internal import NIOCore
internal import NIOExtras
internal import NIOPosix
public import PonySupport
internal import ServiceLifecycle

/// Where the server listens: an address it binds itself, or a listening socket it was given.
public enum Listener: Sendable, CustomStringConvertible {
    /// Binds and listens on this address.
    case address(BindTarget)
    /// Accepts on a socket that is already bound and listening, inherited from the process that
    /// started this one (`pony serve --workers N`: every worker accepts from the same queue).
    case socket(descriptor: Int32, BindTarget)

    /// The address, for messages.
    public var target: BindTarget {
        switch self {
        case .address(let target), .socket(_, let target): target
        }
    }

    /// The address, for messages.
    public var description: String { target.description }
}

/// HummingbirdCore's HTTP/1.1 channel behind Pony's own accept loop, which Hummingbird's
/// `Application` does not allow: it can accept from an inherited listening socket.
///
/// On an address it does what Hummingbird's server does: a quiescing helper so a graceful
/// shutdown stops accepting, lets each connection finish the request it is answering, then
/// returns. On an inherited socket see ``SharedSocketAcceptor``.
final class HTTPServer: Service {
    let listener: Listener
    let channel: HTTP1Channel
    let logger: Logger
    let onReady: @Sendable () -> Void
    private let group = MultiThreadedEventLoopGroup.singleton

    init(listener: Listener, channel: HTTP1Channel, logger: Logger, onReady: @escaping @Sendable () -> Void) {
        self.listener = listener
        self.channel = channel
        self.logger = logger
        self.onReady = onReady
    }

    func run() async throws {
        switch listener {
        case .address(let target): try await serve(on: target)
        case .socket(let descriptor, _): await serve(sharing: descriptor)
        }
    }

    private func serve(on target: BindTarget) async throws {
        let quiescing = ServerQuiescingHelper(group: group)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
        let channel = self.channel
        let logger = self.logger
        let serverChannel = try await bootstrap.bind(host: target.host, port: target.port) {
            channel.setup(channel: $0, logger: logger)
        }
        await withGracefulShutdownHandler {
            onReady()
            await withDiscardingTaskGroup { group in
                do {
                    try await serverChannel.executeThenClose { inbound in
                        for try await connection in inbound {
                            group.addTask { await channel.handle(value: connection, logger: logger) }
                        }
                    }
                } catch is CancellationError {
                    // Cancelled (a test's task, or the service group stopping): not a failure.
                } catch {
                    logger.error("The server stopped accepting connections: \(error)")
                }
            }
        } onGracefulShutdown: {
            // NB: closes the listening socket (ending the loop above) and asks every connection
            // to close after its current response; the task group waits for them.
            quiescing.initiateShutdown(promise: nil)
        }
    }

    /// Accepts from a listening socket that other worker processes accept from too.
    private func serve(sharing descriptor: Int32) async {
        let acceptor = SharedSocketAcceptor(descriptor: descriptor)
        let open = OpenConnections()
        let channel = self.channel
        let logger = self.logger
        let loops = self.group
        await withGracefulShutdownHandler {
            onReady()
            await withDiscardingTaskGroup { group in
                for await socket in acceptor.connections() {
                    group.addTask {
                        do {
                            let connection = try await ClientBootstrap(group: loops)
                                .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                                .withConnectedSocket(socket) { channel.setup(channel: $0, logger: logger) }
                            let key = open.add(connection.channel)
                            await channel.handle(value: connection, logger: logger)
                            open.remove(key)
                        } catch {
                            logger.debug("A connection could not be set up: \(error)")
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            // NB: stops accepting (the other workers take the queue), then asks every connection
            // to close after its current response; the task group waits for them.
            acceptor.stop()
            open.quiesce()
        }
        acceptor.stop()
        await acceptor.waitUntilStopped()
    }
}
