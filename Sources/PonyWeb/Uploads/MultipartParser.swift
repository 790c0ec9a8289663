/// A `multipart/form-data` body that does not follow RFC 7578 (the client's fault: a 400).
package struct MultipartError: Error, Sendable, Equatable {
    /// What is wrong, for the 400 page.
    package let message: String
    package init(_ message: String) { self.message = message }
}

/// What ``MultipartParser/next()`` found next in the body.
package enum MultipartEvent: Equatable {
    /// A part starts; its headers are complete.
    case part(MultipartPartHeaders)
    /// More bytes of the current part's content.
    case data(ArraySlice<UInt8>)
    /// The current part ended.
    case end
}

/// The headers of one part that a form needs, from `Content-Disposition` and `Content-Type`.
package struct MultipartPartHeaders: Sendable, Equatable {
    /// Whether the part's disposition is `form-data`.
    package var isFormData = false
    /// The form field name (`name="…"`).
    package var name: String?
    /// The file name as sent (`filename="…"` or RFC 5987 `filename*=`); `nil` for a plain field.
    package var filename: String?
    /// The media type from `Content-Type`, lower-cased, without parameters; `nil` when absent.
    package var contentType: String?
    /// The `charset` parameter of `Content-Type`.
    package var charset: String?
}

/// An incremental, allocation-light parser of `multipart/form-data` (RFC 7578 / RFC 2046).
///
/// It owns no I/O: the caller ``feed(_:)``s bytes as they arrive and pulls events with
/// ``next()`` until it returns `nil`, then feeds more; ``finish()`` says whether the body ended
/// properly. Part contents are never held whole, so a 100 MB file goes through a few kilobytes
/// of buffer. Part headers are limited to `maximumHeaderSize` bytes (Django's 1024), and
/// anything malformed is a ``MultipartError``, never a trap.
package struct MultipartParser {
    private enum State {
        case preamble, afterDelimiter, headers, content, epilogue
    }

    /// `CRLF--boundary`: what ends a part's content.
    private let delimiter: [UInt8]
    private let maximumHeaderSize: Int
    private var buffer: [UInt8]
    private var start = 0
    private var state = State.preamble
    private var inPart = false
    private var padding = 0

    /// A parser for parts separated by `boundary` (the `Content-Type` header's parameter).
    package init(boundary: String, maximumHeaderSize: Int = 1024) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maximumHeaderSize = maximumHeaderSize
        // NB: as if the body started with CRLF, so the first boundary (which may open the
        // body) is found by the same search as the others.
        buffer = [13, 10]
    }

    /// The `boundary` parameter of a `multipart/form-data` `Content-Type` value.
    ///
    /// Throws when it is missing or not a boundary RFC 2046 allows (1–70 characters).
    package static func boundary(contentType: String) throws(MultipartError) -> String {
        let parameters = HeaderParameters.parse(contentType)
        guard parameters.value.lowercased() == "multipart/form-data" else {
            throw MultipartError("The Content-Type is not multipart/form-data.")
        }
        guard let boundary = parameters["boundary"], !boundary.isEmpty else {
            throw MultipartError("The multipart/form-data Content-Type has no boundary parameter.")
        }
        guard boundary.utf8.count <= 70, boundary.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw MultipartError("The multipart boundary is not 1 to 70 printable ASCII characters.")
        }
        return boundary
    }

    /// Adds bytes that arrived; call ``next()`` until it returns `nil` afterwards.
    package mutating func feed(_ bytes: some Sequence<UInt8>) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next event from the bytes fed so far, or `nil` when more bytes are needed.
    package mutating func next() throws(MultipartError) -> MultipartEvent? {
        while true {
            switch state {
            case .preamble:
                guard let found = find(delimiter) else {
                    // NB: keeps only what could be the start of a delimiter: a preamble costs nothing.
                    start = max(start, buffer.count - (delimiter.count - 1))
                    return nil
                }
                start = found + delimiter.count
                state = .afterDelimiter
            case .afterDelimiter:
                if let event = try afterDelimiter() { return event }
                if state == .afterDelimiter { return nil }
            case .headers:
                return try headers()
            case .content:
                if let found = find(delimiter) {
                    let content = buffer[start..<found]
                    start = found + delimiter.count
                    state = .afterDelimiter
                    if !content.isEmpty { return .data(content) }
                    continue
                }
                let safeEnd = buffer.count - (delimiter.count - 1)
                guard safeEnd > start else { return nil }
                defer { start = safeEnd }
                return .data(buffer[start..<safeEnd])
            case .epilogue:
                start = buffer.count
                return nil
            }
        }
    }

    /// Throws unless the body ended with the closing delimiter (`--boundary--`).
    package func finish() throws(MultipartError) {
        switch state {
        case .epilogue: return
        case .preamble: throw MultipartError("The multipart body has no boundary line.")
        default: throw MultipartError("The multipart body ends before its closing boundary (truncated).")
        }
    }

    /// After a delimiter: `--` closes the body, blanks and CRLF start the next part's headers.
    private mutating func afterDelimiter() throws(MultipartError) -> MultipartEvent? {
        if inPart {
            inPart = false
            return .end
        }
        while start < buffer.count {
            let byte = buffer[start]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                padding += 1
                guard padding <= 64 else { throw MultipartError("A multipart boundary line is followed by junk.") }
                start += 1
                continue
            }
            guard buffer.count - start >= 2 else { return nil }
            let pair = (buffer[start], buffer[start + 1])
            padding = 0
            if pair == (UInt8(ascii: "-"), UInt8(ascii: "-")) {
                start += 2
                state = .epilogue
                return nil
            }
            guard pair == (13, 10) else {
                throw MultipartError("A multipart boundary is followed by something other than a line break.")
            }
            start += 2
            state = .headers
            return nil
        }
        return nil
    }

    /// A part's header block, once its blank line has arrived.
    private mutating func headers() throws(MultipartError) -> MultipartEvent? {
        let end: Int
        let blockEnd: Int
        if buffer.count - start >= 2, buffer[start] == 13, buffer[start + 1] == 10 {
            end = start
            blockEnd = start + 2
        } else if let found = find([13, 10, 13, 10], limit: maximumHeaderSize + 4) {
            end = found
            blockEnd = found + 4
        } else {
            guard buffer.count - start <= maximumHeaderSize + 3 else {
                throw MultipartError("A multipart part's headers are larger than \(maximumHeaderSize) bytes.")
            }
            return nil
        }
        guard end - start <= maximumHeaderSize else {
            throw MultipartError("A multipart part's headers are larger than \(maximumHeaderSize) bytes.")
        }
        let parsed = try Self.parseHeaders(buffer[start..<end])
        start = blockEnd
        state = .content
        inPart = true
        return .part(parsed)
    }

    /// The first index of `needle` at or after `start` (looking at most `limit` bytes ahead).
    private func find(_ needle: [UInt8], limit: Int = .max) -> Int? {
        guard let first = needle.first else { return nil }
        let last = limit >= buffer.count - start ? buffer.count : start + limit
        var index = start
        while index + needle.count <= last {
            guard let candidate = buffer[index..<(last - needle.count + 1)].firstIndex(of: first) else { return nil }
            var matched = true
            for offset in 1..<needle.count where buffer[candidate + offset] != needle[offset] {
                matched = false
                break
            }
            if matched { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// The `Content-Disposition` and `Content-Type` of a header block.
    static func parseHeaders(_ block: ArraySlice<UInt8>) throws(MultipartError) -> MultipartPartHeaders {
        var headers = MultipartPartHeaders()
        var lines: [String] = []
        for raw in block.split(separator: 10, omittingEmptySubsequences: false) {
            let line = String(decoding: raw.last == 13 ? raw.dropLast() : raw, as: UTF8.self)
            if let first = line.utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"), !lines.isEmpty {
                lines[lines.count - 1] += " " + line.drop { $0 == " " || $0 == "\t" }
            } else if !line.isEmpty {
                lines.append(line)
            }
        }
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else {
                throw MultipartError("A multipart part has a header line without a name: \"\(line.prefix(60))\".")
            }
            let name = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...])
            switch name {
            case "content-disposition":
                let parameters = HeaderParameters.parse(value)
                headers.isFormData = parameters.value.lowercased() == "form-data"
                headers.name = parameters["name"]
                headers.filename =
                    parameters["filename*"].flatMap(HeaderParameters.extendedValue) ?? parameters["filename"]
            case "content-type":
                let parameters = HeaderParameters.parse(value)
                headers.contentType = parameters.value.lowercased()
                headers.charset = parameters["charset"]
            default:
                continue
            }
        }
        return headers
    }
}
