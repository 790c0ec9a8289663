import Foundation
import Synchronization

/// Shows the progress of a long build from SwiftPM's `[n/total] Compiling …` lines: a bar with
/// the share done and an estimate of the time left, on one updating terminal line, or a line
/// every 10 % when the output is not a terminal.
final class ProgressReporter: Sendable {
    private struct State {
        var started = ContinuousClock.now
        /// The highest share seen: SwiftPM's total grows while it plans, so a share can drop.
        var fraction = 0.0
        var lastPrinted = -10
    }

    private let isTerminal: Bool
    private let output: @Sendable (String) -> Void
    private let state = Mutex(State())

    init(
        isTerminal: Bool = isatty(STDERR_FILENO) == 1,
        output: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.isTerminal = isTerminal
        self.output = output
    }

    /// Prints `message` and starts the clock for the estimate.
    func begin(_ message: String) {
        state.withLock { $0 = State() }
        output("\(message)\n")
    }

    /// Takes one line of SwiftPM's output; lines without a `[n/total]` step are ignored.
    func line(_ line: String) {
        guard let (done, total) = Self.step(line) else { return }
        let now = ContinuousClock.now
        let (fraction, elapsed, shouldPrint) = state.withLock { state in
            state.fraction = max(state.fraction, Double(done) / Double(total))
            let percent = Int(state.fraction * 100)
            let due = percent >= state.lastPrinted + 10
            if due { state.lastPrinted = percent }
            return (state.fraction, now - state.started, due)
        }
        let status = [Self.bar(fraction), Self.estimate(fraction: fraction, elapsed: elapsed)].compactMap { $0 }
            .joined(separator: " · ")
        let task = line[line.index(after: line.firstIndex(of: "]") ?? line.startIndex)...]
            .trimmingCharacters(in: .whitespaces)
        if isTerminal {
            output("\r\u{1B}[2K  \(status) · \(task.prefix(50))")
        } else if shouldPrint {
            output("  \(status) · \(task.prefix(80))\n")
        }
    }

    /// Clears the bar and prints `message`, if any.
    func end(_ message: String?) {
        if isTerminal { output("\r\u{1B}[2K") }
        if let message { output("\(message)\n") }
    }

    /// `(n, total)` from a line starting `[n/total]`.
    static func step(_ line: String) -> (done: Int, total: Int)? {
        guard line.hasPrefix("["), let slash = line.firstIndex(of: "/"), let close = line.firstIndex(of: "]"),
            slash < close, let done = Int(line[line.index(after: line.startIndex)..<slash]),
            let total = Int(line[line.index(after: slash)..<close]), total > 0, (0...total).contains(done)
        else { return nil }
        return (done, total)
    }

    /// `[██████░░░░░░░░░░░░░░] 30%`.
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let clamped = min(max(fraction, 0), 1)
        let filled = Int(clamped * Double(width))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "] "
            + "\(Int(clamped * 100))%"
    }

    /// The time left at the pace so far (`about 3 min left`), once there is a pace to go by.
    static func estimate(fraction: Double, elapsed: Duration) -> String? {
        let seconds = Double(elapsed.components.seconds)
        guard fraction >= 0.05, fraction < 1, seconds >= 5 else { return nil }
        let left = seconds * (1 - fraction) / fraction
        if left < 60 { return "about \(max(5, Int((left / 5).rounded()) * 5)) s left" }
        return "about \(Int((left / 60).rounded())) min left"
    }
}
