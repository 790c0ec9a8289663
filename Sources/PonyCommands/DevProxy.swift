import Foundation
import NIOCore
import NIOPosix
import PonySupport
import Synchronization

/// What the development server shows at the moment.
enum DevPhase: Sendable {
    /// The first build is running.
    case building
    /// The app is up on a private port.
    case serving(port: Int)
    /// The last edit does not compile; the compiler's output is shown instead of the app.
    case compileFailed(diagnostics: String)
    /// The app exited; its last output (the backtrace) is shown.
    case crashed(output: String)
}

/// The development server's current phase, with a generation number that changes on every
/// transition (the error pages poll it to reload themselves).
final class DevState: Sendable {
    private let state = Mutex<(phase: DevPhase, generation: Int)>((.building, 0))

    func set(_ phase: DevPhase) { state.withLock { $0 = (phase, $0.generation + 1) } }

    var current: (phase: DevPhase, generation: Int) { state.withLock { $0 } }
}

/// The socket `pony run` listens on: it forwards connections to the running app, and answers
/// by itself with the compile-error, crash or "building" page when there is no app to show.
///
/// NB: forwarding raw TCP (after peeking at the first request line) keeps streaming, SSE and
/// keep-alive exactly as the app sends them; while the app restarts, new connections wait
/// for it instead of failing.
struct DevProxy: Sendable {
    let state: DevState
    let appName: String

    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Binds the public address; throws a one-line error when it is taken.
    func bind(_ target: BindTarget) async throws(CommandError) -> NIOAsyncChannel<Connection, Never> {
        do {
            return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(host: target.host, port: target.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try Connection(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                    }
                }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CommandError("Port \(target.port) is already in use on \(target.host): stop the other server or pass another HOST:PORT.")
        } catch {
            throw CommandError("Cannot listen on \(target): \(error).")
        }
    }

