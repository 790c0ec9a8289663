internal import PonyWeb

/// zlib-format compression, as Python's `zlib.compress`/`zlib.decompress` (which Django's
/// signing uses): default level, 15-bit window.
enum Zlib {
    static func compress(_ bytes: [UInt8]) -> [UInt8]? { Gzip.zlib(bytes) }

    /// The inflated bytes, or `nil` when `bytes` is not a complete zlib stream or inflates to
    /// more than `limit` bytes.
    static func decompress(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        Gzip.inflate(bytes, windowBits: 15, limit: limit)
    }
}
