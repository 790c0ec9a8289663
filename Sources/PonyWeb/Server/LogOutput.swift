internal import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Pony's log output: one line per message on standard error, each after its time
/// (`[04/Dec/2026 19:40:00] `), written in batches.
///
/// The server's log handler writes swift-log messages here, and ``Site`` writes the access log
/// here directly, so that both keep their order in one stream.
///
/// NB: at tens of thousands of requests a second, one `write` per access-log line costs more
/// than the request itself: lines are buffered and written every 100 ms (by the server's log
/// handler) or every 32 KiB, and at once after an error. And the access log does not go through
/// swift-log: formatting its message there, and again in the handler, was 3–5% of a plaintext
/// request's cost.
package enum LogOutput {
    private struct State {
        var bytes: [UInt8] = []
        /// The second `stamp` shows.
        var second = 0
        var stamp: [UInt8] = []
    }

    private static let state = Mutex(State())

    /// Appends one line: the time, then what `write` appends (without the line break); written
    /// at once when `flush` is true or the buffer is full.
    package static func line(flush: Bool = false, _ write: (inout [UInt8]) -> Void) {
        let now = Int(time(nil))
        let size = state.withLock { state in
            if state.second != now || state.stamp.isEmpty {
                state.stamp = Array("[\(timestamp(now))] ".utf8)
                state.second = now
            }
            state.bytes.append(contentsOf: state.stamp)
            write(&state.bytes)
            state.bytes.append(UInt8(ascii: "\n"))
            return state.bytes.count
        }
        if flush || size > 32 * 1024 { Self.flush() }
    }

    /// Writes the buffered lines now.
    package static func flush() {
        let pending = state.withLock { state -> [UInt8] in
            defer { state.bytes.removeAll(keepingCapacity: true) }
            return state.bytes
        }
        pending.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(2, base + offset, raw.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Appends the access-log message for one request: `"GET /path?q=1" 200 13 0.412ms`
    /// (method and target as sent, status, body bytes or `-` for a stream, time to answer).
    package static func appendAccess(
        to bytes: inout [UInt8], method: HTTPMethod, target: String, status: Int, size: Int?, micros: Int
    ) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaping(method.rawValue, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        appendEscaping(target, to: &bytes)
        bytes.append(contentsOf: "\" ".utf8)
        appendDecimal(status, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        if let size { appendDecimal(size, to: &bytes) } else { bytes.append(UInt8(ascii: "-")) }
        bytes.append(UInt8(ascii: " "))
        let micros = max(micros, 0)
        appendDecimal(micros / 1000, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        let fraction = micros % 1000
        if fraction < 100 { bytes.append(UInt8(ascii: "0")) }
        if fraction < 10 { bytes.append(UInt8(ascii: "0")) }
        appendDecimal(fraction, to: &bytes)
        bytes.append(contentsOf: "ms".utf8)
    }

    /// Appends `text` with control characters escaped; see ``escapingControls(_:)``.
    package static func appendEscaping(_ text: String, to bytes: inout [UInt8]) {
        if needsEscaping(text) {
            bytes.append(contentsOf: escapingControls(text).utf8)
        } else {
            bytes.append(contentsOf: text.utf8)
        }
    }

    /// `text` with control characters (C0, DEL, C1, U+2028/9) written as `\n`, `\r`, `\t` or
    /// `\xNN`, so that text from a request (a path, a header quoted in an error)
    /// can neither forge log lines nor send escape sequences to a terminal.
    package static func escapingControls(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _
            where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}"
                || scalar == "\u{2029}":
                escaped += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Whether `text` may hold a character to escape: one scan of the bytes, as almost no line
    /// has one (0xC2 and 0xE2 lead C1 controls and U+2028/9 in UTF-8).
    private static func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }

    /// `value` in decimal digits (0 for a negative value).
    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        var rest = max(value, 0)
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        // NB: swapped in place; reversing `bytes[start...]` copied the slice.
        var low = start
        var high = bytes.count - 1
        while low < high {
            bytes.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    /// `04/Dec/2026 19:40:00` for `seconds` since 1970, as Django's runserver prints the time.
    package static func timestamp(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let month = months.indices.contains(Int(parts.tm_mon)) ? months[Int(parts.tm_mon)] : "???"
        return "\(two(parts.tm_mday))/\(month)/\(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
