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
        let line: String
        if label == "pony.access" {
            line = "[\(Self.timestamp())] \(event.message)\n"
        } else {
            line = "[\(Self.timestamp())] \(event.level) \(label): \(event.message)\n"
        }
        let size = Self.buffer.withLock { bytes -> Int in
            bytes.append(contentsOf: line.utf8)
            return bytes.count
        }
        if size > 32 * 1024 || event.level >= .error { Self.flush() }
    }

    private static let cachedTimestamp = Mutex<(second: Int, text: String)>((0, ""))

    /// `21/Nov/2026 07:40:00`, as Django's runserver prints it; computed once per second.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = now.tv_sec
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
