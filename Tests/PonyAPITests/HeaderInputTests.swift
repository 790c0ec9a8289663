import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

@testable import PonyAPI

struct Traced: Decodable, Sendable {
    @Header var userAgent: String
    @Header var xRequestID: UUID?
    @Header var accept_language: [String]?
    @Header var agent: Int?
    var page: Int?

    enum CodingKeys: String, CodingKey {
        case userAgent, xRequestID, accept_language, page
        case agent = "X-Agent-Number"
    }
}

/// `@Header` fields of an `input:` type (django-ninja's `Header()`): read from the request's
/// headers, validated, reported at `["header", key]` and listed as header parameters.
@Suite struct HeaderInputTests {
    static func makeApp() -> Pony {
        let app = Pony()
        app.api.get("/traced", input: Traced.self) { _, input in
            [
                "agent": input.userAgent, "id": input.xRequestID?.uuidString ?? "-",
                "languages": (input.accept_language ?? []).joined(separator: ","),
                "number": input.agent.map(String.init) ?? "-", "page": input.page.map(String.init) ?? "-",
            ]
        }
        return app
    }

    @Test func headersAreReadIntoTheirFields() async throws {
        let client = try TestClient(Self.makeApp())
        let full = await client.request(
            .get, "/api/traced?page=2",
            headers: [
                "user-agent": "curl/8", "X-Request-Id": "6F9619FF-8B86-D011-B42D-00C04FC964FF",
                "Accept-Language": "en", "x-agent-number": "7",
            ])
        #expect(
            full.text
                == #"{"agent":"curl/8","id":"6F9619FF-8B86-D011-B42D-00C04FC964FF","languages":"en","number":"7","page":"2"}"#
        )
        let optionalOnesLeftOut = await client.request(.get, "/api/traced", headers: ["User-Agent": "x"])
        #expect(optionalOnesLeftOut.text == #"{"agent":"x","id":"-","languages":"","number":"-","page":"-"}"#)
    }

    @Test func missingAndInvalidHeadersAre422s() async throws {
        let client = try TestClient(Self.makeApp())
        let response = await client.request(
            .get, "/api/traced", headers: ["X-Request-ID": "not-a-uuid", "X-Agent-Number": "seven"])
        #expect(response.status.code == 422)
        let issues = try JSONValue(parsing: response.body)["detail"]
        #expect(issues?[0]?["type"] == "missing")
        #expect(issues?[0]?["loc"] == ["header", "userAgent"])
        #expect(issues?[1]?["type"] == "uuid_parsing")
        #expect(issues?[1]?["loc"] == ["header", "xRequestID"])
        #expect(issues?[2]?["type"] == "int_parsing")
        #expect(issues?[2]?["loc"] == ["header", "X-Agent-Number"])
    }

    @Test func theDocumentListsHeaderParameters() throws {
        let parameters = Self.makeApp().api.openAPIDocument["paths"]?["/api/traced"]?["get"]?["parameters"]
        guard case .array(let list)? = parameters else {
            Issue.record("no parameters")
            return
        }
        let headers = list.filter { $0["in"] == "header" }.map { [$0["name"], $0["required"]] }
        #expect(
            headers == [
                [.string("User-Agent"), true], [.string("X-Request-ID"), false], [.string("Accept-Language"), false],
                [.string("X-Agent-Number"), false],
            ])
        #expect(list.contains { $0["in"] == "query" && $0["name"] == "page" })
        #expect(!list.contains { $0["name"] == "userAgent" })
    }

    @Test func aHeaderFieldInABodyIsAStartupError() {
        let app = Pony()
        app.api.post("/traced", body: Traced.self) { _, _ in NoContent() }
        let problems = app.api.problems(installedApps: [])
        #expect(problems.map(\.id) == ["api.E004", "api.E004", "api.E004", "api.E004"])
        #expect(
            problems.first?.message
                == "Traced.X-Agent-Number is a @Header field, but Traced is read from the request's body:"
                + " headers are read into an input: type only (pass `input: Traced.self`).")
    }

    @Test(arguments: [
        ("userAgent", "User-Agent"), ("xRequestID", "X-Request-ID"), ("accept_language", "Accept-Language"),
        ("HTTPVersion", "HTTP-Version"), ("X-Custom", "X-Custom"), ("etag", "Etag"),
    ])
    func headerNamesComeFromKeys(key: String, name: String) {
        #expect(headerName(key) == name)
    }
}
