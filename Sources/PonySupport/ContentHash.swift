/// A fast, stable 64-bit FNV-1a hash for cache keys (file contents, fingerprints); not
/// for security.
public struct ContentHash: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Starts a hash.
    public init() {}

    /// Adds bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01b3
        }
    }

    /// Adds a string's UTF-8 bytes and a separator.
    public mutating func update(_ text: String) {
        update(text.utf8)
        update(CollectionOfOne(0))
    }

    /// The hash as 16 hexadecimal digits.
    public var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
