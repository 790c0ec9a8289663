// Building the framework cache (issue 19: a first run took 12.8 minutes on a quiet 2-core
// machine). Under $PONY_CACHE_DIR/<version>-<key>/:
//
//   macros/<hash>/PonyMacros-tool   the `@Model` plugin: swift-syntax built once, in debug, in
//                                   build-macros/ under macros.lock, for both configurations
//   debug/, release/                the framework without the PostgreSQL backend
//   debug-postgres/, …              with it, for apps that ask for PostgreSQL
//   build-debug/, build-release/    SwiftPM's build folders, one per configuration (a lock each),
//                                   shared by the two variants: switching relinks Pony only
import Foundation
import PonySupport

extension AppSource {
    /// Whether the app needs the PostgreSQL backend: `PONY_POSTGRES=1` (or `0` to leave it out),
    /// else `DATABASE_URL` names PostgreSQL, else the file mentions a `postgres://` URL (a
    /// database set in code).
    func asksForPostgres(_ environment: [String: String]) -> Bool {
        switch environment["PONY_POSTGRES"] {
        case "1": return true
        case "0": return false
        default: break
        }
        let schemes = ["postgres://", "postgresql://"]
        if let url = environment["DATABASE_URL"], schemes.contains(where: url.hasPrefix) { return true }
        let text = (try? contents()).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return schemes.contains(where: text.contains)
    }
}

extension Toolchain {
    /// The framework `source` needs in `configuration`, built or refreshed first when Pony's
    /// sources changed.
    func framework(
        _ configuration: Framework.Configuration, for source: AppSource,
        environment: [String: String] = ProcessInfo.processInfo.environment, progress: ProgressReporter
    ) throws(CommandError) -> Framework {
        try framework(configuration, postgres: source.asksForPostgres(environment), progress: progress)
    }

    /// The framework in `configuration`, with or without the PostgreSQL backend.
    func framework(_ configuration: Framework.Configuration, postgres: Bool, progress: ProgressReporter)
        throws(CommandError) -> Framework
    {
        let directory = frameworkRoot.appendingPathComponent(configuration.rawValue + (postgres ? "-postgres" : ""))
        try? FileManager.default.createDirectory(at: frameworkRoot, withIntermediateDirectories: true)
        let lock = try FileLock(lockFile(configuration).path) {
            progress.begin(
                "Waiting for another pony process to finish building the \(configuration.rawValue) framework…")
        }
        defer { lock.unlock() }
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
        let plugin = try macroPlugin(progress: progress)
        try build(framework, plugin: plugin, progress: progress)
        try? sources.write(to: stamp, atomically: true, encoding: .utf8)
        return framework
    }

    /// The `@Model` plugin, built unoptimised once for both configurations: its speed does not
    /// matter for the code it writes, and optimising swift-syntax took 13 CPU-minutes.
    func macroPlugin(progress: ProgressReporter) throws(CommandError) -> URL {
        let lock = try FileLock(frameworkRoot.appendingPathComponent("macros.lock").path) {
            progress.begin("Waiting for another pony process to finish building the @Model plugin…")
        }
        defer { lock.unlock() }
        // NB: SwiftPM sees the plugin only as a path in the framework's compiler flags, not as
        // an input, so a changed plugin gets a new path, which makes SwiftPM recompile Pony.
        let folder = frameworkRoot.appendingPathComponent("macros")
        let name = String(sourcesFingerprint(targets: ["PonyMacros"]).prefix(16))
        let plugin = folder.appendingPathComponent("\(name)/PonyMacros-tool")
        if FileManager.default.isExecutableFile(atPath: plugin.path) { return plugin }
        let scratch = frameworkRoot.appendingPathComponent("build-macros")
        try swiftBuild(
            "the @Model macro plugin (swift-syntax)", ["--product", "PonyMacros"], configuration: .debug,
            scratch: scratch, environment: [:], progress: progress)
        let fileManager = FileManager.default
        try? fileManager.removeItem(at: folder)
        do {
            try fileManager.createDirectory(at: plugin.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.copyItem(at: scratch.appendingPathComponent("debug/PonyMacros-tool"), to: plugin)
        } catch {
            throw CommandError("Could not copy the @Model plugin into \(plugin.path): \(error)")
        }
        return plugin
    }

    private func build(_ framework: Framework, plugin: URL, progress: ProgressReporter) throws(CommandError) {
        let scratch = scratchDirectory(framework.configuration)
        try swiftBuild(
            "the Pony framework (\(framework.configuration.rawValue)\(framework.hasPostgres ? ", with PostgreSQL" : ""))",
            ["--product", "PonyRuntime"], configuration: framework.configuration, scratch: scratch,
            environment: [
                "PONY_LIBRARY_EVOLUTION": "1", "PONY_POSTGRES": framework.hasPostgres ? "1" : "0",
                "PONY_MACRO_PLUGIN": plugin.path,
            ],
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
            try fileManager.copyItem(at: plugin, to: framework.macroPlugin)
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
    }

    /// Runs `swift build` on Pony's sources with a progress bar.
    private func swiftBuild(
        _ what: String, _ arguments: [String], configuration: Framework.Configuration, scratch: URL,
        environment: [String: String], progress: ProgressReporter
    ) throws(CommandError) {
        progress.begin(
            "Building \(what) into \(frameworkRoot.path). This happens once per Pony version and takes a few minutes.")
        let started = Date()
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(
                swift,
                [
                    "build", "--package-path", sourceDirectory.path, "--scratch-path", scratch.path,
                    "-c", configuration.rawValue,
                ] + arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }
            ) { line in progress.line(line) }
        } catch {
            throw CommandError("Could not run \(swift): \(error)")
        }
        guard result.status == 0 else {
            progress.end(nil)
            throw CommandError("Building \(what) failed:\n\(result.output.suffix(4000))")
        }
        progress.end("Built \(what) in \(Int(Date().timeIntervalSince(started))) s.")
    }
}
