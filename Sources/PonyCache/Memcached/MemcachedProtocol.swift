internal import NIOCore

/// memcached's text protocol for ``PipelinedClient``.
enum MemcachedProtocol: PipelineProtocol {
    static let serverKind = "memcached"
    static func makeDecoder() -> MemcachedDecoder { MemcachedDecoder() }
    static func error(_ message: String) -> CacheError { .memcached(message) }
}

/// One reply of memcached's text protocol.
enum MemcachedReply: Sendable, Equatable {
    /// A `get`'s `VALUE` blocks up to `END`, by key.
    case values([String: [UInt8]])
    /// `STORED`, `NOT_STORED`, `DELETED`, `NOT_FOUND`, `TOUCHED`, `OK`, or `incr`'s number.
    case line(String)
    /// `ERROR`, `CLIENT_ERROR …` or `SERVER_ERROR …`: the command failed.
    case error(String)
}

/// Writes memcached's text commands.
enum MemcachedCommand {
    static func write(_ words: String..., to buffer: inout ByteBuffer) { write(words, to: &buffer) }

    static func write(_ words: [String], to buffer: inout ByteBuffer) {
        buffer.writeString(words.joined(separator: " "))
        buffer.writeStaticString("\r\n")
    }

    /// `set` or `add`: the command line, then the data.
    static func store(_ verb: String, _ key: String, _ value: [UInt8], exptime: Int, to buffer: inout ByteBuffer) {
        write(verb, key, "0", String(exptime), String(value.count), to: &buffer)
        buffer.writeBytes(value)
        buffer.writeStaticString("\r\n")
    }
}

/// Reads replies; a reply that breaks the protocol or its limits is an error (the connection
/// closes), never a trap.
struct MemcachedDecoder: ByteToMessageDecoder {
    typealias InboundOut = MemcachedReply

    /// The longest reply line (a `VALUE` line holds a key of at most 250 bytes).
    static let maximumLine = 8_192
    /// memcached's largest item (`-I` goes up to 1 GB).
    static let maximumValue = 1 << 30

    /// The `VALUE` blocks of the `get` being read.
    private var values: [String: [UInt8]] = [:]
    private var inValues = false

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            guard buffer.readableBytes <= Self.maximumLine else { throw MemcachedError("a reply line is too long") }
            return .needMoreData
        }
        let lineLength = newline - buffer.readerIndex
        guard lineLength <= Self.maximumLine, lineLength >= 1,
            buffer.getInteger(at: newline - 1, as: UInt8.self) == UInt8(ascii: "\r"),
            let line = buffer.getString(at: buffer.readerIndex, length: lineLength - 1)
        else { throw MemcachedError("a reply line is malformed") }
        if line.hasPrefix("VALUE ") {
            // VALUE <key> <flags> <bytes> [<cas>]
            let words = line.split(separator: " ")
            guard words.count == 4 || words.count == 5, let count = Int(words[3]),
                (0...Self.maximumValue).contains(count)
            else { throw MemcachedError("a VALUE line is malformed") }
            let total = lineLength + 1 + count + 2
            guard buffer.readableBytes >= total else { return .needMoreData }
            guard let bytes = buffer.getBytes(at: newline + 1, length: count),
                buffer.getInteger(at: newline + 1 + count, as: UInt16.self) == 0x0D0A
            else { throw MemcachedError("a value does not end as its length says") }
            buffer.moveReaderIndex(forwardBy: total)
            values[String(words[1])] = bytes
            inValues = true
            return .continue
        }
        buffer.moveReaderIndex(forwardBy: lineLength + 1)
        if line == "END" {
            context.fireChannelRead(wrapInboundOut(.values(values)))
            values = [:]
            inValues = false
            return .continue
        }
        guard !inValues else { throw MemcachedError("a get's reply does not end with END") }
        let isError = line == "ERROR" || line.hasPrefix("CLIENT_ERROR") || line.hasPrefix("SERVER_ERROR")
        context.fireChannelRead(wrapInboundOut(isError ? .error(line) : .line(line)))
        return .continue
    }
}

/// A reply that breaks the protocol.
struct MemcachedError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "memcached protocol: " + description }
}
