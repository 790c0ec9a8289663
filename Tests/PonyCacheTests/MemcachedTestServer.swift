import Foundation
import Testing

@testable import PonyCache

/// A memcached server of a test's own, on a Unix socket, so that `clear()` (`flush_all`) in one
/// test empties no other's: the tests run when `PONY_TEST_MEMCACHED=1` says `memcached` is on
/// the `PATH` (`.ci/run` installs Debian's).
final class MemcachedTestServer: Sendable {
    static let enabled = ProcessInfo.processInfo.environment["PONY_TEST_MEMCACHED"] == "1"

    let socket: String
    let process: Process

    init() async throws {
        socket =
            FileManager.default.temporaryDirectory.appendingPathComponent("pony-mc-\(UUID().uuidString.prefix(8)).sock")
            .path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // NB: memcached refuses to run as root unless told which user to be.
        process.arguments =
            ["memcached", "-s", socket, "-a", "0700", "-m", "16", "-t", "1", "-U", "0"]
            + (getuid() == 0 ? ["-u", "root"] : [])
        try process.run()
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: socket) {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(FileManager.default.fileExists(atPath: socket), "memcached did not start")
    }

    var location: String { "unix:\(socket)" }

    /// NB: SIGKILL, because memcached started from the tests ignored SIGTERM; and waited for
    /// without `waitUntilExit`, which would hold one of the few threads every test shares.
    func stop() async {
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(5)) }
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// Runs `body` with a cache on a new server.
    static func withCache(keyPrefix: String = "", _ body: @Sendable (Cache) async throws -> Void) async throws {
        let server = try await MemcachedTestServer()
        do {
            try await body(Cache(.memcached(server.location), keyPrefix: keyPrefix))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
