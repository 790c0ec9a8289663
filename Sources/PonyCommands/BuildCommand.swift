import Foundation
import PonySupport

/// `pony build FILE [-o DIR] [--release]`: one executable that runs the app on a machine
/// without Swift — the framework and the Swift runtime linked in statically — with the app's
/// folders (`templates/`, `static/`, `public/`, `migrations/`) copied beside it, where the
/// executable looks for them.
public struct BuildCommand: Sendable {
    /// The folders beside the app's file that the app reads at run time.
    static let appFolders = ["templates", "static", "public", "migrations", "locale"]

    let path: String
    let output: String?
    let configuration: Framework.Configuration

    /// Creates the command; the output folder defaults to `build/<name>`.
    public init(file: String, output: String? = nil, release: Bool = false) {
        self.path = file
        self.output = output
        configuration = release ? .release : .debug
    }

    /// Builds the folder and returns the executable's path.
    @discardableResult
    public func run() throws(CommandError) -> String {
        let source = try AppSource(path: path)
        try source.checkDeclaresApp()
        let toolchain = try Toolchain.locate()
        let progress = ProgressReporter()
        let framework = try toolchain.framework(configuration, for: source, progress: progress)
        let standalone = try toolchain.staticFramework(framework, progress: progress)
        let directory = URL(fileURLWithPath: output ?? "build/\(source.name)").standardizedFileURL
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError("Cannot create \(directory.path): \(error.localizedDescription)")
        }
        let executable = directory.appendingPathComponent(source.name)
        let compiler = Compiler(toolchain: toolchain, framework: framework)
        if case .failure(let diagnostics) = try compiler.compile(source, output: executable, standalone: standalone) {
            FileHandle.standardError.write(Data(diagnostics.utf8))
            throw CommandError("\(source.displayPath) does not compile.")
        }
        // The folder layout of earlier versions (the framework and Swift's libraries in lib/).
        if fileManager.fileExists(atPath: directory.appendingPathComponent("lib/libPonyRuntime.so").path) {
            try? fileManager.removeItem(at: directory.appendingPathComponent("lib"))
        }
        let sourceFolder = source.url.deletingLastPathComponent()
        var copied: [String] = []
        for name in Self.appFolders {
            let folder = sourceFolder.appendingPathComponent(name)
            let destination = directory.appendingPathComponent(name)
            guard fileManager.fileExists(atPath: folder.path), folder.standardizedFileURL != destination else {
                continue
            }
            do {
                try? fileManager.removeItem(at: destination)
                try fileManager.copyItem(at: folder, to: destination)
            } catch {
                throw CommandError("Cannot copy \(folder.path) to \(destination.path): \(error.localizedDescription)")
            }
            copied.append(name + "/")
        }
        let size = (try? fileManager.attributesOfItem(atPath: executable.path)[.size] as? NSNumber)?.intValue ?? 0
        let relative = executable.path.replacingOccurrences(of: fileManager.currentDirectoryPath + "/", with: "")
        Terminal.say(
            "Built \(relative) (\(configuration.rawValue), one executable of \(size / 1_048_576) MB"
                + (copied.isEmpty ? "" : "; \(copied.joined(separator: ", ")) beside it") + ").")
        Terminal.say("Run it with: \(relative) serve 0.0.0.0:8000   (needs PONY_SECRET_KEY and PONY_ALLOWED_HOSTS)")
        return executable.path
    }
}
