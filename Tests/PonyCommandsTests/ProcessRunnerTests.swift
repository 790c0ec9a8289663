import Foundation
import Synchronization
import Testing

@testable import PonyCommands

/// The builds' child processes: output collected, and their temporary files kept out of `/tmp`.
@Suite struct ProcessRunnerTests {
    @Test func aProcessGetsItsOwnTemporaryFolderRemovedWhenItEnds() throws {
        // What SwiftPM does on every build: a folder in TMPDIR, left behind.
        let result = try ProcessRunner.run(
            "/bin/sh", ["-c", "mkdir \"$TMPDIR/TemporaryDirectory.test\" && echo \"$TMPDIR\""],
            environment: ["PATH": "/usr/bin:/bin", "TMPDIR": "/nonexistent"])
        #expect(result.status == 0)
        let folder = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(folder.hasPrefix(FileManager.default.temporaryDirectory.path))
        #expect(folder.contains("/pony-"))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func outputAndStatusAreReported() throws {
        let lines = LinesSeen()
        let result = try ProcessRunner.run("/bin/sh", ["-c", "echo one; echo two >&2; exit 3"]) { lines.add($0) }
        #expect(result.status == 3)
        #expect(result.output == "one\ntwo\n")
        #expect(lines.all == ["one", "two"])
    }
}

/// The lines a process printed, as the callback saw them.
private final class LinesSeen: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
