import Foundation
import Testing

@testable import PonyWeb

/// Route matching with adjacent captures stays linear in the path (issue 13, item 6): the
/// backtracking matcher gives up after a linear budget and the linear one answers the same.
@Suite struct RouteMatchingTests {
    static func pattern(_ text: String) throws -> RoutePattern {
        try RoutePattern(segments: [(text, false)], converters: PathConverter.builtIn)
    }

    @Test func adjacentCapturesOnAHostilePathAnswerAtOnce() throws {
        // Cubic for plain backtracking: 8,000 bytes would be ~10^11 steps (hours).
        let route = try Self.pattern("<str:a>-<str:b>-<str:c>.html")
        // Paths as the resolver passes them: without the leading "/".
        let hostile = String(repeating: "a-", count: 4_000)
        #expect(route.match(hostile) == nil, "matched")
        let fine = try #require(route.match(String(repeating: "a-", count: 4_000) + "z.html"), "no match")
        #expect(fine["c"] == "z")
        #expect(fine["b"] == "a")
        #expect(fine["a"]?.utf8.count == 7_997)  // greedy: all but "-a-z.html"
    }

    @Test func theLinearMatcherAgreesWithBacktracking() throws {
        let patterns = [
            "<str:a>-<str:b>-<str:c>.html", "<int:x><slug:y>/", "<path:p>/<str:q>", "a<str:x>b<str:y>c",
            "<slug:s>-<int:n>/", "<uuid:u>/<path:rest>", "<str:a><str:b>", "<int:a>.<int:b>.<int:c>",
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab-./c1z".utf8)
        for text in patterns {
            let route = try Self.pattern(text)
            guard case .parts(let parts) = route.matcher else {
                Issue.record("\(text) is not a parts pattern")
                continue
            }
            for _ in 0..<300 {
                let length = Int.random(in: 0...14, using: &generator)
                var path = String(
                    decoding: (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }, as: UTF8.self)
                if text.hasPrefix("<uuid") && Bool.random(using: &generator) {
                    path = "075194d3-6885-417e-a8a8-6c931e272f00/" + path
                }
                let backtracked = route.match(path).map { Array($0.pairs.map(\.value)) }
                var body = path
                let linear = body.withUTF8 { bytes in
                    RoutePattern.linearMatch(parts, bytes).map { captures in
                        captures.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
                    }
                }
                #expect(backtracked == linear, "\(text) on \(path)")
            }
        }
    }
}
