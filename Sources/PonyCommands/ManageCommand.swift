import Foundation
import PonySupport

/// `pony manage FILE COMMAND [ARGUMENTS…]` (nanodjango's `manage`): compiles the app (or reuses
/// its cached build) and runs one of its own commands — `makemigrations --check`, `migrate`,
/// `createsuperuser`, … — in its place, with the terminal, so prompts work and the exit status
/// is the command's.
public struct ManageCommand: Sendable {
    let path: String
    let arguments: [String]

    /// A command running `arguments` in the app at `file`.
    public init(file: String, arguments: [String]) {
        self.path = file
        self.arguments = arguments
    }

    /// Compiles, then replaces this process with the app; returns only by throwing.
    public func run() throws(CommandError) -> Never {
        let source = try AppSource(path: path)
        try source.checkDeclaresApp()
        let toolchain = try Toolchain.locate()
        let framework = try toolchain.framework(.debug, for: source, progress: ProgressReporter())
        switch try Compiler(toolchain: toolchain, framework: framework).compile(source) {
        case .failure(let diagnostics):
            FileHandle.standardError.write(Data(diagnostics.utf8))
            throw CommandError("\(source.displayPath) does not compile.")
        case .success(let executable, _):
            let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
            execv(executable.path, argv)
            throw CommandError("Cannot run \(executable.path): \(String(cString: strerror(errno)))")
        }
    }
}
