internal import CZlib

/// One gzip member written a piece at a time, as Python's `GzipFile` writes it for Django's
/// `compress_string` and `compress_sequence`: level 6, no modification time, and a file name
/// of `filenameLength` letters `a`, which Django randomises so that the compressed length of a
/// page says less about the secrets in it (BREACH).
///
/// NB: not `Sendable`; one writer belongs to the task that compresses one body. The `z_stream`
/// is allocated, not stored inline: zlib keeps a pointer back to it and refuses a moved one.
final class GzipWriter {
    private let stream: UnsafeMutablePointer<z_stream>
    private var crc = crc32(0, nil, 0)
    private var size: UInt32 = 0
    private var pendingHeader: [UInt8]?

    /// A writer whose first output starts with the member's header; `nil` if zlib fails.
    init?(filenameLength: Int) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // NB: -15 window bits: raw deflate, with the gzip header and trailer written here.
        guard
            deflateInit2_(
                stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                == Z_OK
        else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
        // Magic, deflate, FNAME, mtime 0, no extra flags, OS unknown (255, as Python writes).
        pendingHeader =
            [0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 255] + [UInt8](repeating: UInt8(ascii: "a"), count: filenameLength)
            + [0]
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The compressed bytes for `bytes`, flushed so that a client can read everything written
    /// so far (a streamed chunk arrives as it was sent); `nil` if zlib fails.
    func write(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var offset = 0
        var output = pendingHeader ?? []
        pendingHeader = nil
        repeat {
            // NB: zlib counts in 32 bits.
            let piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<min(bytes.count, offset + (1 << 30))])
            offset += piece.count
            if let base = piece.baseAddress {
                crc = crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(piece.count))
            }
            size &+= UInt32(truncatingIfNeeded: piece.count)
            guard deflate(piece, flush: offset == bytes.count ? Z_SYNC_FLUSH : Z_NO_FLUSH, into: &output) else {
                return nil
            }
        } while offset < bytes.count
        return output
    }

    /// The end of the member: what zlib still holds, then the CRC-32 and length; `nil` if zlib
    /// fails.
    func finish() -> [UInt8]? {
        var output = pendingHeader ?? []
        pendingHeader = nil
        guard deflate(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, into: &output) else { return nil }
        for value in [UInt32(truncatingIfNeeded: crc), size] {
            for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        return output
    }

    /// A whole body as one member: ``write(_:)`` and ``finish()``.
    static func member(_ bytes: UnsafeRawBufferPointer, filenameLength: Int) -> [UInt8]? {
        guard let writer = GzipWriter(filenameLength: filenameLength), let start = writer.write(bytes),
            let end = writer.finish()
        else { return nil }
        return start + end
    }

    private func deflate(_ input: UnsafeRawBufferPointer, flush: Int32, into output: inout [UInt8]) -> Bool {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        var chunk = [UInt8](repeating: 0, count: max(1024, min(64 * 1024, input.count + 64)))
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = uInt(target.count)
                let status = CZlib.deflate(stream, flush)
                return (status, target.count - Int(stream.pointee.avail_out))
            }
            output.append(contentsOf: chunk[..<produced])
            switch status {
            case Z_STREAM_END: return true
            case Z_OK, Z_BUF_ERROR:
                // A full output buffer means zlib may hold more; otherwise all is written.
                if produced < chunk.count && flush != Z_FINISH { return true }
                if status == Z_BUF_ERROR && produced == 0 { return flush != Z_FINISH }
            default: return false
            }
        }
    }
}
