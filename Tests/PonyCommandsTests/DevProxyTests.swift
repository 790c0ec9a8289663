import Testing

@testable import PonyCommands

/// The development proxy's own pages (compile errors with source, crash backtraces) answer
/// only the hosts the app would with DEBUG on (issue 13: DNS rebinding).
@Suite struct DevProxyTests {
    static func head(host: String?) -> [UInt8] {
        Array(
            ("GET /__pony__/status HTTP/1.1\r\n" + (host.map { "Host: \($0)\r\n" } ?? "") + "Accept: */*\r\n\r\n").utf8)
    }

    @Test func answersLoopbackNamesOnlyByDefault() {
        let hosts = DevProxy.allowedHosts([:])
        for host in ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "app.localhost", "LOCALHOST"] {
            #expect(DevProxy.isAllowed(host: DevProxy.header("Host", in: Self.head(host: host)), hosts), "\(host)")
        }
        for host in ["attacker.example", "attacker.example:8000", "127.0.0.2:8000", "localhost.attacker.example", ""] {
            #expect(!DevProxy.isAllowed(host: DevProxy.header("Host", in: Self.head(host: host)), hosts), "\(host)")
        }
        #expect(!DevProxy.isAllowed(host: DevProxy.header("Host", in: Self.head(host: nil)), hosts))
    }

    @Test func ponyAllowedHostsAddsNames() {
        let hosts = DevProxy.allowedHosts(["PONY_ALLOWED_HOSTS": "+lan.example, -localhost,.dev.example"])
        #expect(DevProxy.isAllowed(host: "lan.example:8000", hosts))
        #expect(DevProxy.isAllowed(host: "a.dev.example", hosts))
        #expect(DevProxy.isAllowed(host: "localhost", hosts), "the loopback names stay")
        #expect(!DevProxy.isAllowed(host: "attacker.example", hosts))
    }

    @Test func headersAreReadCaseInsensitively() {
        let head = Array("GET / HTTP/1.1\r\nhOsT:  Example.COM \r\n\r\n".utf8)
        #expect(DevProxy.header("Host", in: head) == "Example.COM")
        #expect(DevProxy.header("Cookie", in: head) == nil)
    }
}
