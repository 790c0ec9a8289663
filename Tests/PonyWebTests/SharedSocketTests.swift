import Foundation
import Pony
import PonySupport
import Testing

@testable import PonyWeb

#if canImport(Glibc)
    import Glibc
#endif

/// `pony serve --workers N` hands every worker one listening socket (issue 19). Here two
/// servers in one process accept from one socket, as two workers do.
@Suite(.serialized) struct SharedSocketTests {
    /// A socket listening on 127.0.0.1 and its port.
    static func listeningSocket() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(bound && listen(descriptor, 128) == 0)
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// None of 200 concurrent requests on new connections fails, each with a Date: a server that
    /// loses the race for a connection waits for the next (SwiftNIO's own server channel
    /// asserted in debug builds when that happened).
    @Test func twoServersShareOneListeningSocket() async throws {
        let (descriptor, port) = try Self.listeningSocket()
        defer { close(descriptor) }
        let app = Pony()
        app.settings.accessLog = false
        app.get("/") { _ in "ok" }
        let site = try app.makeSite(mode: .development, environment: ["PONY_ALLOWED_HOSTS": "+a"])
        let ready = AsyncStream<Void>.makeStream()
        let target = BindTarget(host: "127.0.0.1", port: port)
        let servers = (0..<2).map { _ in
            Task {
                try? await Server.run(site: site, on: .socket(descriptor: descriptor, target)) {
                    ready.continuation.yield()
                }
            }
        }
        defer { servers.forEach { $0.cancel() } }
        var started = 0
        for await _ in ready.stream {
            started += 1
            if started == 2 { break }
        }
        let client = RawClient(port: port)
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    await client.exchange("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").response
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0.hasPrefix("HTTP/1.1 200 OK") && $0.hasSuffix("\r\n\r\nok") }.count == 200)
        #expect(results.allSatisfy { $0.contains("\r\ndate: ") || $0.contains("\r\nDate: ") })
        // Cancelled, a server returns once it no longer accepts: the socket may then close.
        for server in servers {
            server.cancel()
            await server.value
        }
    }

    /// The Date header's format (RFC 9110's IMF-fixdate), for the RFC's own example.
    @Test func dateHeaderIsAnIMFFixdate() {
        #expect(DateHeader.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(DateHeader.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(DateHeader.format(1_796_169_600) == "Wed, 02 Dec 2026 00:00:00 GMT")
    }
}
