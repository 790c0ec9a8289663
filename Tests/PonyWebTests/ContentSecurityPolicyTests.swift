import Foundation
import PonyTesting
import Testing

@testable import Pony
@testable import PonyWeb

/// A Content Security Policy as Django 6.0's `ContentSecurityPolicyMiddleware` and `csp`
/// context processor send it (Fixtures/csp.json, by Fixtures/generate_csp.py): the nonce in
/// the header only when a page printed it, a view's own header kept, and routes with policies
/// of their own (Django's `@csp_override` and `@csp_report_only_override`).
@Suite struct ContentSecurityPolicyTests {
    struct Fixture: Decodable {
        struct Answer: Decodable {
            let body: String
            let csp: String?
            let csp_report_only: String?
            let nonce_length: Int?
        }
        let version: String
        let responses: [String: Answer]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/csp", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func makeApp() -> Pony {
        let app = Pony()
        app.settings.secureCSP = [
            "default-src": [CSP.selfOrigin], "script-src": [CSP.selfOrigin, CSP.nonce],
            "upgrade-insecure-requests": true, "frame-ancestors": false, "style-src": [CSP.nonce],
            "object-src": [CSP.none],
        ]
        app.settings.secureCSPReportOnly = [
            "img-src": [CSP.selfOrigin, "https://cdn.example.com"], "report-uri": "/csp-report/",
        ]
        app.templates["page.html"] = #"<script nonce="{{ csp_nonce }}">go()</script>"#
        app.templates["test.html"] = "{% if csp_nonce %}made{% else %}not made{% endif %}"
        app.get("page/") { request in try render(request, "page.html") }
        app.get("test/") { request in try render(request, "test.html") }
        app.get("plain/") { _ in Response.text("plain") }
        app.get("own/") { _ in
            var response = Response.text("own")
            response.headers["Content-Security-Policy"] = "default-src 'none'"
            return response
        }
        app.contentSecurityPolicy(["default-src": [CSP.none], "script-src": [CSP.nonce, "https://maps.example.com"]])
            .get("map/") { request in try render(request, "page.html") }
        app.contentSecurityPolicy([:]).get("open/") { _ in Response.text("open") }
        app.contentSecurityPolicy(["script-src": [CSP.selfOrigin]], reportOnly: true).get("trial/") { _ in
            Response.text("trial")
        }
        return app
    }

    @Test func headersAndPagesAreDjangos() async throws {
        let fixture = try Self.fixture()
        #expect(fixture.version == "6.0.0" && fixture.responses.count == 7)
        let client = try TestClient(Self.makeApp())
        var nonces: Set<String> = []
        for (path, expected) in fixture.responses {
            let page = await client.get(path)
            var nonce: String?
            if let range = page.text.range(of: #"nonce="[^"]*""#, options: .regularExpression) {
                nonce = String(page.text[range].dropFirst(7).dropLast())
            }
            #expect(nonce?.count == expected.nonce_length, "\(path)")
            if let nonce {
                #expect(nonce.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                nonces.insert(nonce)
            }
            func hide(_ text: String?) -> String? {
                nonce.flatMap { text?.replacingOccurrences(of: $0, with: "NONCE") } ?? text
            }
            #expect(hide(page.text) == expected.body, "\(path)")
            #expect(hide(page.headers["Content-Security-Policy"]) == expected.csp, "\(path)")
            #expect(hide(page.headers["Content-Security-Policy-Report-Only"]) == expected.csp_report_only, "\(path)")
        }
        // Each request has a nonce of its own.
        let again = await client.get("/page/")
        #expect(!nonces.contains { again.text.contains($0) })
    }

    /// A route's own policy works on a site that sets none, nonce included.
    @Test func aRoutesPolicyNeedsNoSitePolicy() async throws {
        let app = Pony()
        app.templates["page.html"] = #"<script nonce="{{ csp_nonce }}"></script>"#
        app.contentSecurityPolicy(["script-src": [CSP.nonce]]).get("page/") { request in
            try render(request, "page.html")
        }
        app.get("other/") { _ in Response.text("other") }
        let client = try TestClient(app)
        let page = await client.get("/page/")
        let header = try #require(page.headers["Content-Security-Policy"])
        #expect(page.text == #"<script nonce="\#(header.dropFirst("script-src 'nonce-".count).dropLast())"></script>"#)
        #expect(await client.get("/other/").headers["Content-Security-Policy"] == nil)
    }

    @Test func noPolicyNoHeaderNoNonce() async throws {
        let app = Pony()
        app.templates["page.html"] = "[{{ csp_nonce }}]"
        app.get("page/") { request in
            #expect(request.cspNonce == nil)
            return try render(request, "page.html")
        }
        let page = await (try TestClient(app)).get("/page/")
        #expect(page.text == "[]")
        #expect(page.headers["Content-Security-Policy"] == nil)
    }

    /// A view reading `request.cspNonce` for an inline script it writes itself gets the nonce
    /// the header names.
    @Test func aViewsOwnScriptGetsTheHeadersNonce() async throws {
        let app = Pony()
        app.settings.secureCSP = ["script-src": [CSP.nonce]]
        app.get("raw/") { request in Response.html("<script nonce=\"\(request.cspNonce ?? "")\"></script>") }
        let page = await (try TestClient(app)).get("/raw/")
        let header = try #require(page.headers["Content-Security-Policy"])
        let nonce = String(header.dropFirst("script-src 'nonce-".count).dropLast())
        #expect(nonce.count == 22 && page.text == "<script nonce=\"\(nonce)\"></script>")
    }
}
