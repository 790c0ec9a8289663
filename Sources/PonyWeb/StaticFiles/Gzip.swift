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

    /// The bytes of the gzip stream `bytes` (a copy kept compressed, for a client that does
    /// not accept gzip), or `nil`.
    package static func decompress(_ bytes: [UInt8]) -> [UInt8]? {
        inflate(bytes, windowBits: 15 + 16, limit: 64 * 1024 * 1024)
    }

    /// The inflated bytes of a zlib (15 window bits) or gzip (31) stream, or `nil` when `bytes`
    /// is not a complete stream or inflates to more than `limit` bytes.
    package static func inflate(_ bytes: [UInt8], windowBits: Int32, limit: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        return input.withUnsafeMutableBufferPointer { source -> [UInt8]? in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, target.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk.prefix(produced))
                guard output.count <= limit else { return nil }
                if status == Z_STREAM_END { return stream.avail_in == 0 ? output : nil }
                guard status == Z_OK, produced > 0 || stream.avail_in > 0 else { return nil }
            }
        }
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
