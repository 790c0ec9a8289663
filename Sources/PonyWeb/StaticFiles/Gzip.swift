internal import CZlib

/// Deflate compression through the system zlib: gzip at its best level for the precompressed
/// copies of static files, and zlib's format at its default level as Python's
/// `zlib.compress` (which Django's signing uses).
package enum Gzip {
    /// The gzip stream of `bytes`, or `nil` if zlib fails.
    static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        // 15 window bits + 16: a gzip header and trailer instead of zlib's.
        deflate(bytes, level: Z_BEST_COMPRESSION, windowBits: 15 + 16, memoryLevel: 9)
    }

    /// The zlib stream of `bytes` as Python's `zlib.compress(bytes)` makes it, or `nil`.
    package static func zlib(_ bytes: [UInt8]) -> [UInt8]? {
        deflate(bytes, level: Z_DEFAULT_COMPRESSION, windowBits: 15, memoryLevel: 8)
    }

    private static func deflate(_ bytes: [UInt8], level: Int32, windowBits: Int32, memoryLevel: Int32) -> [UInt8]? {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, windowBits, memoryLevel, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
