import Foundation
import PonyTesting
import Testing

@testable import Pony
@testable import PonyWeb

/// `request.absoluteURI(_:)`, `fullPath` and redirect locations against Django 5.2's
/// `build_absolute_uri`, `get_full_path` and `HttpResponseRedirect` (Fixtures/absolute_uris.json,
/// by Fixtures/generate_absolute_uris.py).
@Suite struct AbsoluteURITests {
    struct Fixture: Decodable {
        struct Answer: Decodable {
            let location: String?
            let uri: String
        }
        struct RequestCase: Decodable {
            let path: String
            let query: String
            let secure: Bool
            let host: String
            let fullPath: String
            let answers: [Answer]
        }
        struct Redirect: Decodable {
            let location: String
            let header: String?
            let refused: String?
        }
        let requests: [RequestCase]
        let redirects: [Redirect]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/absolute_uris", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// What the view answered for one request: its full path, then each location's URI.
    struct Answered: Codable {
        let fullPath: String
        let uris: [String]
    }

    @Test func absoluteURIsAsDjangoBuildsThem() async throws {
        let fixture = try Self.fixture()
        let app = Pony()
        app.settings.allowedHosts = ["*"]
        app.settings.secureProxySSLHeader = .init(name: "X-Forwarded-Proto", value: "https")
        app.settings.appendSlash = false
        app.rePath("^") { request in
            let item = fixture.requests.first { $0.path == request.path && $0.host == request.host }
            return Answered(
                fullPath: request.fullPath, uris: item?.answers.map { request.absoluteURI($0.location) } ?? [])
        }
        let client = try TestClient(app)
        var compared = 0
        for item in fixture.requests {
            var headers: Headers = ["Host": item.host]
            if item.secure { headers["X-Forwarded-Proto"] = "https" }
            let target =
                PercentEncoding.encodePath(item.path, keepSlash: true) + (item.query.isEmpty ? "" : "?" + item.query)
            let answered = try await client.get(target, headers: headers).json(Answered.self)
            #expect(answered.fullPath == item.fullPath, "\(item.path)")
            #expect(answered.uris.count == item.answers.count)
            for (uri, answer) in zip(answered.uris, item.answers) {
                #expect(uri == answer.uri, "\(item.path) \(item.host): \(answer.location.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 300)
    }

    @Test func redirectsPercentEncodeTheirLocationAsDjango() throws {
        let redirects = try Self.fixture().redirects
        #expect(redirects.contains { $0.refused != nil } && redirects.contains { $0.header != nil })
        for item in redirects {
            let response = Response.redirect(to: item.location)
            if let header = item.header {
                #expect(response.headers["Location"] == header, "\(item.location)")
            }
            #expect(response.disallowedRedirect == item.refused, "\(item.location.prefix(40))")
        }
    }

    @Test func unsafeRedirectsAreBadRequests() async throws {
        let app = Pony()
        app.get("out/") { request in Response.redirect(to: request.query["to"] ?? "/") }
        app.get("app/") { _ in Response(status: .found, headers: ["Location": "myapp://callback"]) }
        let client = try TestClient(app)
        let refused = await client.get("/out/?to=javascript:alert(document.cookie)")
        #expect(refused.status == .badRequest)
        #expect(refused.headers["Location"] == nil)
        #expect(refused.text.contains("Unsafe redirect to URL with protocol &#x27;javascript&#x27;"))
        #expect(await client.get("/out/?to=https://example.com/").headers["Location"] == "https://example.com/")
        #expect(await client.get("/app/").headers["Location"] == "myapp://callback")
    }

    @Test func hostileLocationsDoNotTrap() throws {
        let request = try Request(method: .get, target: "/a/b", headers: ["Host": "example.com"])
        for location in [
            "http://[", "http://]", "//[::1", ":", "::", "a:", "/..", "../" + String(repeating: "../", count: 500),
            String(repeating: "/", count: 1000), "\u{0}", "%", "%zz", "\u{FFFF}", "🐴/🐴?🐴#🐴", "https://", "//?#",
        ] {
            // Whatever the location, the result can go in a header: ASCII, no spaces or controls.
            let uri = request.absoluteURI(location)
            #expect(uri.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value != 0x7F }, "\(uri)")
        }
        #expect(request.absoluteURI("http://[") == "http://[")
    }
}
