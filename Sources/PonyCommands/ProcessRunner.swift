import Foundation
import Synchronization

/// The result of a finished process.
struct ProcessResult: Sendable {
    let status: Int32
    /// Standard output and standard error, interleaved as they arrived.
    let output: String
}

/// Runs a process to completion, collecting its output and passing each line on as it comes.
///
/// Each process gets a temporary folder of its own as `TMPDIR`, removed when it ends: SwiftPM
/// leaves about six empty `TemporaryDirectory.*` folders in the temporary folder on every
/// build, and a `pony run` that rebuilds on each save would pile them up in `/tmp`.
enum ProcessRunner {
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        directory: URL? = nil,
        onLine: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> ProcessResult {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pony-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        var environment = environment ?? ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        // NB: the write end as a FileHandle, not the Pipe again: given one Pipe for both, Foundation
        // closes its write end twice, and the second close can hit a socket that reused the number
        // (SwiftNIO then traps on EBADF).
        process.standardError = pipe.fileHandleForWriting
        process.standardInput = FileHandle.nullDevice
        let collected = LineCollector(onLine: onLine)
        try process.run()
        let handle = pipe.fileHandleForReading
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            collected.append(data)
        }
        process.waitUntilExit()
        collected.finish()
        return ProcessResult(status: process.terminationStatus, output: collected.text)
    }
}

/// Accumulates output and splits it into lines for a callback.
final class LineCollector: Sendable {
    private let state = Mutex<(all: [UInt8], partial: [UInt8])>(([], []))
    private let onLine: @Sendable (String) -> Void

    init(onLine: @escaping @Sendable (String) -> Void) { self.onLine = onLine }

    func append(_ data: Data) {
        let lines = state.withLock { state -> [String] in
            state.all += data
            state.partial += data
            var lines: [String] = []
            while let newline = state.partial.firstIndex(of: 0x0A) {
                lines.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                state.partial.removeSubrange(...newline)
            }
            return lines
        }
        lines.forEach(onLine)
    }

    func finish() {
        let rest = state.withLock { state -> [UInt8] in
            defer { state.partial = [] }
            return state.partial
        }
        if !rest.isEmpty { onLine(String(decoding: rest, as: UTF8.self)) }
    }

    var text: String { state.withLock { String(decoding: $0.all, as: UTF8.self) } }
}
