// Building the framework cache (issue 19: a first run took 12.8 minutes on a quiet 2-core
// machine). Under $PONY_CACHE_DIR/<version>-<key>/:
//
//   debug/, release/                the framework without the PostgreSQL backend
//   debug-postgres/, …              with it and BoringSSL, for apps that ask for PostgreSQL or
//                                   for mail over TLS
//   build-debug/, build-release/    SwiftPM's build folders, one per configuration (a lock each),
//                                   shared by the two variants: adding one compiles the backend
//   macros/<hash>/PonyMacros-tool   the `@Model` plugin (swift-syntax) from the debug build,
//                                   which the release build loads instead of optimising its own
import Foundation
import PonySupport

extension AppSource {
    /// Whether the app needs the framework with BoringSSL (swift-nio-ssl): for the PostgreSQL
    /// backend or for mail over TLS. `PONY_POSTGRES=1` says yes (`0` no); else `DATABASE_URL`
    /// names PostgreSQL or `PONY_EMAIL_URL` SMTP over TLS, else the file mentions either (a
    /// database or mail backend set in code).
    func asksForPostgresOrTLS(_ environment: [String: String]) -> Bool {
        switch environment["PONY_POSTGRES"] {
        case "1": return true
        case "0": return false
        default: break
        }
        let databases = ["postgres://", "postgresql://"]
        let mail = ["smtp+tls://", "smtps://", "smtp+ssl://", ".startTLS", ".implicitTLS"]
        if let url = environment["DATABASE_URL"], databases.contains(where: url.lowercased().hasPrefix) { return true }
        if let url = environment["PONY_EMAIL_URL"], mail.contains(where: url.lowercased().hasPrefix) { return true }
        let text = (try? contents()).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (databases + mail).contains(where: text.contains)
    }
}

extension Toolchain {
    /// The framework `source` needs in `configuration`, built or refreshed first when Pony's
    /// sources changed.
    func framework(
        _ configuration: Framework.Configuration, for source: AppSource,
        environment: [String: String] = ProcessInfo.processInfo.environment, progress: ProgressReporter
    ) throws(CommandError) -> Framework {
        try framework(configuration, postgres: source.asksForPostgresOrTLS(environment), progress: progress)
    }

    /// The framework in `configuration`, with or without the PostgreSQL backend.
    func framework(_ configuration: Framework.Configuration, postgres: Bool, progress: ProgressReporter)
        throws(CommandError) -> Framework
    {
        let directory = frameworkRoot.appendingPathComponent(configuration.rawValue + (postgres ? "-postgres" : ""))
        try? FileManager.default.createDirectory(at: frameworkRoot, withIntermediateDirectories: true)
        let held = try lock(configuration, progress: progress)
        defer { held.unlock() }
        let sources = sourcesFingerprint()
        let framework = Framework(
            configuration: configuration, hasPostgres: postgres, directory: directory,
            fingerprint: sources + (postgres ? "+postgres" : ""))
        let stamp = directory.appendingPathComponent("fingerprint")
        if let built = try? String(contentsOf: stamp, encoding: .utf8), built == sources,
            FileManager.default.fileExists(
                atPath: framework.libraryDirectory.appendingPathComponent("libPonyRuntime.so").path),
            FileManager.default.isExecutableFile(atPath: framework.macroPlugin.path)
        {
            return framework
        }
        // NB: the debug build compiles swift-syntax in parallel with the rest; the release
        // build takes the plugin from it.
        let plugin = configuration == .release ? try macroPlugin(progress: progress) : nil
        try build(framework, plugin: plugin, progress: progress)
        try? sources.write(to: stamp, atomically: true, encoding: .utf8)
        return framework
    }

