import Foundation
import PonySupport

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
    private let state = Locked<(phase: DevPhase, generation: Int)>((.building, 0))

    func set(_ phase: DevPhase) { state.withLock { $0 = (phase, $0.generation + 1) } }

    var current: (phase: DevPhase, generation: Int) { state.value }
}

/// The socket `pony run` listens on: it forwards connections to the running app, and answers
/// by itself with the compile-error, crash or "building" page when there is no app to show.
///
/// NB: forwarding raw TCP (after peeking at each request's first bytes) keeps streaming, SSE
/// and keep-alive exactly as the app sends them; while the app restarts, new connections wait
/// for it instead of failing. One thread per direction is plenty for one developer's browser,
/// and keeps the CLI free of SwiftNIO, so it builds in seconds.
struct DevProxy: Sendable {
    let state: DevState
    let appName: String
    /// The hosts its own pages answer: the development defaults plus PONY_ALLOWED_HOSTS.
    let allowedHosts: [String]

    init(state: DevState, appName: String, environment: [String: String]) {
        self.state = state
        self.appName = appName
        allowedHosts = DevProxy.allowedHosts(environment)
    }

    /// `.localhost`, `127.0.0.1` and `[::1]` (Django's hosts with DEBUG and no ALLOWED_HOSTS)
    /// plus the names PONY_ALLOWED_HOSTS adds or sets (`a,b` or `+a`; `-` entries are ignored).
    static func allowedHosts(_ environment: [String: String]) -> [String] {
        let added = (environment["PONY_ALLOWED_HOSTS"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.hasPrefix("-") }.map { String($0.drop { $0 == "+" }).lowercased() }
        return HostName.loopback + added.filter { !$0.isEmpty }
    }

    static func isAllowed(host: String?, _ allowedHosts: [String]) -> Bool {
        guard let host, let domain = HostName.domain(of: host) else { return false }
        return HostName.matches(domain, allowedHosts)
    }

    /// The first value of header `name` in a request head, or `nil`.
    static func header(_ name: String, in head: [UInt8]) -> String? {
        let text = String(decoding: head, as: UTF8.self)
        let prefix = name.lowercased() + ":"
        for line in text.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix(prefix) {
            return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Binds the public address and accepts connections on a background thread; throws a
    /// one-line error when the address is taken.
    func start(_ target: BindTarget) throws(CommandError) {
        let listener = try Socket.listen(target)
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { continue }
                Thread.detachNewThread { self.handle(Socket(client)) }
            }
        }
    }

    private func handle(_ client: Socket) {
        defer { client.close() }
        var head: [UInt8] = []
        let deadline = Date().addingTimeInterval(30)
        while true {
            while !DevProxy.hasCompleteHead(head), head.count < 64 * 1024 {
                guard let chunk = client.receive() else { return }
                head += chunk
            }
            let (phase, generation) = state.current
            let isServing: Bool
            if case .serving = phase { isServing = true } else { isServing = false }
            // NB: the proxy's own pages (compile errors with source, backtraces) answer only
            // the hosts the app would: a page on another site that rebinds its DNS name to
            // 127.0.0.1 must not read them. The app checks its own requests.
            if !isServing || DevProxy.requestPath(head) == "/__pony__/status",
                !DevProxy.isAllowed(host: DevProxy.header("Host", in: head), allowedHosts)
            {
                client.send(
                    page(
                        status: 400, type: "text/plain",
                        "Invalid Host header. The development server answers localhost, 127.0.0.1 and [::1];"
                            + " set PONY_ALLOWED_HOSTS to add others.\n"))
                return
            }
            if DevProxy.requestPath(head) == "/__pony__/status" {
                client.send(page(status: 200, type: "application/json", DevProxy.status(phase, generation)))
                return
            }
            switch phase {
            case .serving(let port):
                guard let upstream = Socket.connect(port: port) else {
                    // The app is restarting: wait for it rather than refuse the browser.
                    guard Date() < deadline else {
                        client.send(page(status: 502, type: "text/plain", "The app is not answering.\n"))
                        return
                    }
                    Thread.sleep(forTimeInterval: 0.01)
                    continue
                }
                // Returns the next request's first bytes when the phase changed under a
                // keep-alive connection, so that request sees the new app or error page.
                guard let next = pipe(head: head, client: client, upstream: upstream, generation: generation) else {
                    return
                }
                head = next
            case .building:
                client.send(page(status: 503, type: "text/html", buildingPage(generation)))
                return
            case .compileFailed(let diagnostics):
                client.send(page(status: 500, type: "text/html", compileErrorPage(diagnostics, generation)))
                return
            case .crashed(let output):
                client.send(page(status: 500, type: "text/html", crashPage(output, generation)))
                return
            }
        }
    }

    /// Copies bytes both ways until either side closes (`nil`), or until the client sends more
    /// after the phase moved on from `generation` (those bytes are returned).
    private func pipe(head: [UInt8], client: Socket, upstream: Socket, generation: Int) -> [UInt8]? {
        let detached = Locked(false)
        let finished = DispatchSemaphore(value: 0)
        upstream.send(head)
        Thread.detachNewThread {
            while let chunk = upstream.receive(), client.send(chunk) {}
            // The app closed the connection: pass that on, unless the client is being moved.
            if !detached.value { client.shutdownWrite() }
            finished.signal()
        }
        var next: [UInt8]?
        while let chunk = client.receive() {
            if state.current.generation != generation {
                detached.value = true
                next = chunk
                break
            }
            if !upstream.send(chunk) { break }
        }
        if next == nil { upstream.shutdownWrite() } else { upstream.shutdownBoth() }
        finished.wait()
        upstream.close()
        return next
    }

    static func hasCompleteHead(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4
            && bytes.indices.dropLast(3).contains {
                bytes[$0] == 0x0D && bytes[$0 + 1] == 0x0A && bytes[$0 + 2] == 0x0D && bytes[$0 + 3] == 0x0A
            }
    }

    static func requestPath(_ head: [UInt8]) -> String {
        let line = head.prefix { $0 != 0x0D && $0 != 0x0A }
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

    private func page(status: Int, type: String, _ body: String) -> [UInt8] {
        let reason =
            [
                200: "OK", 400: "Bad Request", 500: "Internal Server Error", 502: "Bad Gateway",
                503: "Service Unavailable",
            ][status] ?? ""
        let bytes = Array(body.utf8)
        let head =
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Length: \(bytes.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + bytes
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
        let first =
            diagnostics.split(separator: "\n").first { $0.contains("error:") }.map(String.init)
            ?? "The app does not compile."
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
        let summary =
            lines.first { $0.contains("Fatal error") || $0.contains("fatal error") || $0.contains("Crash") }
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
