import Foundation
import Pony
import PonySupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP client for sending exactly the bytes a test wants; it reads on a thread of its own.
struct RawClient {
    let port: Int

    /// Sends `request` (optionally in timed pieces), then reads until the server closes or
    /// `timeout` passes; returns what was read and whether the server closed the connection.
    /// With `untilResponse`, returns as soon as one whole response (by its `Content-Length`)
    /// has arrived, without waiting for a keep-alive connection to close.
    /// Sends `pieces` and reads the reply on a thread of its own: a blocking read on the
    /// concurrency pool would starve the in-process server of the pool's two threads here.
    /// With `halfClose`, shuts the sending side after the last piece, as `nc -N` does.
    func exchange(
        _ pieces: [[UInt8]], pause: Double = 0, timeout: Double = 3, untilResponse: Bool = false,
        halfClose: Bool = false
    ) async -> (response: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    returning: exchangeBlocking(
                        pieces, pause: pause, timeout: timeout, untilResponse: untilResponse, halfClose: halfClose))
            }
        }
    }

    private func exchangeBlocking(
        _ pieces: [[UInt8]], pause: Double, timeout: Double, untilResponse: Bool, halfClose: Bool
    ) -> (response: String, closed: Bool) {
        guard let descriptor = Self.open(port: port) else { return ("connect failed", true) }
        defer { close(descriptor) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        for (index, piece) in pieces.enumerated() {
            if index > 0 && pause > 0 { Thread.sleep(forTimeInterval: pause) }
            _ = piece.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        if halfClose { shutdown(descriptor, Int32(SHUT_WR)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return (String(decoding: received, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: received, as: UTF8.self), errno == ECONNRESET) }
            received += buffer[0..<count]
            if untilResponse, Self.isComplete(received) { return (String(decoding: received, as: UTF8.self), false) }
        }
    }

    /// Whether `bytes` hold a response head and as much body as its `Content-Length` says.
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return text[end.upperBound...].utf8.count >= length
    }

    /// A socket connected to 127.0.0.1:`port` (the caller closes it), or `nil`.
    static func open(port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// ``exchange(_:pause:timeout:untilResponse:)`` on a thread of its own: the blocking reads
    /// must not hold a thread of the concurrency pool, which the server in this process needs
    /// (two suites blocking both threads of a 2-core machine starve it).
    func exchangeOffPool(_ bytes: [UInt8], timeout: Double) async -> (response: String, closed: Bool) {
        await exchange([bytes], timeout: timeout, untilResponse: true)
    }

    func exchange(_ text: String, timeout: Double = 3) async -> (response: String, closed: Bool) {
        await exchange([Array(text.utf8)], timeout: timeout)
    }
}

/// One server for the suite, on a free port.
final class LiveServer: Sendable {
    let port: Int
    let task: Task<Void, Never>

    convenience init(requestTimeout: Double = 30, maxConnections: Int = 10_000) async throws {
        let app = Pony(maxBodySize: 1024)
        app.get("") { _ in Response.text("ok") }
        // NB: raw sockets carry no CSRF token; the body is what these tests are about.
        app.csrfExempt.post("echo/") { request in Response.text("\(request.body.count) bytes") }
        app.get("boom/") { _ -> Response in throw CocoaError(.fileNoSuchFile) }
        app.get("file/") { _ in try Response.file(#filePath) }
        // NB: a view that waits is answered off the event loop; one that does not, on it.
        app.get("later/") { _ in
            try await Task.sleep(for: .milliseconds(20))
            return Response.text("later")
        }
        app.get("stream/") { _ in
            Response.stream(
                AsyncStream { continuation in
                    for word in ["alpha ", "beta ", "gamma"] { continuation.yield(word) }
                    continuation.finish()
                })
        }
        var settings = app.settings
        settings.requestTimeout = requestTimeout
        settings.maxConnections = maxConnections
        app.settings = settings
        try await self.init(app: app)
    }

    /// Serves `app` (in development mode, without an access log).
    init(app: Pony) async throws {
        app.settings.accessLog = false
        let site = try app.makeSite(mode: .development, environment: ["PONY_ALLOWED_HOSTS": "+a"])
        let port = LiveServer.freePort()
        self.port = port
        let ready = AsyncStream<Void>.makeStream()
        task = Task {
            try? await Server.run(site: site, on: .address(BindTarget(host: "127.0.0.1", port: port))) {
                ready.continuation.yield()
            }
        }
        for await _ in ready.stream { break }
    }

    deinit { task.cancel() }

    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

@Suite(.serialized) struct ServerSocketTests {
    static func statusLine(_ response: String) -> String {
        response.components(separatedBy: "\r\n").first ?? ""
    }

    @Test func servesAndKeepsServingAfterAThrowingView() async throws {
        let server = try await LiveServer()
        let client = RawClient(port: server.port)
        let crash = await client.exchange("GET /boom/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(Self.statusLine(crash.response) == "HTTP/1.1 500 Internal Server Error")
        let ok = await client.exchange("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(Self.statusLine(ok.response) == "HTTP/1.1 200 OK")
        #expect(ok.response.hasSuffix("\r\n\r\nok"))
    }

    @Test(arguments: [
        ("no Host", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "400"),
        (
            "duplicate Content-Length",
            "POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "400"
        ),
        ("negative Content-Length", "POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "400"),
        (
            "Content-Length with Transfer-Encoding",
            "POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"
        ),
        ("invalid UTF-8 in the path", "GET /caf\u{FF}/ HTTP/1.1\r\nHost: a\r\n\r\n", "400"),
        ("percent-encoded invalid UTF-8", "GET /%C3%28/ HTTP/1.1\r\nHost: a\r\n\r\n", "400"),
        ("NUL in the path", "GET /a%00.html HTTP/1.1\r\nHost: a\r\n\r\n", "400"),
        ("body over the limit", "POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", "413"),
        ("garbage", "\u{1}\u{2}\u{3} nonsense\r\n\r\n", "400"),
        ("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: evil.example\r\n\r\n", "400"),
        (
            "a Host not allowed, body unread",
            "POST /echo/ HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 9\r\n\r\n", "400"
        ),
        ("DNS rebinding to loopback", "GET / HTTP/1.1\r\nHost: attacker.example:8000\r\n\r\n", "400"),
        (
            "150 header fields",
            "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<150).map { "X-\($0): 1\r\n" }.joined() + "\r\n", "431"
        ),
        (
            "1,001 query parameters", "GET /?" + String(repeating: "a&", count: 1000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
            "400"
        ),
        (
            "a form body over the limit, refused before it is sent",
            "POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 2621441\r\n\r\n", "413"
        ),
        (
            "absolute-form target to another host", "GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
            "400"
        ),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", "400"),
        ("bare LF line ends with a bad Host", "GET / HTTP/1.1\nHost: evil.example\n\n", "400"),
    ])
    func malformedRequestsGet4xxAndTheConnectionCloses(name: String, request: String, status: String) async throws {
        let server = try await LiveServer()
        let reply = await RawClient(port: server.port).exchange(request)
        #expect(
            Self.statusLine(reply.response).hasPrefix("HTTP/1.1 \(status)"),
            "\(name): \(Self.statusLine(reply.response))")
        #expect(reply.closed, "\(name): the connection should close")
    }

    @Test func hugeHeadersAndURLsAreRefused() async throws {
        let server = try await LiveServer()
        let client = RawClient(port: server.port)
        let bigHeader = await client.exchange(
            "GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n")
        #expect(Self.statusLine(bigHeader.response).hasPrefix("HTTP/1.1 4"))
        #expect(bigHeader.closed)
        let longURL = await client.exchange("GET /\(String(repeating: "a", count: 65536)) HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(Self.statusLine(longURL.response).hasPrefix("HTTP/1.1 414"))
        #expect(longURL.closed)
        // Still serving afterwards.
        #expect(
            await Self.statusLine(client.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").response)
                == "HTTP/1.1 200 OK")
    }

    @Test func bodiesWithinTheLimitArrive() async throws {
        let server = try await LiveServer()
        let reply = await RawClient(port: server.port).exchange(
            "POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
        #expect(reply.response.hasSuffix("5 bytes"))
        let chunked = await RawClient(port: server.port).exchange(
            "POST /echo/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        )
        #expect(chunked.response.hasSuffix("3 bytes"))
    }

    @Test func slowClientsAreDropped() async throws {
        let server = try await LiveServer(requestTimeout: 0.5)
        let start = Date()
        // A slowloris: a header line every 0.3 s, never finishing the request.
        let pieces = ["GET / HTTP/1.1\r\n", "Host: a\r\n", "X-A: 1\r\n", "X-B: 2\r\n", "X-C: 3\r\n", "X-D: 4\r\n"].map {
            Array($0.utf8)
        }
        let reply = await RawClient(port: server.port).exchange(pieces, pause: 0.3, timeout: 5)
        #expect(reply.closed)
        #expect(reply.response.isEmpty)
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test func filesAndStreamsGoOverTheWire() async throws {
        let server = try await LiveServer()
        let client = RawClient(port: server.port)
        let file = await client.exchange("GET /file/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        #expect(Self.statusLine(file.response) == "HTTP/1.1 200 OK")
        #expect(file.response.lowercased().contains("content-length: \(source.utf8.count)\r\n"))
        #expect(file.response.hasSuffix("\r\n\r\n" + source))
        let stream = await client.exchange("GET /stream/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(stream.response.lowercased().contains("transfer-encoding: chunked"))
        for word in ["alpha", "beta", "gamma"] { #expect(stream.response.contains(word)) }
    }

    @Test func headResponsesHaveLengthButNoBody() async throws {
        let server = try await LiveServer()
        let reply = await RawClient(port: server.port).exchange(
            "HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(Self.statusLine(reply.response) == "HTTP/1.1 200 OK")
        #expect(reply.response.lowercased().contains("content-length: 2\r\n"))
        #expect(reply.response.hasSuffix("\r\n\r\n"))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let server = try await LiveServer()
        let requests =
            "GET /later/ HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /stream/ HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        let reply = await RawClient(port: server.port).exchange(requests)
        #expect(reply.closed)
        #expect(reply.response.components(separatedBy: "HTTP/1.1 200 OK").count == 5)
        let order = ["later", "5 bytes", "alpha", "gamma", "\r\n\r\nok"].map {
            reply.response.range(of: $0)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    @Test func aClientThatShutsItsSideStillGetsItsAnswer() async throws {
        let server = try await LiveServer()
        for path in ["/", "/later/"] {
            let reply = await RawClient(port: server.port).exchange(
                [Array("GET \(path) HTTP/1.1\r\nHost: a\r\n\r\n".utf8)], halfClose: true)
            #expect(Self.statusLine(reply.response) == "HTTP/1.1 200 OK")
            #expect(reply.closed)
        }
    }

    @Test func aChunkedBodyPastTheLimitIsRefused() async throws {
        let server = try await LiveServer()
        let chunk = String(repeating: "x", count: 600)
        let reply = await RawClient(port: server.port).exchange(
            "POST /echo/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
        // NB: the reason phrase on the wire is NIO's ("Payload Too Large").
        #expect(Self.statusLine(reply.response).hasPrefix("HTTP/1.1 413 "))
        #expect(reply.response.contains("larger than 1024 bytes"))
        #expect(reply.closed)
        // The server goes on serving.
        let next = await RawClient(port: server.port).exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(Self.statusLine(next.response) == "HTTP/1.1 200 OK")
    }
}
