/// A JSON text that could not be read, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let reason: String
    /// The offset in the UTF-8 input.
    public let offset: Int

    /// A readable description.
    public var description: String { "Invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// The deepest nesting read; deeper input is refused rather than exhausting the stack.
    public static let maximumDepth = 512

    /// Reads JSON text as Python's `json.loads` does: standard JSON plus `NaN`, `Infinity`
    /// and `-Infinity`; a repeated key keeps its first place and its last value.
    public init(parsing text: some StringProtocol) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8))
    }

    /// Reads JSON from UTF-8 bytes; see ``init(parsing:)-(StringProtocol)``.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("extra data after the value") }
    }
}

struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    /// The members of the objects being read, innermost last.
    ///
    /// NB: an object is built once its members are all read, at its final size: growing its
    /// keys and table member by member cost eight allocations for a ten-field body.
    private var members: [(key: String, value: JSONValue)] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ reason: String) -> JSONParseError { JSONParseError(reason: reason, offset: index) }

    mutating func skipWhitespace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
                || bytes[index] == 0x09
        {
            index += 1
        }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth < JSONValue.maximumDepth else { throw error("nested more than \(JSONValue.maximumDepth) deep") }
        skipWhitespace()
        guard index < bytes.count else { throw error("expected a value, found the end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "N"): return try literal("NaN", .double(.nan))
        case UInt8(ascii: "I"): return try literal("Infinity", .double(.infinity))
        case UInt8(ascii: "-") where bytes[index...].starts(with: "-Infinity".utf8):
            return try literal("-Infinity", .double(-.infinity))
        default: return try number()
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        guard bytes[index...].starts(with: word.utf8) else { throw error("unexpected character") }
        index += word.utf8.count
        return value
    }

    private mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject())
        }
        let first = members.count
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a property name in double quotes")
            }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            let value = try value(depth: depth + 1)
            members.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object") }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                let object = JSONObject(members: members[first...])
                members.removeSubrange(first...)
                return .object(object)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            index += 1
        }
    }

    private mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array") }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            index += 1
        }
    }

    private mutating func string() throws(JSONParseError) -> String {
        index += 1
        // NB: most strings have no escapes: one slice, no scalar-by-scalar copy.
        let begin = index
        var isASCII = true
        while index < bytes.count, bytes[index] != UInt8(ascii: "\\") {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try text(begin..<index, isASCII: isASCII)
                index += 1
                return text
            }
            if byte < 0x20 { throw error("control character in a string") }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        index = begin
        var scalars = String.UnicodeScalarView()
        var start = index
        func flush(_ end: Int) throws(JSONParseError) {
            scalars.append(contentsOf: try text(start..<end, isASCII: false).unicodeScalars)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try flush(index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            try flush(index)
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default: throw error("invalid escape")
            }
            start = index
        }
        throw error("unterminated string")
    }

    /// The bytes in `range` as a string, checked as UTF-8 unless `isASCII` says they need no
    /// check.
    ///
    /// NB: not `String(validating:as:)`, which is generic and not specialised for an array
    /// slice: its metadata lookups were 3% of the CPU time of a body of 50 small objects. A
    /// string decoded from invalid UTF-8 has U+FFFD in place of the bad bytes, so its bytes
    /// then differ from the input's.
    private func text(_ range: Range<Int>, isASCII: Bool) throws(JSONParseError) -> String {
        let text: String? = bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[range])
            let text = String(decoding: slice, as: UTF8.self)
            return isASCII || text.utf8.elementsEqual(slice) ? text : nil
        }
        guard let text else { throw JSONParseError(reason: "invalid UTF-8 in a string", offset: range.lowerBound) }
        return text
    }

    /// The scalar of `\uXXXX` (index is after the `u`), joining a surrogate pair; a lone
    /// surrogate, which Swift strings cannot hold, becomes U+FFFD.
    private mutating func unicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800...0xDBFF).contains(high), bytes[index...].starts(with: "\\u".utf8) {
            let saved = index
            index += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
            }
            index = saved
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = hexDigit(byte) else { throw error("invalid \\u escape") }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    private func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, as an `.int` when it has neither
    /// fraction nor exponent and fits.
    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        func digits(_ parser: inout JSONParser) -> Int {
            let first = parser.index
            while parser.index < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.index]) {
                parser.index += 1
            }
            return parser.index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { throw error("expected a value") }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { _ = digits(&self) }
        var isInteger = true
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), (0x30...0x39).contains(bytes[index + 1]) {
            index += 1
            _ = digits(&self)
            isInteger = false
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            let mark = index
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            if digits(&self) == 0 { index = mark } else { isInteger = false }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text) else { throw error("invalid number") }
        return .double(value)
    }
}
