import Foundation
import PonySupport

/// An app's source file, as given on the command line.
struct AppSource: Sendable {
    /// The path as the user wrote it, for messages.
    let displayPath: String
    /// The absolute path, passed to the compiler so `#filePath` and crash reports name it.
    let url: URL

    init(path: String) throws(CommandError) {
        displayPath = path
        url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CommandError("No such file: \(path).")
        }
        guard url.pathExtension == "swift" else {
            throw CommandError("\(path) is not a Swift file: pass the app's .swift file.")
        }
    }

    /// The app's name: the file name without `.swift`.
    var name: String { url.deletingPathExtension().lastPathComponent }

    /// A valid Swift module name for the file.
    var moduleName: String {
        var name = String(self.name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        if name.first?.isNumber ?? true { name = "_" + name }
        let taken: Set<String> = [
            "Pony", "PonyWeb", "PonySupport", "PonyTesting", "PonyORM", "PonySQLite", "PonyTemplates", "Foundation",
            "Swift",
            "main",
        ]
        return taken.contains(name) ? name + "App" : name
    }

    func contents() throws(CommandError) -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw CommandError("Cannot read \(displayPath): \(error.localizedDescription)")
        }
    }

    /// Checks that the file declares an app; a file without `Pony(` cannot serve anything.
    func checkDeclaresApp() throws(CommandError) {
        let text = String(decoding: try contents(), as: UTF8.self)
        let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
        guard code.contains(where: { $0.contains("Pony(") }) else {
            throw CommandError(
                "\(displayPath) has no Pony app: add `let app = Pony()` and end the file with `app.run()`.")
        }
    }
}

/// The outcome of compiling an app's file.
enum CompileResult: Sendable {
    case success(executable: URL, cached: Bool)
    case failure(diagnostics: String)
}

/// Compiles one app file against the prebuilt framework with a single `swiftc` call.
struct Compiler: Sendable {
    let toolchain: Toolchain
    let framework: Framework

    /// Where this app's binaries live: one folder per app path.
    func appDirectory(_ source: AppSource) -> URL {
        var hash = ContentHash()
        hash.update(source.url.path)
        return toolchain.cacheDirectory.appendingPathComponent("apps/\(source.name)-\(hash.hex.prefix(10))")
    }

