import Foundation
import PonyORM
import Synchronization
import Testing

@testable import Pony

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Start-up and shutdown hooks and background tasks around the real server (issue 19: a task
/// started beside `app.run()` had no database).
@Suite struct LifecycleTests {
    /// What the hooks saw, in order.
    final class Journal: Sendable {
        let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// The body of `GET url`, or `nil` while nothing answers.
    static func get(_ url: String) async -> String? {
        guard let url = URL(string: url), let (data, _) = try? await URLSession.shared.data(from: url) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func hooksAndTasksRunAroundTheServerWithTheDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-life-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = Pony(file: folder.appendingPathComponent("life.swift").path)
        app.models(Writer.self)
        let journal = Journal()
        let failures = Mutex(0)
        app.onStartup {
            _ = try await Writer(name: "startup").save()
            journal.add("startup")
        }
        app.backgroundTask("ticker") {
            while true {
                _ = try await Writer(name: "tick").save()
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        app.backgroundTask("flaky") {
            let attempt = failures.withLock { count in
                count += 1
                return count
            }
            if attempt == 1 { throw FlakyError() }
            journal.add("flaky ran again")
        }
        app.onShutdown { journal.add("shutdown with \(try await Writer.objects.count() > 2) ticks") }
        app.get("/count") { _ in "\(try await Writer.objects.filter("name", "tick").count())" }
        let port = LiveServer.freePort()
        let server = Task { await app.main(["run", "127.0.0.1:\(port)"]) }
        var ticks = 0
        for _ in 0..<200 where ticks < 3 {
            try await Task.sleep(for: .milliseconds(50))
            ticks = Int(await Self.get("http://127.0.0.1:\(port)/count") ?? "") ?? 0
        }
        #expect(ticks >= 3)
        for _ in 0..<100 where !journal.all.contains("flaky ran again") { try await Task.sleep(for: .milliseconds(50)) }
        server.cancel()
        #expect(await server.value == 0)
        #expect(journal.all == ["startup", "flaky ran again", "shutdown with true ticks"])
    }

    @Test func aFailingStartupHookStopsTheStart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-life-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = Pony(file: folder.appendingPathComponent("life.swift").path)
        app.onStartup { throw FlakyError() }
        app.backgroundTask("never") { Issue.record("a background task ran after a failed start-up") }
        #expect(await app.main(["run", "127.0.0.1:\(LiveServer.freePort())"]) == 1)
    }

    struct FlakyError: Error {}
}
