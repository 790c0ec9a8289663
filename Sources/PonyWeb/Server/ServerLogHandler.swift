internal import Logging

/// The handler behind Hummingbird's internal logger: it forwards messages to the process's
/// handler but keeps no metadata.
///
/// NB: Hummingbird tags a copy of its logger with a request id for every request; Pony never
/// reads it, and copying the metadata dictionary cost ~1.5% of a plaintext request.
struct ServerLogHandler: LogHandler {
    var base: any LogHandler

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) { base.log(event: event) }
}
