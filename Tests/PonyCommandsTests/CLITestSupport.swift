import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// Paths and helpers for running the real `pony` binary against fixture apps.
enum CLI {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures")

    /// The `pony` built alongside these tests (`swift test` builds every product).
    static var pony: String {
        get throws {
            let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("pony").path
            let fallback = repository.appendingPathComponent(".build/debug/pony").path
            for candidate in [path, fallback] where FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            throw CLIError("No pony binary next to the tests or in .build/debug; run `swift build` first.")
        }
    }

    /// The environment for `pony`: a framework cache inside .build, shared by all test runs.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if environment["PONY_CACHE_DIR"] == nil {
            environment["PONY_CACHE_DIR"] = repository.appendingPathComponent(".build/pony-test-cache").path
        }
        return environment
    }

    /// The `swiftc` on PATH.
    static var swiftc: String {
        get throws {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
            let found = path.split(separator: ":").map { "\($0)/swiftc" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let found else { throw CLIError("No swiftc on PATH.") }
            return found
        }
    }

    /// The `swift` beside `swiftc`.
    static var swift: String {
        get throws { URL(fileURLWithPath: try swiftc).deletingLastPathComponent().appendingPathComponent("swift").path }
    }

    /// A command that runs `executable` where the Swift toolchain cannot be seen: in a mount
    /// namespace with an empty tmpfs over the toolchain's folder (needs root, as in CI).
    static func hidingToolchain(_ executable: String, _ arguments: [String]) throws -> (String, [String]) {
        // <toolchain>/usr/bin/swiftc
        let toolchain = URL(fileURLWithPath: try swiftc).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = "mount -t tmpfs tmpfs \"$1\" && shift && exec \"$@\""
        return ("/usr/bin/unshare", ["-m", "sh", "-c", script, "sh", toolchain.path, executable] + arguments)
    }

    /// A copy of a fixture in a scratch folder of its own, which the test removes (the copy's
    /// parent folder) when it ends.
    static func copy(_ fixture: String, as name: String? = nil) throws -> URL {
        try copy(fixtures.appendingPathComponent(fixture), as: name ?? fixture)
    }

    /// A copy of `Examples/<name>` in a scratch folder of its own, which the test removes.
    static func copyExample(_ name: String) throws -> URL {
        try copy(repository.appendingPathComponent("Examples/\(name)"), as: name)
    }

    private static func copy(_ source: URL, as name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let destination = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: destination)
        return destination
    }

    /// Runs a command to completion, on a thread of its own.
    ///
    /// NB: waiting for a process blocks its thread, and the test run's cooperative pool has one
    /// thread per core (two here): two tests waiting for a `pony` that builds the framework
    /// (two minutes) stalled every other suite, and their deadlines passed.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = CLI.environment,
        directory: URL = CLI.repository
    ) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        try runBlocking(executable, arguments, environment: environment, directory: directory)
                    })
            }.start()
        }
    }

    /// Runs a command to completion on the caller's thread: for quick commands where awaiting
    /// is not possible (a `defer`).
    static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: URL
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        // NB: the write end as a FileHandle, not the Pipe again: given one Pipe for both, Foundation
        // closes its write end twice, and the second close can hit a socket that reused the number
        // (SwiftNIO then traps on EBADF).
        process.standardError = pipe.fileHandleForWriting
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

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

    /// GET a URL with a short timeout; `nil` when nothing answers. `fresh` asks for a new
    /// connection, closed after the response (so that requests spread over `serve`'s workers).
    static func get(
        _ url: String, session: URLSession = .shared, fresh: Bool = false
    ) async -> (status: Int, body: String)? {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        if fresh { request.setValue("close", forHTTPHeaderField: "Connection") }
        request.cachePolicy = .reloadIgnoringLocalCacheData
        guard let (data, response) = try? await session.data(for: request),
            let http = response as? HTTPURLResponse
        else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// A request with an optional JSON body and headers, on a connection of its own; `nil`
    /// when nothing answers.
    static func send(
        _ url: String, method: String = "GET", json: String? = nil, headers: [String: String] = [:]
    ) async -> (status: Int, body: String)? {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.timeoutInterval = 10
        guard let (data, response) = try? await URLSession(configuration: .ephemeral).data(for: request),
            let http = response as? HTTPURLResponse
        else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Polls `url` until `check` accepts the response or `timeout` seconds pass.
    /// How long a wait that may include the first framework build may take: on a fresh clone
    /// the suites that run apps share that build, while the other suites load both cores.
    static let firstBuildTimeout: Double = 1800

    static func waitFor(
        _ url: String, timeout: Double, _ check: @escaping (Int, String) -> Bool
    ) async -> (status: Int, body: String)? {
        let deadline = Date().addingTimeInterval(timeout)
        var last: (Int, String)?
        while Date() < deadline {
            if let response = await get(url) {
                last = response
                if check(response.status, response.body) { return response }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        if let last { Issue.record("Last response from \(url): \(last.0) \(last.1.prefix(600))") }
        return nil
    }
}

/// A long-running `pony` (or app) process whose output is collected.
final class Background: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var collected = Data()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = CLI.environment) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = CLI.repository
        let pipe = Pipe()
        process.standardOutput = pipe
        // NB: the write end as a FileHandle, not the Pipe again: given one Pipe for both, Foundation
        // closes its write end twice, and the second close can hit a socket that reused the number
        // (SwiftNIO then traps on EBADF).
        process.standardError = pipe.fileHandleForWriting
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected.append(data) }
        }
        try process.run()
    }

    var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}

struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
