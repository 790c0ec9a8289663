/// Serving could not start or go on: what went wrong and what to do, and the exit status.
public struct ServeError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String
    /// The process exit status.
    public let exitCode: Int32

    /// An error with its message and exit status.
    public init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
