internal import CZlib
internal import PonyWeb

/// zlib-format compression, as Python's `zlib.compress`/`zlib.decompress` (which Django's
/// signing uses): default level, 15-bit window.
enum Zlib {
    static func compress(_ bytes: [UInt8]) -> [UInt8]? { Gzip.zlib(bytes) }

    /// The inflated bytes, or `nil` when `bytes` is not a complete zlib stream or inflates to
    /// more than `limit` bytes.
    static func decompress(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
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
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, target.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk.prefix(produced))
                guard output.count <= limit else { return nil }
                if status == Z_STREAM_END { return stream.avail_in == 0 ? output : nil }
                guard status == Z_OK, produced > 0 || stream.avail_in > 0 else { return nil }
            }
        }
    }
}
