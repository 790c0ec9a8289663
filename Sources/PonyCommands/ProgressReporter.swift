import Foundation
import Synchronization

/// Shows the progress of a long build from SwiftPM's `[n/total] Compiling …` lines: a bar with
/// the share done and an estimate of the time left, on one updating terminal line, or a line
/// every 10 % when the output is not a terminal.
///
/// NB: SwiftPM's steps are a poor clock (hundreds of quick C files, then a few slow Swift
/// modules, and a total that grows while it plans), so a first build is timed against how long
/// that build usually takes, and only a rebuild by its pace.
final class ProgressReporter: Sendable {
    private struct State {
        var started = ContinuousClock.now
        var typical: Duration?
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

    /// Prints `message` and starts the clock for the estimate; `typical` is how long the build
    /// usually takes, when known.
    func begin(_ message: String, typical: Duration? = nil) {
        state.withLock { $0 = State(typical: typical) }
        output("\(message)\n")
    }

    /// Takes one line of SwiftPM's output; lines without a `[n/total]` step are ignored.
    func line(_ line: String) {
        guard let (done, total) = Self.step(line) else { return }
        let now = ContinuousClock.now
        let (fraction, elapsed, typical, shouldPrint) = state.withLock { state in
            state.fraction = max(state.fraction, Double(done) / Double(total))
            let percent = Int(state.fraction * 100)
            let due = percent >= state.lastPrinted + 10
            if due { state.lastPrinted = percent }
            return (state.fraction, now - state.started, state.typical, due)
        }
        let left = Self.estimate(fraction: fraction, elapsed: elapsed, typical: typical)
        let status = [Self.bar(fraction), left].compactMap { $0 }.joined(separator: " · ")
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

    /// The time left: `typical` less the time taken, else at the pace so far (`about 3 min
    /// left`), once there is a pace to go by.
    static func estimate(fraction: Double, elapsed: Duration, typical: Duration? = nil) -> String? {
        let seconds = Double(elapsed.components.seconds)
        if let typical {
            let left = Double(typical.components.seconds) - seconds
            return left > 0 ? format(left) : "longer than usual"
        }
        guard fraction >= 0.05, fraction < 1, seconds >= 5 else { return nil }
        return format(seconds * (1 - fraction) / fraction)
    }

    private static func format(_ seconds: Double) -> String {
        if seconds < 60 { return "about \(max(5, Int((seconds / 5).rounded()) * 5)) s left" }
        return "about \(Int((min(seconds, 86_400) / 60).rounded())) min left"
    }
}
