/// Pony's version, which keys the CLI's framework cache.
public enum PonyVersion {
    /// The current version.
    public static let current = "0.1.0"
}
