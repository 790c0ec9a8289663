import Foundation
import Testing

@testable import PonyCommands

/// The framework cache: one folder per toolchain and checkout, and a lock and build folder per
/// configuration (issue 19: `pony run` waited through a release build, and two checkouts
/// sharing ~/.cache/pony rebuilt each other's framework).
@Suite struct FrameworkCacheTests {
    /// A folder holding an empty package named `name`, and the cache beside it.
    static func checkout(_ name: String, in folder: URL) throws -> URL {
        let directory = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "// swift-tools-version: 6.0\n".write(
            to: directory.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        return directory
    }

    static func toolchain(_ source: URL, cache: URL) throws -> Toolchain {
        try Toolchain.locate(environment: [
            "PONY_SOURCE_DIR": source.path, "PONY_CACHE_DIR": cache.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
        ])
    }

    /// A framework folder that looks built and up to date with the sources.
    static func fakeBuild(_ directory: URL, of toolchain: Toolchain) throws {
        for path in ["lib", "plugins"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        try Data().write(to: directory.appendingPathComponent("lib/libPonyRuntime.so"))
        _ = FileManager.default.createFile(
            atPath: directory.appendingPathComponent("plugins/PonyMacros-tool").path, contents: Data(),
            attributes: [.posixPermissions: 0o755])
        try toolchain.sourcesFingerprint().write(
            to: directory.appendingPathComponent("fingerprint"), atomically: true, encoding: .utf8)
    }

    @Test func eachCheckoutHasItsOwnFramework() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache")
        let first = try Self.toolchain(try Self.checkout("a", in: folder), cache: cache)
        let second = try Self.toolchain(try Self.checkout("b", in: folder), cache: cache)
        #expect(first.frameworkRoot != second.frameworkRoot)
        #expect(first.frameworkRoot.deletingLastPathComponent().path == cache.path)
        #expect(
            try Self.toolchain(folder.appendingPathComponent("a"), cache: cache).frameworkRoot == first.frameworkRoot)
        #expect(first.lockFile(.debug) != first.lockFile(.release))
        #expect(first.scratchDirectory(.debug) != first.scratchDirectory(.release))
    }

    @Test func aReleaseLookupDoesNotWaitForADebugBuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let toolchain = try Self.toolchain(
            try Self.checkout("a", in: folder), cache: folder.appendingPathComponent("c"))
        // A release framework that is up to date with the sources…
        try Self.fakeBuild(toolchain.frameworkRoot.appendingPathComponent("release"), of: toolchain)
        // …is found while another process builds the debug one.
        let debugBuild = try FileLock(toolchain.lockFile(.debug).path)
        defer { debugBuild.unlock() }
        let found = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? toolchain.framework(.release, postgres: false, progress: ProgressReporter(isTerminal: false))
            found.signal()
        }
        #expect(found.wait(timeout: .now() + 20) == .success)
    }

    /// The PostgreSQL backend (postgres-nio and a second BoringSSL) is built only for apps that
    /// ask for it, or for mail over TLS (which needs BoringSSL too).
    @Test func postgresIsBuiltForAppsThatAskForIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func app(_ text: String) throws -> AppSource {
            let file = folder.appendingPathComponent("app\(UUID().uuidString.prefix(8)).swift")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return try AppSource(path: file.path)
        }
        let plain = try app("import Pony\nlet app = Pony()\napp.run()\n")
        let inCode = try app("import Pony\nlet app = Pony(database: \"postgresql://localhost/blog\")\napp.run()\n")
        #expect(!plain.asksForPostgresOrTLS([:]))
        #expect(!plain.asksForPostgresOrTLS(["DATABASE_URL": "sqlite:///other.sqlite3"]))
        #expect(plain.asksForPostgresOrTLS(["DATABASE_URL": "postgres://app@db:5432/app"]))
        #expect(plain.asksForPostgresOrTLS(["PONY_POSTGRES": "1"]))
        #expect(inCode.asksForPostgresOrTLS([:]))
        #expect(!inCode.asksForPostgresOrTLS(["PONY_POSTGRES": "0"]))
        #expect(plain.asksForPostgresOrTLS(["PONY_EMAIL_URL": "smtp+tls://apikey:secret@smtp.example.com"]))
        #expect(plain.asksForPostgresOrTLS(["PONY_EMAIL_URL": "SMTP+SSL://smtp.example.com"]))
        #expect(!plain.asksForPostgresOrTLS(["PONY_EMAIL_URL": "smtp://localhost:25"]))
        let mailInCode = try app(
            "import Pony\nlet app = Pony()\napp.mail = MailSettings(backend: SMTPEmailBackend(security: .startTLS))\n")
        #expect(mailInCode.asksForPostgresOrTLS([:]))
        // Each has its own folder; both share the configuration's lock and build folder.
        let toolchain = try Self.toolchain(
            try Self.checkout("a", in: folder), cache: folder.appendingPathComponent("c"))
        let release = toolchain.frameworkRoot.appendingPathComponent("release")
        let withPostgres = toolchain.frameworkRoot.appendingPathComponent("release-postgres")
        try Self.fakeBuild(release, of: toolchain)
        try Self.fakeBuild(withPostgres, of: toolchain)
        let progress = ProgressReporter(isTerminal: false) { _ in }
        let without = try toolchain.framework(.release, for: plain, environment: [:], progress: progress)
        let with = try toolchain.framework(.release, for: inCode, environment: [:], progress: progress)
        #expect(without.directory.path == release.path && !without.hasPostgres)
        #expect(with.directory.path == withPostgres.path && with.hasPostgres)
        // Binaries built against one are never taken for binaries built against the other.
        #expect(without.fingerprint != with.fingerprint)
    }

    @Test func aSecondBuilderSaysItIsWaiting() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pony-lock-\(UUID().uuidString)").path
        defer { unlink(path) }
        let first = try FileLock(path)
        let waited = DispatchSemaphore(value: 0)
        let acquired = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let second = try? FileLock(path) { waited.signal() }
            acquired.signal()
            second?.unlock()
        }
        #expect(waited.wait(timeout: .now() + 20) == .success)
        #expect(acquired.wait(timeout: .now() + 0.2) == .timedOut)
        first.unlock()
        #expect(acquired.wait(timeout: .now() + 20) == .success)
    }
}
