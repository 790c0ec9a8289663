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
        Self.writeHeader(UInt8(ascii: "*"), words.count, to: &buffer)
        for word in words {
            Self.writeHeader(UInt8(ascii: "$"), word.count, to: &buffer)
            buffer.writeBytes(word)
            buffer.writeInteger(UInt16(0x0D0A))
        }
    }

    /// `*3\r\n` or `$5\r\n`, without making a string.
    private static func writeHeader(_ type: UInt8, _ count: Int, to buffer: inout ByteBuffer) {
        buffer.writeInteger(type)
        var divisor = 1
        while divisor <= count / 10 { divisor *= 10 }
        var rest = count
        repeat {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        } while divisor > 0
        buffer.writeInteger(UInt16(0x0D0A))
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
        guard let (type, line) = try line(from: &buffer) else { return nil }
        switch type {
        case UInt8(ascii: "+"): return .simple(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: "-"): return .error(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: ":"):
            guard let number = integer(line) else { throw RESPError("an integer reply \(quoted(line))") }
            return .integer(number)
        case UInt8(ascii: "$"):
            guard let length = try self.length(line) else { return .bulk(nil) }
            guard buffer.readableBytes >= length + 2, let bytes = buffer.readBytes(length: length) else { return nil }
            guard buffer.readInteger(as: UInt16.self) == 0x0D0A else {
                throw RESPError("a bulk string without its CRLF")
            }
            return .bulk(bytes)
        case UInt8(ascii: "*"):
            guard let count = try self.length(line) else { return .array(nil) }
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
    private static func length(_ line: ByteBufferView) throws(RESPError) -> Int? {
        guard let length = integer(line), length >= -1, length <= maxLength else {
            throw RESPError("a length \(quoted(line))")
        }
        return length == -1 ? nil : length
    }

    /// The decimal integer `line` holds, optionally negative; `nil` when it holds something
    /// else or a number out of `Int`'s range.
    private static func integer(_ line: ByteBufferView) -> Int? {
        let negative = line.first == UInt8(ascii: "-")
        let digits = line.dropFirst(negative ? 1 : 0)
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.subtractingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        // NB: summed negatively, so that Int.min fits.
        if negative { return value }
        let (positive, overflow) = (0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }

    private static func quoted(_ line: ByteBufferView) -> String {
        String(decoding: line.prefix(40), as: UTF8.self).debugDescription
    }

    /// The type byte and the rest of the line up to its CRLF (read past it), or `nil` when the
    /// line has not all arrived.
    private static func line(from buffer: inout ByteBuffer) throws(RESPError) -> (UInt8, ByteBufferView)? {
        let view = buffer.readableBytesView
        guard let type = view.first else { return nil }
        guard let end = view.firstIndex(of: 10) else {
            if view.count > 65_536 { throw RESPError("a line longer than 64 KiB") }
            return nil
        }
        let contentEnd = end > view.startIndex && view[end - 1] == 13 ? end - 1 : end
        let line = view[min(view.startIndex + 1, contentEnd)..<contentEnd]
        buffer.moveReaderIndex(forwardBy: end - view.startIndex + 1)
        return (type, line)
    }
}

/// A reply that breaks Redis's protocol.
struct RESPError: Error, CustomStringConvertible {
    let what: String
    init(_ what: String) { self.what = what }
    var description: String { "The Redis server sent \(what), which breaks its protocol." }
}
