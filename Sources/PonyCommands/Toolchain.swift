// How a single file becomes a program (ARCHITECTURE.md §4, measured in the README):
//
//   1. Framework cache: Pony is built once per Pony version, Swift toolchain and checkout,
//      with library evolution, into $PONY_CACHE_DIR/<version>-<key>/ (FrameworkBuild.swift): a
//      dynamic library plus Pony's own .swiftmodule files per configuration, and the `@Model`
//      plugin, built once in debug and shared by both. It is rebuilt incrementally when
//      Pony's sources change.
//   2. The user's file is compiled alone with one `swiftc` call against that cache, and the
//      binary is cached by the hash of the file's content (Compiler.swift).
import Foundation
import PonySupport

/// The prebuilt Pony framework that single files are compiled against.
struct Framework: Sendable {
    /// `debug` for `run`, `release` for `serve`.
    enum Configuration: String, Sendable {
        case debug, release
    }

    let configuration: Configuration
    /// Whether it has the PostgreSQL backend (see ``AppSource/asksForPostgresOrTLS(_:)``).
    let hasPostgres: Bool
    /// Holds `Modules/` (swiftmodules), `lib/libPonyRuntime.so` and `plugins/`.
    let directory: URL
    /// Changes whenever the framework is rebuilt; part of every binary's cache key.
    let fingerprint: String

    var modulesDirectory: URL { directory.appendingPathComponent("Modules") }
    var libraryDirectory: URL { directory.appendingPathComponent("lib") }
    /// The compiler plugin for `@Model` and `@Field`.
    var macroPlugin: URL { directory.appendingPathComponent("plugins/PonyMacros-tool") }
}

/// The framework as a static archive, linked into `pony build`'s single executable.
struct StaticFramework: Sendable {
    /// `lib/libPonyRuntime.a`: the objects of `libPonyRuntime.so`.
    let archive: URL
    /// The `-l` flags its objects ask for (Foundation, zlib, …), from `swift-autolink-extract`.
    let libraries: [String]
}

/// Finds the toolchain, the Pony sources and the cache, and builds the framework when needed.
struct Toolchain: Sendable {
    let sourceDirectory: URL
    let cacheDirectory: URL
    let swiftc: String
    let swift: String
    /// Names this toolchain and checkout's folder in the cache.
    let cacheKey: String

    /// Locates everything; throws a one-line error when something is missing.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandError)
        -> Toolchain
    {
        let source: URL
        if let override = environment["PONY_SOURCE_DIR"], !override.isEmpty {
            source = URL(fileURLWithPath: override)
        } else {
            // NB: the CLI is built from a Pony checkout; that checkout is what it compiles.
            source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
        }
        guard FileManager.default.fileExists(atPath: source.appendingPathComponent("Package.swift").path) else {
            throw CommandError(
                "Cannot find Pony's sources at \(source.path): set PONY_SOURCE_DIR to a Pony checkout.")
        }
        guard let swiftc = Toolchain.which("swiftc", environment), let swift = Toolchain.which("swift", environment)
        else {
            throw CommandError("Cannot find swiftc on PATH: install Swift 6.3 or add its usr/bin to PATH.")
        }
        let cache: URL
        if let override = environment["PONY_CACHE_DIR"], !override.isEmpty {
            cache = URL(fileURLWithPath: override)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            cache = URL(fileURLWithPath: xdg).appendingPathComponent("pony")
        } else {
            cache = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/pony")
        }
        // NB: a binary .swiftmodule only loads in the compiler that wrote it, so the cache is
        // keyed by the compiler; its resolved path and modification time stand in for
        // `swift --version`, which would cost ~100 ms on every run. It is keyed by the checkout
        // too: SwiftPM's build folder holds the sources' absolute paths, so two checkouts that
        // shared one would rebuild each other's framework on every switch.
        let resolved = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath().path
        let modified =
            (try? FileManager.default.attributesOfItem(atPath: resolved)[.modificationDate] as? Date)?
            .timeIntervalSince1970 ?? 0
        var hash = ContentHash()
        hash.update(resolved)
        hash.update(String(modified))
        hash.update(source.standardizedFileURL.resolvingSymlinksInPath().path)
        return Toolchain(
            sourceDirectory: source, cacheDirectory: cache, swiftc: swiftc, swift: swift,
            cacheKey: String(hash.hex.prefix(12)))
    }

    static func which(_ tool: String, _ environment: [String: String]) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    var frameworkRoot: URL { cacheDirectory.appendingPathComponent("\(PonyVersion.current)-\(cacheKey)") }

    /// Each configuration has its own lock and SwiftPM build folder (SwiftPM locks that folder
    /// too), so that `pony run` never waits through a `pony serve`'s release build.
    func lockFile(_ configuration: Framework.Configuration) -> URL {
        frameworkRoot.appendingPathComponent("\(configuration.rawValue).lock")
    }

    func scratchDirectory(_ configuration: Framework.Configuration) -> URL {
        frameworkRoot.appendingPathComponent("build-\(configuration.rawValue)")
    }

    /// A hash of the sources of Pony's `targets` (all but the CLI's and the test helpers' when
    /// nil) and the manifest: paths, sizes and modification times.
    func sourcesFingerprint(targets: Set<String>? = nil) -> String {
        var hash = ContentHash()
        hash.update(PonyVersion.current)
        let manifest = sourceDirectory.appendingPathComponent("Package.swift")
        var files = [manifest]
        let sources = sourceDirectory.appendingPathComponent("Sources")
        // The CLI and the test helpers are not part of the framework: editing them must not
        // rebuild it.
        let notFramework: Set<String> = ["PonyCommands", "pony", "PonyTesting"]
        let all = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        for target in all where targets?.contains(target) ?? !notFramework.contains(target) {
            guard
                let walker = FileManager.default.enumerator(
                    at: sources.appendingPathComponent(target), includingPropertiesForKeys: nil)
            else { continue }
            for case let url as URL in walker where !url.hasDirectoryPath { files.append(url) }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            hash.update(file.path)
            hash.update(String((attributes?[.size] as? NSNumber)?.intValue ?? 0))
            hash.update(String((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0))
        }
        return hash.hex
    }
}
