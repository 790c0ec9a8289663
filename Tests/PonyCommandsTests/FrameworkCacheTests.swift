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
        let release = toolchain.frameworkRoot.appendingPathComponent("release")
        for path in ["lib", "plugins"] {
            try FileManager.default.createDirectory(
                at: release.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        for file in ["lib/libPonyRuntime.so", "plugins/PonyMacros-tool"] {
            try Data().write(to: release.appendingPathComponent(file))
        }
        try toolchain.sourcesFingerprint().write(
            to: release.appendingPathComponent("fingerprint"), atomically: true, encoding: .utf8)
        // …is found while another process builds the debug one.
        let debugBuild = try FileLock(toolchain.lockFile(.debug).path)
        defer { debugBuild.unlock() }
        let found = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? toolchain.framework(.release, progress: ProgressReporter(isTerminal: false))
            found.signal()
        }
        #expect(found.wait(timeout: .now() + 20) == .success)
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
