import Foundation
import PonySupport

/// `pony build FILE [-o DIR] [--release]`: a folder that runs the app on a machine without
/// Swift installed — the executable, `lib/libPonyRuntime.so` and the Swift runtime libraries
/// it needs (found with `ldd`), linked with an `$ORIGIN/lib` rpath.
public struct BuildCommand: Sendable {
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
        let framework = try toolchain.framework(configuration, for: source, progress: ProgressReporter())
        let directory = URL(fileURLWithPath: output ?? "build/\(source.name)").standardizedFileURL
        let library = directory.appendingPathComponent("lib")
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: library, withIntermediateDirectories: true)
        } catch {
            throw CommandError("Cannot create \(directory.path): \(error.localizedDescription)")
        }
        let executable = directory.appendingPathComponent(source.name)
        let compiler = Compiler(toolchain: toolchain, framework: framework)
        if case .failure(let diagnostics) = try compiler.compile(source, output: executable, rpath: "$ORIGIN/lib") {
            FileHandle.standardError.write(Data(diagnostics.utf8))
            throw CommandError("\(source.displayPath) does not compile.")
        }
        // The Swift runtime libraries: every dependency that ldd resolves inside the toolchain.
        let runtime = URL(fileURLWithPath: toolchain.swiftc).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib").path
        var libraries = [framework.libraryDirectory.appendingPathComponent("libPonyRuntime.so").path]
        if let ldd = try? ProcessRunner.run("/usr/bin/ldd", [executable.path]) {
            for line in ldd.output.split(separator: "\n") {
                guard let arrow = line.range(of: "=> ") else { continue }
                let path = line[arrow.upperBound...].split(separator: " ").first.map(String.init) ?? ""
                if path.hasPrefix(runtime) { libraries.append(path) }
            }
        }
        do {
            for path in libraries {
                let destination = library.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
                try? fileManager.removeItem(at: destination)
                try fileManager.copyItem(at: URL(fileURLWithPath: path).resolvingSymlinksInPath(), to: destination)
            }
        } catch {
            throw CommandError("Cannot copy the runtime libraries into \(library.path): \(error.localizedDescription)")
        }
        let relative = executable.path.replacingOccurrences(of: fileManager.currentDirectoryPath + "/", with: "")
        Terminal.say("Built \(relative) (\(configuration.rawValue), \(libraries.count) libraries in lib/).")
        Terminal.say("Run it with: \(relative) serve 0.0.0.0:8000   (needs PONY_SECRET_KEY and PONY_ALLOWED_HOSTS)")
        return executable.path
    }
}
