internal import NIOCore

/// A reply in Redis's protocol, RESP2 (<https://redis.io/docs/latest/develop/reference/protocol-spec/>).
enum RESPValue: Sendable, Equatable {
    /// `+OK`.
    case simple(String)
    /// `-ERR …`: the command failed.
    case error(String)
    /// `:42`.
    case integer(Int)
    /// `$3 abc`; `nil` for the null bulk string (`$-1`), a missing key's value.
    case bulk([UInt8]?)
    /// `*2 …`; `nil` for the null array (`*-1`).
    case array([RESPValue]?)
}

/// A command's words, written as RESP's array of bulk strings.
struct RESPCommand: Sendable {
    let words: [[UInt8]]

    init(_ name: String, _ arguments: [[UInt8]] = []) {
        words = [Array(name.utf8)] + arguments
    }

    init(_ name: String, _ arguments: String...) {
        self.init(name, arguments.map { Array($0.utf8) })
    }

    func write(to buffer: inout ByteBuffer) {
        buffer.writeString("*\(words.count)\r\n")
        for word in words {
            buffer.writeString("$\(word.count)\r\n")
            buffer.writeBytes(word)
            buffer.writeString("\r\n")
        }
    }
}

/// Reads replies off the connection. A reply that breaks the protocol, nests deeper than
/// ``maxDepth`` or announces more than ``maxLength`` bytes or elements is an error that closes
/// the connection; nothing in it can trap.
struct RESPDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    /// Redis's own limit for a bulk string (`proto-max-bulk-len`, 512 MB).
    static let maxLength = 512 * 1024 * 1024
    static let maxDepth = 32

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try Self.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }

    /// The next whole reply, read past; `nil`, with nothing read, when it has not all arrived.
    static func next(from buffer: inout ByteBuffer) throws(RESPError) -> RESPValue? {
        var reader = buffer
        guard let value = try value(from: &reader, depth: 0) else { return nil }
        buffer = reader
        return value
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }

    /// The next whole reply in `buffer` (read past it), or `nil` when it has not all arrived.
    private static func value(from buffer: inout ByteBuffer, depth: Int) throws(RESPError) -> RESPValue? {
        guard depth <= maxDepth else { throw RESPError("a reply nested deeper than \(maxDepth) levels") }
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard let line = try line(from: &buffer) else { return nil }
        let text = String(decoding: line.dropFirst(), as: UTF8.self)
        switch type {
        case UInt8(ascii: "+"): return .simple(text)
        case UInt8(ascii: "-"): return .error(text)
        case UInt8(ascii: ":"):
            guard let number = Int(text) else { throw RESPError("an integer reply \(text.debugDescription)") }
            return .integer(number)
        case UInt8(ascii: "$"):
            guard let length = try self.length(text) else { return .bulk(nil) }
            guard buffer.readableBytes >= length + 2, let bytes = buffer.readBytes(length: length) else { return nil }
            guard buffer.readBytes(length: 2) == [13, 10] else { throw RESPError("a bulk string without its CRLF") }
            return .bulk(bytes)
        case UInt8(ascii: "*"):
            guard let count = try self.length(text) else { return .array(nil) }
            var elements: [RESPValue] = []
            elements.reserveCapacity(min(count, 1024))
            for _ in 0..<count {
                guard let element = try value(from: &buffer, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            return .array(elements)
        default:
            throw RESPError("a reply of unknown type \(Character(Unicode.Scalar(type)).debugDescription)")
        }
    }

    /// A length line's number: `nil` for -1 (null).
    private static func length(_ text: String) throws(RESPError) -> Int? {
        guard let length = Int(text), length >= -1, length <= maxLength else {
            throw RESPError("a length \(text.debugDescription)")
        }
        return length == -1 ? nil : length
    }

    /// The bytes up to the next CRLF (read past it), or `nil` when it has not arrived.
    private static func line(from buffer: inout ByteBuffer) throws(RESPError) -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let end = view.firstIndex(of: 10) else {
            if view.count > 65_536 { throw RESPError("a line longer than 64 KiB") }
            return nil
        }
        let length = end - view.startIndex
        guard let line = buffer.readBytes(length: length + 1) else { return nil }
        return Array(line.dropLast(line.dropLast().last == 13 ? 2 : 1))
    }
}

/// A reply that breaks Redis's protocol.
struct RESPError: Error, CustomStringConvertible {
    let what: String
    init(_ what: String) { self.what = what }
    var description: String { "The Redis server sent \(what), which breaks its protocol." }
}