    /// The framework as one static archive, for an executable that needs neither the framework's
    /// library nor Swift (`pony build`): the objects of `libPonyRuntime.so`, archived on first
    /// use, with the libraries they ask the linker for.
    func staticFramework(_ framework: Framework, progress: ProgressReporter) throws(CommandError) -> StaticFramework {
        let archive = framework.libraryDirectory.appendingPathComponent("libPonyRuntime.a")
        let librariesFile = framework.libraryDirectory.appendingPathComponent("libPonyRuntime.libraries")
        let held = try lock(framework.configuration, progress: progress)
        defer { held.unlock() }
        if let libraries = try? String(contentsOf: librariesFile, encoding: .utf8),
            FileManager.default.fileExists(atPath: archive.path)
        {
            return StaticFramework(archive: archive, libraries: libraries.split(separator: "\n").map(String.init))
        }
        // The build folder holds the objects of the variant built last: bring it back to this
        // one (nothing to do when it is).
        progress.begin("Archiving the Pony framework (\(framework.configuration.rawValue)) for one executable…")
        let scratch = scratchDirectory(framework.configuration)
        let plugin = framework.configuration == .release ? sharedMacroPlugin : nil
        try swiftBuild(
            nil, ["--product", "PonyRuntime"], configuration: framework.configuration, scratch: scratch,
            typical: nil, environment: environment(postgres: framework.hasPostgres, plugin: plugin),
            progress: progress)
        let objects = scratch.appendingPathComponent(
            "\(framework.configuration.rawValue)/PonyRuntime.product/Objects.LinkFileList")
        let partial = archive.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        let libraries: [String]
        do {
            let archived = try ProcessRunner.run(
                Toolchain.which("ar", ProcessInfo.processInfo.environment) ?? "/usr/bin/ar",
                ["rcs", partial.path, "@" + objects.path])
            guard archived.status == 0 else { throw CommandError("ar failed: \(archived.output)") }
            libraries = try linkerLibraries(partial)
            try FileManager.default.moveItem(at: partial, to: archive)
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw CommandError("Could not archive the framework into \(archive.path): \(error)")
        }
        try? libraries.joined(separator: "\n").write(to: librariesFile, atomically: true, encoding: .utf8)
        return StaticFramework(archive: archive, libraries: libraries)
    }

    /// The `-l` flags the objects in `archive` ask for, and those that Swift's own static
    /// libraries among them ask for in turn (Foundation needs CoreFoundation, …), each once.
    private func linkerLibraries(_ archive: URL) throws -> [String] {
        let bin = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath().deletingLastPathComponent()
        let extract = bin.appendingPathComponent("swift-autolink-extract").path
        let staticLibraries = bin.deletingLastPathComponent().appendingPathComponent("lib/swift_static/linux")
        func flags(_ file: URL) throws -> [String] {
            let result = try ProcessRunner.run(extract, [file.path])
            guard result.status == 0 else { throw CommandError("swift-autolink-extract failed: \(result.output)") }
            return result.output.split(whereSeparator: \.isNewline).map(String.init)
        }
        var found: [String] = []
        var pending = try flags(archive)
        while !pending.isEmpty {
            let flag = pending.removeFirst()
            guard !found.contains(flag) else { continue }
            found.append(flag)
            let library = staticLibraries.appendingPathComponent("lib\(flag.dropFirst(2)).a")
            if flag.hasPrefix("-l"), FileManager.default.fileExists(atPath: library.path) {
                pending += try flags(library)
            }
            // NB: Foundation's static module asks for CoreFoundation only in objects compiled
            // with -static-stdlib, which the framework's are not.
            if flag == "-lFoundation" { pending.append("-lCoreFoundation") }
        }
        return found
    }

    /// Where the debug build leaves the `@Model` plugin for the release build.
    /// NB: SwiftPM sees the plugin only as a path in the compiler flags, not as an input, so a
    /// changed plugin gets a new path, which makes SwiftPM recompile Pony's targets.
    var sharedMacroPlugin: URL {
        let name = String(sourcesFingerprint(targets: ["PonyMacros"]).prefix(16))
        return frameworkRoot.appendingPathComponent("macros/\(name)/PonyMacros-tool")
    }

    /// The `@Model` plugin for the release build: the debug build's (built first when there is
    /// none), since its speed does not matter for the code it writes, and optimising
    /// swift-syntax took 13 CPU-minutes.
    private func macroPlugin(progress: ProgressReporter) throws(CommandError) -> URL {
        let plugin = sharedMacroPlugin
        if FileManager.default.isExecutableFile(atPath: plugin.path) { return plugin }
        let held = try lock(.debug, progress: progress)
        defer { held.unlock() }
        if FileManager.default.isExecutableFile(atPath: plugin.path) { return plugin }
        let scratch = scratchDirectory(.debug)
        try swiftBuild(
            "the @Model macro plugin (swift-syntax)", ["--product", "PonyMacros"], configuration: .debug,
            scratch: scratch, typical: .seconds(85), environment: environment(postgres: false, plugin: nil),
            progress: progress)
        try share(scratch.appendingPathComponent("debug/PonyMacros-tool"))
        return plugin
    }

    /// Copies a freshly built plugin to ``sharedMacroPlugin``, replacing older ones.
    private func share(_ built: URL) throws(CommandError) {
        let plugin = sharedMacroPlugin
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: plugin.deletingLastPathComponent().deletingLastPathComponent())
        do {
            try fileManager.createDirectory(at: plugin.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.copyItem(at: built, to: plugin)
        } catch {
            throw CommandError("Could not copy the @Model plugin into \(plugin.path): \(error)")
        }
    }

