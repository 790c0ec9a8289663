import Foundation
import PonySupport
import Testing

@Suite struct HTMLEscapingTests {
    // Expected values are what Django 5.2's django.utils.html.escape returns for the same input.
    @Test(arguments: [
        ("<b>\"Tom\" & 'Jerry'</b>", "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;"),
        ("plain text", "plain text"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"),
        ("caf\u{E9} & cr\u{E8}me", "caf\u{E9} &amp; cr\u{E8}me"),
        ("&amp;", "&amp;amp;"),
    ])
    func escapesLikeDjango(input: String, expected: String) {
        #expect(escapeHTML(input) == expected)
    }
}

@Suite struct BindTargetTests {
    @Test func parsesTheForms() throws {
        #expect(try BindTarget(parsing: "0.0.0.0:9000") == BindTarget(host: "0.0.0.0", port: 9000))
        #expect(try BindTarget(parsing: "8080") == BindTarget(host: "127.0.0.1", port: 8080))
        #expect(try BindTarget(parsing: "localhost") == BindTarget(host: "localhost", port: 8000))
        #expect(try BindTarget(parsing: "[::1]:8001") == BindTarget(host: "::1", port: 8001))
        #expect(BindTarget(host: "::1", port: 8001).description == "[::1]:8001")
    }

    @Test(arguments: ["host:notaport", "host:70000", ":80", "[::1", "[::1]x"])
    func rejectsNonsense(text: String) {
        #expect(throws: BindTargetError.self) { try BindTarget(parsing: text) }
    }
}

@Suite struct ContentHashTests {
    @Test func isStableAndSensitive() {
        var a = ContentHash()
        a.update("hello")
        var b = ContentHash()
        b.update("hello")
        var c = ContentHash()
        c.update("hellp")
        #expect(a.hex == b.hex)
        #expect(a.hex != c.hex)
        #expect(a.hex.count == 16)
    }
}

@Suite struct DebugPageTests {
    @Test func escapesItsTextAndShowsSource() throws {
        let page = DebugPage(title: "<Oops>", summary: "a & b").html
        #expect(page.contains("&lt;Oops&gt;"))
        #expect(page.contains("a &amp; b"))
        let file = "/tmp/pony-debugpage-\(UInt32.random(in: 0...UInt32.max)).swift"
        try "one\ntwo <x>\nthree\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        let excerpt = try #require(DebugPage.sourceExcerpt(file: file, line: 2, context: 1))
        #expect(excerpt.contains("<span class=\"current\">    2  two &lt;x&gt;</span>"))
        #expect(excerpt.contains("    1  one"))
        #expect(DebugPage.sourceExcerpt(file: file, line: 99) == nil)
    }
}

@Suite struct HostNameTests {
    /// Each host header with the domain Django 5.2's `split_domain_port` returns for it (`nil`
    /// for its empty string: an invalid host), printed by Django itself. Pony also refuses
    /// hosts over 255 bytes, which Django takes.
    @Test func domainsAreDjangos() {
        let django: [(String, String?)] = [
            ("example.com", "example.com"), ("Example.COM", "example.com"), ("example.com:8000", "example.com"),
            ("example.com.", "example.com"), ("example.com.:80", "example.com"), ("[::1]", "[::1]"),
            ("[::1]:8000", "[::1]"), ("[::1]:", nil), ("[::1]x", nil), ("[]", nil), ("[:]", nil),
            ("[1:2]", "[1:2]"), ("[A:B]", "[a:b]"), ("[::ffff:1.2.3.4]", "[::ffff:1.2.3.4]"), ("[g::1]", nil),
            ("[::1]]", nil), ("[1.2]", nil), ("[a]", nil), ("example.com:", nil), ("example.com:x", nil),
            ("a..b", "a..b"), (".", nil), ("..", "."), (":80", nil), ("-", "-"), (" example.com", nil),
            ("exam_ple.com", nil), ("é.com", nil), ("example.com:80:80", nil), ("[::1]:80:80", nil),
            ("1.2.3.4", "1.2.3.4"), ("1.2.3.4:65536", "1.2.3.4"), ("example.com\n", nil),
            ("EXAMPLE.com:0080", "example.com"),
        ]
        for (host, domain) in django {
            #expect(HostName.domain(of: host) == domain, "\(host.debugDescription)")
        }
        #expect(HostName.domain(of: String(repeating: "a", count: 256)) == nil)
    }
}