    /// Compiles `source`, or reuses the binary built from identical content.
    ///
    /// - Parameters:
    ///   - output: where to put the binary; by default a cache slot keyed by content.
    ///   - standalone: link the framework and the Swift runtime into the binary (`pony build`).
    ///   - attempts: how many times to compile a file that changes while it compiles.
    func compile(
        _ source: AppSource, output: URL? = nil, standalone: StaticFramework? = nil, attempts: Int = 3
    ) throws(CommandError) -> CompileResult {
        let contents = try source.contents()
        let arguments = swiftcArguments(source, standalone: standalone)
        var hash = ContentHash()
        hash.update(contents)
        hash.update(framework.fingerprint)
        arguments.forEach { hash.update($0) }
        let directory = appDirectory(source)
        // This content's cache slot; it also holds the file compiled in its place, if any.
        let slot = directory.appendingPathComponent(hash.hex)
        let executable = output ?? slot.appendingPathComponent(source.name)
        if output == nil, FileManager.default.isExecutableFile(atPath: executable.path) {
            return .success(executable: executable, cached: true)
        }
        for folder in [slot, executable.deletingLastPathComponent()] {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        var compiled = arguments
        let text = String(decoding: contents, as: UTF8.self)
        guard text.contains(where: { !$0.isWhitespace }) else {
            return .failure(diagnostics: "\(source.displayPath) is empty: save the app's code in it.\n")
        }
        let models = ModelDiscovery.models(in: text)
        if !models.isEmpty {
            // The file with its models listed, compiled in its place (diagnostics still name it).
            let wrapped = slot.appendingPathComponent("main.swift")
            do {
                try ModelDiscovery.wrappedSource(text, path: source.url.path, models: models).write(
                    to: wrapped, atomically: true, encoding: .utf8)
            } catch {
                throw CommandError("Cannot write \(wrapped.path): \(error)")
            }
            compiled[compiled.count - 1] = wrapped.path
        }
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(toolchain.swiftc, compiled + ["-o", executable.path])
        } catch {
            throw CommandError("Could not run \(toolchain.swiftc): \(error)")
        }
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: executable)
            return .failure(diagnostics: readable(result.output, source))
        }
        // NB: a file without models is compiled in place, so swiftc may have read a later save
        // than the one read here; if that save has models, the binary would not list them and
        // the app would migrate their tables away. Compile again whatever changed meanwhile.
        if models.isEmpty, (try? source.contents()) != contents {
            try? FileManager.default.removeItem(at: executable)
            guard attempts > 1 else {
                return .failure(diagnostics: "\(source.displayPath) kept changing while it compiled; save it again.\n")
            }
            return try compile(source, output: output, standalone: standalone, attempts: attempts - 1)
        }
        if output == nil { pruneOldBuilds(in: directory, keeping: executable.deletingLastPathComponent()) }
        return .success(executable: executable, cached: false)
    }

    /// Compiles a converted project's target (`pony convert`): its Swift files, as module
    /// `moduleName`, into `output`; the models are registered in its code, not discovered.
    func compileTarget(_ files: [URL], moduleName: String, output: URL) throws(CommandError) -> CompileResult {
        let arguments =
            frameworkArguments(moduleName: moduleName) + dynamicLinking + files.map(\.path) + ["-o", output.path]
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(toolchain.swiftc, arguments)
        } catch {
            throw CommandError("Could not run \(toolchain.swiftc): \(error)")
        }
        return result.status == 0 ? .success(executable: output, cached: false) : .failure(diagnostics: result.output)
    }

    func swiftcArguments(_ source: AppSource, standalone: StaticFramework? = nil) -> [String] {
        let linking: [String]
        if let standalone {
            // `pony_built_binary` marks the binary (Pony.builtBinaryFolder: the app's folders
            // are beside it). The archive is linked whole, not only the objects the app refers
            // to: Swift finds conformances and the like through sections the linker would
            // otherwise leave out. The libraries it asks for follow it, as a group (Swift's
            // static libraries refer to each other).
            linking =
                ["-static-stdlib", "-Xlinker", "--defsym=pony_built_binary=main"]
                + ["-Xlinker", "--whole-archive", "-Xlinker", standalone.archive.path]
                + ["-Xlinker", "--no-whole-archive", "-Xlinker", "--start-group"]
                + standalone.libraries.flatMap { ["-Xlinker", $0] } + ["-Xlinker", "--end-group"]
        } else {
            linking = dynamicLinking
        }
        // The app's model list is looked up by name at start-up (ModelDiscovery).
        return frameworkArguments(moduleName: source.moduleName) + ["-Xlinker", "--export-dynamic"] + linking
            + [source.url.path]
    }

    /// The flags every app compile takes: optimisation, language mode, Pony's modules and
    /// its `@Model` plugin.
    private func frameworkArguments(moduleName: String) -> [String] {
        [framework.configuration == .release ? "-O" : "-Onone"] + [
            "-g", "-swift-version", "6", "-module-name", moduleName,
            "-module-cache-path", toolchain.cacheDirectory.appendingPathComponent("ModuleCache").path,
            "-I", framework.modulesDirectory.path,
            "-load-plugin-executable", framework.macroPlugin.path + "#PonyMacros",
        ]
    }

    /// Linking against the framework's `libPonyRuntime.so`, found again at run time.
    private var dynamicLinking: [String] {
        [
            "-L", framework.libraryDirectory.path, "-lPonyRuntime",
            "-Xlinker", "-rpath", "-Xlinker", framework.libraryDirectory.path,
        ]
    }

    /// Compiler output with the absolute path shortened to the one the user typed.
    private func readable(_ output: String, _ source: AppSource) -> String {
        output.replacingOccurrences(of: source.url.path + ":", with: source.displayPath + ":")
    }

    private func pruneOldBuilds(in directory: URL, keeping current: URL) {
        let fileManager = FileManager.default
        guard
            let entries = try? fileManager.contentsOfDirectory(
                at: directory, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return }
        let old = entries.filter { $0.lastPathComponent != current.lastPathComponent }
            .sorted {
                let a =
                    (try? $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)
                    ?? .distantPast
                let b =
                    (try? $1.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)
                    ?? .distantPast
                return a > b
            }
        for entry in old.dropFirst(2) { try? fileManager.removeItem(at: entry) }
    }
}
