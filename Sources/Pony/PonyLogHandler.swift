internal import Foundation
internal import Logging
internal import PonyWeb

/// Pony's log handler: one line per message on standard error, through ``LogOutput`` (which
/// the access log writes to directly), flushed every 100 ms.
struct PonyLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let label: String

    private static let started: Void = {
        let level = ProcessInfo.processInfo.environment["PONY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { PonyLogHandler(logLevel: level, label: $0) }
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                LogOutput.flush()
            }
        }
    }()

    /// Installs the handler for the process (once).
    static func bootstrap() { _ = started }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        LogOutput.line(flush: event.level >= .error) { bytes in
            if label != "pony.access" {
                bytes.append(contentsOf: "\(event.level) \(label): ".utf8)
            }
            LogOutput.appendEscaping("\(event.message)", to: &bytes)
        }
    }
}
