internal import Foundation
internal import Logging
internal import Synchronization

/// Pony's log output: one line per message on standard error, written in batches.
///
/// NB: at tens of thousands of requests a second, one `write` per access-log line costs more
/// than the request itself; lines are buffered and flushed every 100 ms or every 32 KiB.
struct PonyLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let label: String

    private static let buffer = Mutex<[UInt8]>([])
    private static let started: Void = {
        let level = ProcessInfo.processInfo.environment["PONY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { PonyLogHandler(logLevel: level, label: $0) }
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                PonyLogHandler.flush()
            }
        }
    }()

    /// Installs the handler for the process (once).
    static func bootstrap() { _ = started }

    /// Writes buffered lines now.
    static func flush() {
        let pending = buffer.withLock { bytes -> [UInt8] in
            defer { bytes.removeAll(keepingCapacity: true) }
            return bytes
        }
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(2, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let message = Self.escapingControls("\(event.message)")
        let line: String
        if label == "pony.access" {
            line = "[\(Self.timestamp())] \(message)\n"
        } else {
            line = "[\(Self.timestamp())] \(event.level) \(label): \(message)\n"
        }
        let size = Self.buffer.withLock { bytes -> Int in
            bytes.append(contentsOf: line.utf8)
            return bytes.count
        }
        if size > 32 * 1024 || event.level >= .error { Self.flush() }
    }

    /// `text` with control characters (C0, DEL, C1, U+2028/9) written as `\n`, `\r`, `\t` or
    /// `\xNN`, so that text from a request (a path, a header quoted in an error)
    /// can neither forge log lines nor send escape sequences to a terminal.
    ///
    /// NB: one scan of the bytes first: almost every line has nothing to escape.
    static func escapingControls(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return text }
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

    private static let cachedTimestamp = Mutex<(second: Int, text: String)>((0, ""))

    /// `21/Nov/2026 07:40:00`, as Django's runserver prints it; computed once per second.
    static func timestamp() -> String {
        // NB: whole seconds of the current time (clock_gettime's `timespec` is ambiguous between
        // Glibc and CDispatch once NIO's modules are loaded, and member import checks refuse it).
        let second = Int(Date().timeIntervalSince1970.rounded(.down))
        return cachedTimestamp.withLock { cache in
            if cache.second == second { return cache.text }
            var time = second
            var parts = tm()
            gmtime_r(&time, &parts)
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
            let text =
                "\(two(parts.tm_mday))/\(months[Int(parts.tm_mon)])/\(parts.tm_year + 1900) "
                + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
            cache = (second, text)
            return text
        }
    }
}
