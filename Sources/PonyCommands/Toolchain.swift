// How a single file becomes a program (ARCHITECTURE.md §4, measured in the README):
//
//   1. Framework cache: Pony is built once per Pony version, Swift toolchain and checkout,
//      with library evolution, into $PONY_CACHE_DIR/<version>-<key>/<configuration>/ (a dynamic
//      library plus Pony's own .swiftmodule files). It is rebuilt incrementally when Pony's
//      sources change; debug and release each have their own lock and build folder.
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
    /// Holds `Modules/` (swiftmodules) and `lib/libPonyRuntime.so`.
    let directory: URL
    /// Changes whenever the framework is rebuilt; part of every binary's cache key.
    let fingerprint: String

    var modulesDirectory: URL { directory.appendingPathComponent("Modules") }
    var libraryDirectory: URL { directory.appendingPathComponent("lib") }
    /// The compiler plugin for `@Model` and `@Field`.
    var macroPlugin: URL { directory.appendingPathComponent("plugins/PonyMacros-tool") }
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

    /// The framework for a configuration, built or refreshed first when Pony's sources changed.
    func framework(_ configuration: Framework.Configuration, progress: ProgressReporter) throws(CommandError)
        -> Framework
    {
        let root = frameworkRoot
        let directory = root.appendingPathComponent(configuration.rawValue)
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let lock = try FileLock(lockFile(configuration).path) {
            progress.begin(
                "Waiting for another pony process to finish building the \(configuration.rawValue) framework…")
        }
        defer { lock.unlock() }
        let sources = sourcesFingerprint()
        let stamp = directory.appendingPathComponent("fingerprint")
        if let built = try? String(contentsOf: stamp, encoding: .utf8), built == sources,
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("lib/libPonyRuntime.so").path),
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("plugins/PonyMacros-tool").path)
        {
            return Framework(configuration: configuration, directory: directory, fingerprint: sources)
        }
        try build(configuration, into: directory, progress: progress)
        try? sources.write(to: stamp, atomically: true, encoding: .utf8)
        return Framework(configuration: configuration, directory: directory, fingerprint: sources)
    }

    /// A hash of the framework's sources and the manifest (paths, sizes and modification times).
    func sourcesFingerprint() -> String {
        var hash = ContentHash()
        hash.update(PonyVersion.current)
        let manifest = sourceDirectory.appendingPathComponent("Package.swift")
        var files = [manifest]
        let sources = sourceDirectory.appendingPathComponent("Sources")
        // The CLI and the test helpers are not part of the framework: editing them must not
        // rebuild it.
        let notFramework: Set<String> = ["PonyCommands", "pony", "PonyTesting"]
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        for target in targets where !notFramework.contains(target) {
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

    private func build(_ configuration: Framework.Configuration, into directory: URL, progress: ProgressReporter)
        throws(CommandError)
    {
        let scratch = scratchDirectory(configuration)
        progress.begin(
            "Building the Pony framework (\(configuration.rawValue)) into \(frameworkRoot.path). This happens once per"
                + " Pony version and takes a few minutes.")
        let started = Date()
        var environment = ProcessInfo.processInfo.environment
        environment["PONY_LIBRARY_EVOLUTION"] = "1"
        let arguments = [
            "build", "--package-path", sourceDirectory.path, "--scratch-path", scratch.path,
            "-c", configuration.rawValue, "--product", "PonyRuntime",
        ]
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(swift, arguments, environment: environment) { line in progress.line(line) }
        } catch {
            throw CommandError("Could not run \(swift): \(error)")
        }
        guard result.status == 0 else {
            progress.end(nil)
            throw CommandError("Building the Pony framework failed:\n\(result.output.suffix(4000))")
        }
        let products = scratch.appendingPathComponent(configuration.rawValue)
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: directory)
        do {
            try fileManager.createDirectory(
                at: directory.appendingPathComponent("Modules"), withIntermediateDirectories: true)
            try fileManager.createDirectory(
                at: directory.appendingPathComponent("lib"), withIntermediateDirectories: true)
            try fileManager.copyItem(
                at: products.appendingPathComponent("libPonyRuntime.so"),
                to: directory.appendingPathComponent("lib/libPonyRuntime.so"))
            try fileManager.createDirectory(
                at: directory.appendingPathComponent("plugins"), withIntermediateDirectories: true)
            try fileManager.copyItem(
                at: products.appendingPathComponent("PonyMacros-tool"),
                to: directory.appendingPathComponent("plugins/PonyMacros-tool"))
            let modules = products.appendingPathComponent("Modules")
            for name in try fileManager.contentsOfDirectory(atPath: modules.path)
            where name.hasPrefix("Pony") && name.hasSuffix(".swiftmodule") {
                try fileManager.copyItem(
                    at: modules.appendingPathComponent(name), to: directory.appendingPathComponent("Modules/\(name)"))
            }
        } catch {
            throw CommandError("Could not copy the built framework into \(directory.path): \(error)")
        }
        progress.end("Built the Pony framework in \(Int(Date().timeIntervalSince(started))) s.")
    }
}
