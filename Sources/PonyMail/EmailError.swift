/// A message that cannot be written or sent: a header with a line break, an address Pony
/// cannot read, or an SMTP server's refusal, in words that say which and what to do.
public struct EmailError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public let description: String

    /// An error with `description`.
    public init(_ description: String) { self.description = description }
}
