/// A failure of a `pony` command, reported as one line (or a block of compiler output) and a
/// non-zero exit status.
public struct CommandError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String
    /// The process exit status.
    public let exitCode: Int32

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
