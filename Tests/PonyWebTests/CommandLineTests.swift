import Testing

@testable import Pony

@Suite struct CommandLineTests {
    @Test(arguments: [
        ([], "run", []), (["serve"], "serve", []), (["serve", "0.0.0.0:80"], "serve", ["0.0.0.0:80"]),
        (["0.0.0.0:9000"], "run", ["0.0.0.0:9000"]), (["8001"], "run", ["8001"]),
        (["localhost:8002"], "run", ["localhost:8002"]), (["[::1]:8003"], "run", ["[::1]:8003"]),
        (["migrate", "zero"], "migrate", ["zero"]), (["srve"], "srve", []), (["1:99999999"], "1:99999999", []),
    ])
    func bareHostAndPortMeansRun(arguments: [String], command: String, rest: [String]) {
        let parsed = Pony.command(in: arguments)
        #expect(parsed.command == command)
        #expect(Array(parsed.arguments) == rest)
    }
}