    /// What `Package.swift` reads (see its top): library evolution, the PostgreSQL backend, and
    /// the prebuilt plugin. A debug build of the plugin alone must see the same as the debug
    /// framework's, or SwiftPM would recompile.
    private func environment(postgres: Bool, plugin: URL?) -> [String: String] {
        var environment = ["PONY_LIBRARY_EVOLUTION": "1", "PONY_POSTGRES": postgres ? "1" : "0"]
        environment["PONY_MACRO_PLUGIN"] = plugin?.path
        return environment
    }

    private func build(_ framework: Framework, plugin: URL?, progress: ProgressReporter) throws(CommandError) {
        let scratch = scratchDirectory(framework.configuration)
        try swiftBuild(
            "the Pony framework (\(framework.configuration.rawValue)\(framework.hasPostgres ? ", with PostgreSQL" : ""))",
            ["--product", "PonyRuntime"], configuration: framework.configuration, scratch: scratch,
            typical: framework.configuration == .debug ? .seconds(230) : .seconds(330),
            environment: environment(postgres: framework.hasPostgres, plugin: plugin),
            progress: progress)
        let products = scratch.appendingPathComponent(framework.configuration.rawValue)
        let directory = framework.directory
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: directory)
        do {
            for folder in [
                framework.modulesDirectory, framework.libraryDirectory,
                framework.macroPlugin.deletingLastPathComponent(),
            ] {
                try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try fileManager.copyItem(
                at: products.appendingPathComponent("libPonyRuntime.so"),
                to: framework.libraryDirectory.appendingPathComponent("libPonyRuntime.so"))
            try fileManager.copyItem(
                at: plugin ?? products.appendingPathComponent("PonyMacros-tool"), to: framework.macroPlugin)
            // NB: the build folder is shared by both variants: a PonyPostgres module left there
            // by the other one would compile in an app but not link.
            let modules = products.appendingPathComponent("Modules")
            for name in try fileManager.contentsOfDirectory(atPath: modules.path)
            where name.hasPrefix("Pony") && name.hasSuffix(".swiftmodule")
                && (framework.hasPostgres || name != "PonyPostgres.swiftmodule")
            {
                try fileManager.copyItem(
                    at: modules.appendingPathComponent(name),
                    to: framework.modulesDirectory.appendingPathComponent(name))
            }
        } catch {
            throw CommandError("Could not copy the built framework into \(directory.path): \(error)")
        }
        if plugin == nil { try share(products.appendingPathComponent("PonyMacros-tool")) }
    }

    /// Takes the configuration's build lock, saying so when another `pony` holds it.
    private func lock(_ configuration: Framework.Configuration, progress: ProgressReporter) throws(CommandError)
        -> FileLock
    {
        try FileLock(lockFile(configuration).path) {
            progress.begin(
                "Waiting for another pony process to finish building the \(configuration.rawValue) framework…")
        }
    }

    /// Runs `swift build` on Pony's sources with a progress bar, announcing `what` it builds
    /// (when given); `typical` is how long it took from an empty build folder on 2 cores
    /// (Benchmarks/firstrun.sh), for the estimate.
    private func swiftBuild(
        _ what: String?, _ arguments: [String], configuration: Framework.Configuration, scratch: URL,
        typical: Duration?, environment: [String: String], progress: ProgressReporter
    ) throws(CommandError) {
        let first = !FileManager.default.fileExists(atPath: scratch.path)
        if let what {
            progress.begin(
                "Building \(what) into \(frameworkRoot.path). This happens once per Pony version and takes a few"
                    + " minutes.",
                typical: first ? typical : nil)
        }
        let started = Date()
        // NB: the debug framework is built without debug info (a first run's framework build
        // took 218 s instead of 232 s; Benchmarks/firstrun.sh): an app's own file keeps it, so
        // a crash still names the app's lines, and the release framework keeps it for
        // production backtraces.
        let debugInfo = configuration == .debug ? ["-debug-info-format", "none"] : []
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(
                swift,
                [
                    "build", "--package-path", sourceDirectory.path, "--scratch-path", scratch.path,
                    "-c", configuration.rawValue,
                ] + debugInfo + arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }
            ) { line in progress.line(line) }
        } catch {
            throw CommandError("Could not run \(swift): \(error)")
        }
        let name = what ?? "the Pony framework (\(configuration.rawValue))"
        guard result.status == 0 else {
            progress.end(nil)
            throw CommandError("Building \(name) failed:\n\(result.output.suffix(4000))")
        }
        progress.end(what.map { "Built \($0) in \(Int(Date().timeIntervalSince(started))) s." })
    }
}
