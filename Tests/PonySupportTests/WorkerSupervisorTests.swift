import Foundation
import Testing

@testable import PonySupport

/// How `serve`'s supervisor reads a worker's end (issue 19).
@Suite struct WorkerExitTests {
    @Test func exitStatusesAndSignals() {
        let failed = ExitStatus(1 << 8)
        #expect(!failed.signalled && failed.code == 1 && failed.isStartupError)
        #expect(failed.description == "exited with status 1")
        let trapped = ExitStatus(SIGILL)
        #expect(trapped.signalled && trapped.code == SIGILL && !trapped.isStartupError)
        #expect(trapped.description == "was killed by signal 4 (Illegal instruction)")
        #expect(!ExitStatus(0).isStartupError && !ExitStatus(3 << 8).isStartupError)
    }
}
