import Foundation
import Synchronization

/// Shows the progress of a long build: SwiftPM's `[n/total] Compiling …` lines on one
/// updating terminal line, or a line every 10 % when the output is not a terminal.
final class ProgressReporter: Sendable {
    private let isTerminal: Bool
    private let lastPercent = Mutex<Int>(-10)

    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1) { self.isTerminal = isTerminal }

    func begin(_ message: String) {
        write("\(message)\n")
    }

    func line(_ line: String) {
        guard line.hasPrefix("["), let slash = line.firstIndex(of: "/"), let close = line.firstIndex(of: "]"),
            let done = Int(line[line.index(after: line.startIndex)..<slash]),
            let total = Int(line[line.index(after: slash)..<close]), total > 0
        else { return }
        let percent = done * 100 / total
        if isTerminal {
            let text = String(line.prefix(100))
            write("\r\u{1B}[2K  \(percent)% \(text)")
        } else {
            let shouldPrint = lastPercent.withLock { last in
                guard percent >= last + 10 else { return false }
                last = percent
                return true
            }
            if shouldPrint { write("  \(percent)% \(line.prefix(100))\n") }
        }
    }

    func end(_ message: String?) {
        if isTerminal { write("\r\u{1B}[2K") }
        if let message { write("\(message)\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
