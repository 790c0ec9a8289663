import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// More than a hundred malformed or hostile requests over a real socket (issue 13's corpus):
/// each gets a 4xx or a correct answer (never a 5xx, never a crash), and the server answers a
/// normal request after all of them.
@Suite(.serialized) struct MalformedHTTPCorpusTests {
    /// What a case may get: the allowed first digits of the status, and whether the server may
    /// instead close the connection without an answer (for requests that never complete).
    struct Case: CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        var allowed: Set<Character> = ["4"]
        var mayClose = false
        var description: String { name }
    }

    static func request(_ head: String, body: String = "") -> [UInt8] { Array((head + body).utf8) }

    static let cases: [Case] = {
        var cases: [Case] = []
        func add(_ name: String, _ text: String, allowed: Set<Character> = ["4"], mayClose: Bool = false) {
            cases.append(Case(name: name, bytes: Array(text.utf8), allowed: allowed, mayClose: mayClose))
        }
        func addBytes(_ name: String, _ bytes: [UInt8], allowed: Set<Character> = ["4"]) {
            cases.append(Case(name: name, bytes: bytes, allowed: allowed))
        }
        let post = "POST /echo/ HTTP/1.1\r\nHost: a\r\n"
        // Content-Length
        for value in [
            "-1", "abc", "1e3", "99999999999999999999999", "18446744073709551616", "5,6", "+5", "0x10", "", "5 5",
        ] {
            add("Content-Length: \(value)", post + "Content-Length: \(value)\r\n\r\nhello")
        }
        add("two different Content-Lengths", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
        add(
            "two equal Content-Lengths", post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            allowed: ["2", "4"])
        add("Content-Length over the limit", post + "Content-Length: 1000000\r\n\r\n")
        add("Content-Length bigger than the body", post + "Content-Length: 10\r\n\r\nabc", mayClose: true)
        // Transfer-Encoding, alone and with Content-Length
        for value in ["chunked", "chunked, identity", "identity, chunked", "CHUNKED"] {
            add(
                "Content-Length with Transfer-Encoding: \(value)",
                post + "Content-Length: 3\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n")
        }
        for value in ["gzip", "xchunked", "chunked\t", "identity", "chunked, chunked", "gzip, chunked"] {
            add(
                "Transfer-Encoding: \(value)", post + "Transfer-Encoding: \(value)\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                allowed: ["2", "4"])
        }
        add("chunk size not hex", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
        add(
            "chunk size overflowing",
            post + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nabc\r\n0\r\n\r\n")
        add("chunk size negative", post + "Transfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n")
        add("chunked body without its end", post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", mayClose: true)
        add(
            "chunks over the limit",
            post + "Transfer-Encoding: chunked\r\n\r\n"
                + String(repeating: "400\r\n" + String(repeating: "x", count: 1024) + "\r\n", count: 3) + "0\r\n\r\n")
        // Line endings and folding
        add("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", allowed: ["2", "4"])
        add("bare CR in a header", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\rX-B: 2\r\n\r\n")
        add("bare LF line ends", "GET / HTTP/1.1\nHost: a\n\n", allowed: ["2", "4"])
        add("CR in the request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n")
        add("LF in the request line", "GET /a\nb HTTP/1.1\r\nHost: a\r\n\r\n")
        // NUL, control characters, encodings
        add("NUL in a header value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u{0}b\r\n\r\n")
        add("NUL in a header name", "GET / HTTP/1.1\r\nHost: a\r\nX-\u{0}A: b\r\n\r\n")
        add("NUL in the method", "G\u{0}ET / HTTP/1.1\r\nHost: a\r\n\r\n")
        add("NUL in the path", "GET /a\u{0}b HTTP/1.1\r\nHost: a\r\n\r\n")
        add("percent-encoded NUL in the path", "GET /a%00b HTTP/1.1\r\nHost: a\r\n\r\n")
        add("escape in a header value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: \u{1B}[31m\r\n\r\n", allowed: ["2", "4"])
        for overlong in ["%C0%AF", "%E0%80%AF", "%F0%80%80%AF", "%C1%BF", "%C0%AE%C0%AE", "%ED%A0%80", "%FF", "%80"] {
            add("overlong or invalid UTF-8 \(overlong)", "GET /\(overlong)/ HTTP/1.1\r\nHost: a\r\n\r\n")
        }
        addBytes(
            "raw overlong UTF-8 in the path",
            Array("GET /".utf8) + [0xC0, 0xAF] + Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        addBytes(
            "raw Latin-1 in a header",
            Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: ".utf8) + [0xE9] + Array("\r\n\r\n".utf8), allowed: ["2", "4"])
        // Traversal in every encoding, under each folder that serves files
        for folder in ["static", "media", ""] {
            for dots in [
                "..%2f..%2fetc/passwd", "%2e%2e/%2e%2e/etc/passwd", "%252e%252e/etc/passwd", "..%5c..%5cetc/passwd",
                "%c0%ae%c0%ae/etc/passwd", "..%c0%afetc/passwd", ".%2e/.%2e/etc/passwd", "..;/etc/passwd",
                "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc/passwd",
            ] {
                add(
                    "traversal /\(folder)/\(dots)",
                    "GET /\(folder.isEmpty ? "" : folder + "/")\(dots) HTTP/1.1\r\nHost: a\r\n\r\n")
            }
        }
        // Request lines
        add("unknown method", "FROB / HTTP/1.1\r\nHost: a\r\n\r\n")
        add("lower-case method", "get / HTTP/1.1\r\nHost: a\r\n\r\n")
        add("method of 10,000 letters", String(repeating: "G", count: 10_000) + " / HTTP/1.1\r\nHost: a\r\n\r\n")
        add("no version", "GET /\r\nHost: a\r\n\r\n")
        add("HTTP/0.9", "GET /\r\n\r\n")
        add("HTTP/2.0 on HTTP/1 framing", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", allowed: ["4", "5"])
        add("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", allowed: ["2", "4", "5"])
        add("HTTP/9.9", "GET / HTTP/9.9\r\nHost: a\r\n\r\n", allowed: ["4", "5"])
        add("space in the target", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")
        add("tab in the target", "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n")
        add("asterisk target", "GET * HTTP/1.1\r\nHost: a\r\n\r\n")
        add("target without a slash", "GET a HTTP/1.1\r\nHost: a\r\n\r\n", allowed: ["2", "4"])
        add("absolute-form target", "GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", allowed: ["2", "4"])
        add("absolute-form to another host", "GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n")
        add("authority-form CONNECT", "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n")
        add("URL of 70,000 bytes", "GET /" + String(repeating: "a", count: 70_000) + " HTTP/1.1\r\nHost: a\r\n\r\n")
        add(
            "10,000 query parameters",
            "GET /?" + String(repeating: "a=1&", count: 10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n")
        add("1,001 query parameters", "GET /?" + String(repeating: "a&", count: 1_000) + " HTTP/1.1\r\nHost: a\r\n\r\n")
        add("nothing but CRLFs", "\r\n\r\n\r\n\r\n", mayClose: true)
        add("garbage", "\u{1}\u{2}\u{3} nonsense\r\n\r\n")
        add("TLS hello on plain HTTP", "\u{16}\u{3}\u{1}\u{0}\u{a5}\u{1}\u{0}\u{0}\u{a1}\u{3}\u{3}")
        // Headers
        add("2,000 headers", "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<2_000).map { "X-\($0): 1\r\n" }.joined() + "\r\n")
        add("150 headers", "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<150).map { "X-\($0): 1\r\n" }.joined() + "\r\n")
        add(
            "a header of 100,000 bytes",
            "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n")
        add(
            "a header name of 10,000 bytes",
            "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X", count: 10_000) + ": 1\r\n\r\n",
            allowed: ["2", "4"])
        add("a header without a colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n")
        add("an empty header name", "GET / HTTP/1.1\r\nHost: a\r\n: value\r\n\r\n")
        add("a space before the colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A : 1\r\n\r\n")
        add("a tab in a header name", "GET / HTTP/1.1\r\nHost: a\r\nX\tA: 1\r\n\r\n")
        // Host
        add("no Host", "GET / HTTP/1.1\r\n\r\n")
        add("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: evil.example\r\n\r\n")
        add("two equal Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n")
        // Django's host check takes any number of port digits, so this one is served.
        add("Host: a:99999999999", "GET / HTTP/1.1\r\nHost: a:99999999999\r\n\r\n", allowed: ["2"])
        for host in [
            "", "[::1", "a b", "a@b", "\u{e9}.example", "a:", "evil.example", "a\u{0}", "a/b", "a\\b", "127.0.0.2",
        ] {
            add("Host: \(host.debugDescription)", "GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        }
        add(
            "a Host not allowed, with a body",
            post.replacingOccurrences(of: "Host: a", with: "Host: evil.example") + "Content-Length: 5\r\n\r\nhello")
        // Forms
        // A view that never reads the form (this one counts the body) is not refused: forms are
        // parsed when read (HardeningTests checks the 400 when one is).
        add(
            "1,001 form fields, unread",
            post + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1001\r\n\r\n"
                + String(repeating: "a", count: 1) + String(repeating: "&", count: 1_000), allowed: ["2"])
        add(
            "a form over the limit",
            post + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3000000\r\n\r\n")
        return cases
    }()

    @Test func everyCaseGetsA4xxOrACorrectAnswerAndTheServerKeepsServing() async throws {
        #expect(Self.cases.count >= 100)
        let server = try await LiveServer(requestTimeout: 2)
        let client = RawClient(port: server.port)
        for item in Self.cases {
            // NB: a generous wait: the answers come at once, but on 2 cores the suites running
            // beside this one in the process can hold the server off for seconds.
            let reply = await client.exchangeOffPool(item.bytes, timeout: 30)
            let status = ServerSocketTests.statusLine(reply.response)
            if status.isEmpty {
                #expect(item.mayClose && reply.closed, "\(item.name): no answer")
                continue
            }
            let digit = status.dropFirst("HTTP/1.1 ".count).first ?? "?"
            #expect(status.hasPrefix("HTTP/1.") && item.allowed.contains(digit), "\(item.name): \(status)")
        }
        let health = await client.exchangeOffPool(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8), timeout: 30)
        #expect(ServerSocketTests.statusLine(health.response) == "HTTP/1.1 200 OK")
    }

    @Test func connectionsPastTheLimitAreClosedAtOnce() async throws {
        let server = try await LiveServer(maxConnections: 2)
        // Two idle connections take the two places.
        var held = (0..<2).compactMap { _ in RawClient.open(port: server.port) }
        try #require(held.count == 2)
        // NB: each closed once: closed twice, a descriptor may by then be another test's socket.
        defer { for descriptor in held { close(descriptor) } }
        try await Task.sleep(for: .milliseconds(200))
        let refused = await RawClient(port: server.port).exchangeOffPool(
            Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8), timeout: 5)
        #expect(refused.response.isEmpty && refused.closed, "\(refused)")
        // A place frees when a connection closes.
        close(held.removeFirst())
        try await Task.sleep(for: .milliseconds(200))
        let served = await RawClient(port: server.port).exchangeOffPool(
            Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8), timeout: 5)
        #expect(ServerSocketTests.statusLine(served.response) == "HTTP/1.1 200 OK")
    }
}
