import Synchronization
import Testing

@testable import PonyCommands

/// The framework build's progress: a bar, the share done and the time left (issue 19).
@Suite struct ProgressReporterTests {
    @Test func readsSwiftPMSteps() {
        #expect(ProgressReporter.step("[12/400] Compiling NIOCore Channel.swift")! == (12, 400))
        #expect(ProgressReporter.step("Fetching https://github.com/apple/swift-nio.git") == nil)
        #expect(ProgressReporter.step("[3/0] nothing") == nil)
        #expect(ProgressReporter.step("[9/3] more done than planned") == nil)
        #expect(ProgressReporter.step("[a/3] x") == nil)
        #expect(ProgressReporter.step("[99999999999999999999999/3] x") == nil)
        #expect(ProgressReporter.step("]3/[") == nil)
    }

    @Test func drawsABar() {
        #expect(ProgressReporter.bar(0) == "[░░░░░░░░░░░░░░░░░░░░] 0%")
        #expect(ProgressReporter.bar(0.3) == "[██████░░░░░░░░░░░░░░] 30%")
        #expect(ProgressReporter.bar(1) == "[████████████████████] 100%")
        #expect(ProgressReporter.bar(7) == ProgressReporter.bar(1))
        #expect(ProgressReporter.bar(-1) == ProgressReporter.bar(0))
    }

    @Test func estimatesTheTimeLeftAtThePaceSoFar() {
        #expect(ProgressReporter.estimate(fraction: 0.5, elapsed: .seconds(120)) == "about 2 min left")
        #expect(ProgressReporter.estimate(fraction: 0.25, elapsed: .seconds(60)) == "about 3 min left")
        #expect(ProgressReporter.estimate(fraction: 0.8, elapsed: .seconds(100)) == "about 25 s left")
        // Too early to tell, or done.
        #expect(ProgressReporter.estimate(fraction: 0.01, elapsed: .seconds(100)) == nil)
        #expect(ProgressReporter.estimate(fraction: 0.5, elapsed: .seconds(2)) == nil)
        #expect(ProgressReporter.estimate(fraction: 1, elapsed: .seconds(100)) == nil)
    }

    /// A first build is timed against how long it usually takes, not by SwiftPM's steps.
    @Test func aFirstBuildIsTimedAgainstTheTypicalDuration() {
        let typical = Duration.seconds(300)
        #expect(ProgressReporter.estimate(fraction: 0.9, elapsed: .seconds(60), typical: typical) == "about 4 min left")
        #expect(ProgressReporter.estimate(fraction: 0, elapsed: .seconds(0), typical: typical) == "about 5 min left")
        #expect(
            ProgressReporter.estimate(fraction: 0.99, elapsed: .seconds(280), typical: typical) == "about 20 s left")
        #expect(
            ProgressReporter.estimate(fraction: 0.5, elapsed: .seconds(400), typical: typical) == "longer than usual")
    }

    @Test func printsEveryTenPercentWithoutATerminalAndNeverGoesBack() {
        let printed = Mutex<[String]>([])
        let reporter = ProgressReporter(isTerminal: false) { text in printed.withLock { $0.append(text) } }
        reporter.begin("Building")
        for step in 0...100 { reporter.line("[\(step)/100] Compiling step\(step).swift") }
        // SwiftPM plans more work: the share it gives drops, the bar does not.
        reporter.line("[101/400] Compiling later.swift")
        reporter.end("Built")
        let lines = printed.withLock { $0 }
        #expect(lines.first == "Building\n")
        #expect(lines.last == "Built\n")
        #expect(lines.count == 13)
        #expect(lines[1] == "  [░░░░░░░░░░░░░░░░░░░░] 0% · Compiling step0.swift\n")
        #expect(lines[11].hasPrefix("  [████████████████████] 100% · Compiling step100.swift"))
        #expect(lines.dropLast().allSatisfy { !$0.contains("later.swift") })
    }
}