    /// Accepts connections until the process ends.
    func serve(_ server: NIOAsyncChannel<Connection, Never>) async {
        try? await server.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    group.addTask { await self.handle(connection) }
                }
            }
        }
    }

    private func handle(_ connection: Connection) async {
        try? await connection.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            var head = ByteBuffer()
            let deadline = ContinuousClock.now + .seconds(30)
            while true {
                while head.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) == nil, head.readableBytes < 64 * 1024 {
                    guard var chunk = try await iterator.next() else { return }
                    head.writeBuffer(&chunk)
                }
                let (phase, generation) = state.current
                if DevProxy.requestPath(head) == "/__pony__/status" {
                    try await outbound.write(page(status: 200, type: "application/json", DevProxy.status(phase, generation)))
                    return
                }
                switch phase {
                case .serving(let port):
                    if let upstream = try? await DevProxy.connect(port: port) {
                        // Returns the next request's first bytes when the phase changed under a
                        // keep-alive connection, so that request sees the new app or error page.
                        guard let next = try await pipe(
                            head: head, client: &iterator, clientOut: outbound, upstream: upstream, generation: generation)
                        else { return }
                        head = next
                        continue
                    }
                    // The app is restarting: wait for it rather than refuse the browser.
                    guard ContinuousClock.now < deadline else {
                        try await outbound.write(page(status: 502, type: "text/plain", "The app is not answering.\n"))
                        return
                    }
                    try await Task.sleep(for: .milliseconds(10))
                case .building:
                    try await outbound.write(page(status: 503, type: "text/html", buildingPage(generation)))
                    return
                case .compileFailed(let diagnostics):
                    try await outbound.write(page(status: 500, type: "text/html", compileErrorPage(diagnostics, generation)))
                    return
                case .crashed(let output):
                    try await outbound.write(page(status: 500, type: "text/html", crashPage(output, generation)))
                    return
                }
            }
        }
    }

    private static func connect(port: Int) async throws -> Connection {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Connection(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
    }

    /// Copies bytes both ways until either side closes (`nil`), or until the client sends more
    /// after the phase moved on from `generation` (those bytes are returned).
    private func pipe(
        head: ByteBuffer,
        client: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        clientOut: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        upstream: Connection,
        generation: Int
    ) async throws -> ByteBuffer? {
        try await upstream.executeThenClose { upstreamIn, upstreamOut in
            try await upstreamOut.write(head)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await chunk in upstreamIn { try await clientOut.write(chunk) }
                    // The app closed the connection: pass that on, unless the client is being
                    // moved to the new phase.
                    if !Task.isCancelled { clientOut.finish() }
                }
                while let chunk = try await client.next() {
                    if state.current.generation != generation {
                        group.cancelAll()
                        return chunk
                    }
                    try await upstreamOut.write(chunk)
                }
                upstreamOut.finish()
                try await group.waitForAll()
                return nil
            }
        }
    }

    static func requestPath(_ head: ByteBuffer) -> String {
        let line = head.readableBytesView.prefix { $0 != 0x0D && $0 != 0x0A }
        let parts = line.split(separator: 0x20)
        guard parts.count >= 2 else { return "" }
        let target = String(decoding: parts[1], as: UTF8.self)
        return String(target.prefix { $0 != "?" })
    }

    static func status(_ phase: DevPhase, _ generation: Int) -> String {
        let name: String
        switch phase {
        case .building: name = "building"
        case .serving: name = "serving"
        case .compileFailed: name = "compile-error"
        case .crashed: name = "crashed"
        }
        return "{\"state\":\"\(name)\",\"generation\":\(generation)}"
    }

    private func page(status: Int, type: String, _ body: String) -> ByteBuffer {
        let reason = [200: "OK", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"][status] ?? ""
        let bytes = Array(body.utf8)
        var buffer = ByteBuffer()
        buffer.writeString(
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Length: \(bytes.count)\r\n"
                + "Cache-Control: no-store\r\nConnection: close\r\n\r\n")
        buffer.writeBytes(bytes)
        return buffer
    }

    /// Reloads the page when the server's generation moves past the one shown.
    private func reloadScript(_ generation: Int) -> String {
        """
        (function poll() {
          fetch('/__pony__/status', {cache: 'no-store'}).then(r => r.json()).then(s => {
            if (s.generation !== \(generation)) { location.reload(); } else { setTimeout(poll, 250); }
          }).catch(() => setTimeout(poll, 500));
        })();
        """
    }

    func compileErrorPage(_ diagnostics: String, _ generation: Int) -> String {
        let first = diagnostics.split(separator: "\n").first { $0.contains("error:") }.map(String.init) ?? "The app does not compile."
        return DebugPage(
            title: "Compile error in \(appName)",
            summary: first,
            sections: [
                "<h2>Compiler output</h2><pre class=\"source\">\(escapeHTML(diagnostics))</pre>",
                "<p>The last version that compiled is still running, but hidden until this is fixed."
                    + " Save the file and this page reloads by itself.</p>",
            ],
            script: reloadScript(generation)
        ).html
    }

    func crashPage(_ output: String, _ generation: Int) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let summary = lines.first { $0.contains("Fatal error") || $0.contains("fatal error") || $0.contains("Crash") }
            .map(String.init) ?? "The app stopped."
        return DebugPage(
            title: "\(appName) crashed",
            summary: summary,
            sections: [
                "<h2>Last output</h2><pre class=\"source\">\(escapeHTML(lines.suffix(200).joined(separator: "\n")))</pre>",
                "<p>Fix the code and save: Pony rebuilds and restarts the app, and this page reloads by itself.</p>",
            ],
            script: reloadScript(generation)
        ).html
    }

    func buildingPage(_ generation: Int) -> String {
        DebugPage(
            title: "Building \(appName)…",
            summary: "The app is compiling; this page reloads when it is up.",
            script: reloadScript(generation),
            isWarning: true
        ).html
    }
}
