import Foundation
internal import NIOCore

/// RESP for ``PipelinedClient``.
enum RedisProtocol: PipelineProtocol {
    static let serverKind = "Redis"
    static func makeDecoder() -> RESPDecoder { RESPDecoder() }
    static func error(_ message: String) -> CacheError { .redis(message) }
}

/// One connection to a Redis server, shared by every task of the process (a
/// ``PipelinedClient``), that logs in and selects the location's database when it connects.
final class RedisClient: Sendable {
    let server: RedisServer
    private let client: PipelinedClient<RedisProtocol>

    init(_ server: RedisServer) {
        self.server = server
        client = PipelinedClient(server.endpoint) { channel in Self.logIn(channel, server) }
    }

    /// Sends `commands` in one write and returns their replies, in order; an error reply
    /// throws ``CacheError/redis(_:)``.
    func send(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        let replies = try await client.send(Self.bytes(commands), count: commands.count)
        for case .error(let message) in replies { throw CacheError.redis("\(server): \(message)") }
        return replies
    }

    /// Sends one command and returns its reply.
    func send(_ command: RESPCommand) async throws -> RESPValue {
        guard let reply = try await send([command]).first else { throw CacheError.redis("\(server): no reply") }
        return reply
    }

    private static func bytes(_ commands: [RESPCommand]) -> ByteBuffer {
        var bytes = ByteBuffer()
        for command in commands { command.write(to: &bytes) }
        return bytes
    }

    /// `AUTH` and `SELECT` when the location asks for them.
    private static func logIn(_ channel: any Channel, _ server: RedisServer) -> EventLoopFuture<any Channel> {
        var handshake: [RESPCommand] = []
        if let password = server.password {
            handshake.append(
                RESPCommand("AUTH", (server.username.map { [$0, password] } ?? [password]).map { Array($0.utf8) }))
        }
        if server.database != 0 { handshake.append(RESPCommand("SELECT", String(server.database))) }
        guard !handshake.isEmpty else { return channel.eventLoop.makeSucceededFuture(channel) }
        return PipelinedClient<RedisProtocol>.write(bytes(handshake), count: handshake.count, on: channel)
            .flatMapThrowing { replies in
                for case .error(let message) in replies {
                    channel.close(promise: nil)
                    throw CacheError.redis("the Redis server at \(server) refused the login or database: \(message)")
                }
                return channel
            }
    }
}
