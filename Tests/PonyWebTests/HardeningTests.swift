import Foundation
import PonyTesting
import PonyWeb
import Testing

@testable import Pony

/// What one hostile request (or a careless view) could do to the whole server before the
/// hardening of issue 13; each test failed, or trapped the process, before its fix.
@Suite struct HardeningTests {
    static func client(mode: ServerMode = .development, environment: [String: String] = [:]) throws -> TestClient {
        let app = Pony()
        app.get("status/<int:code>/") { request in HTTPStatus(code: try request.parameter("code")) }
        app.post("form/") { request in Response.text("fields=\(try request.form.keys.count)") }
        app.get("plain/") { _ in "ok" }
        app.get("files/<path:rest>", name: "files") { _ in "file" }
        app.get("download/<str:name>/") { request in
            try Response.file(#filePath, downloadName: try request.parameter("name"))
        }
        return try TestClient(app, mode: mode, environment: environment)
    }

    // MARK: - Traps reachable from a view's values

    @Test func aStatusOutsideHTTPsRangeIsA500NotATrap() async throws {
        let client = try Self.client()
        client.recordsServerErrors = false
        for code in [0, 99, 600, 1000, 9_223_372_036_854_775_807] {
            let response = await client.get("/status/\(code)/")
            #expect(response.status == .internalServerError, "\(code)")
            #expect(response.text.contains("an HTTP status is a number from 100 to 599"))
        }
        #expect(await client.get("/status/204/").status == .noContent)
    }

    // MARK: - Limits before work

    @Test func tooManyFormFieldsIsA400AsInDjango() async throws {
        let client = try Self.client()
        let many = String(repeating: "a&", count: 1000) + "a"
        let refused = await client.request(
            .post, "/form/", body: Array(many.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(refused.status == .badRequest)
        #expect(refused.text.contains("DATA_UPLOAD_MAX_NUMBER_FIELDS"))
        let fine = String(repeating: "a&", count: 998) + "b"
        let accepted = await client.request(
            .post, "/form/", body: Array(fine.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(accepted.text == "fields=2")
        let query = "/plain/?" + String(repeating: "q&", count: 1000)
        #expect(await client.get(query).status == .badRequest)
    }

    @Test func aFormIsParsedOnlyWhenAViewReadsIt() async throws {
        // Under the limit of fields but a route that never reads it: no 400, no parse.
        let client = try Self.client()
        let body = String(repeating: "a&", count: 5000)
        let response = await client.request(
            .post, "/plain/", body: Array(body.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(response.status == .methodNotAllowed)
    }

    @Test func bodiesOtherThanUploadsAreCappedAt2_5MB() async throws {
        let client = try Self.client()
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 2_621_441)
        let refused = await client.request(
            .post, "/form/", body: big, headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(refused.status == .contentTooLarge)
        // NB: a file part of the same size is an upload: only maxBodySize applies to it.
        let part = Array("--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n\r\n".utf8)
        let upload = await client.request(
            .post, "/form/", body: part + big + Array("\r\n--x--\r\n".utf8),
            headers: ["Content-Type": "multipart/form-data; boundary=x"])
        #expect(upload.status == .ok)
    }

    @Test func tooManyHeadersIsA431() async throws {
        let client = try Self.client()
        var headers: Headers = [:]
        for index in 0..<150 { headers.add("X-Filler-\(index)", "x") }
        #expect(await client.get("/plain/", headers: headers).status == .requestHeaderFieldsTooLarge)
    }

    @Test func aSecondHostHeaderIsA400() throws {
        var twice: Headers = [:]
        twice.add("Host", "localhost")
        twice.add("Host", "evil.example")
        let error = #expect(throws: HTTPError.self) { try Request(method: .get, target: "/", headers: twice) }
        #expect(error?.status == .badRequest)
        // HTTP/1.1 parsing moves the first Host into the authority and leaves the second.
        #expect(throws: HTTPError.self) {
            try Request(method: .get, target: "/", headers: ["Host": "evil.example"], authority: "localhost")
        }
        #expect(try Request(method: .get, target: "/", headers: [:], authority: "localhost").host == "localhost")
    }

    // MARK: - DNS rebinding

    @Test func developmentAnswersOnlyLoopbackNamesByDefault() async throws {
        let client = try Self.client()
        for host in ["localhost", "localhost:8000", "app.localhost", "127.0.0.1:8000", "[::1]:8000"] {
            #expect(await client.get("/plain/", headers: ["Host": host]).status == .ok, "\(host)")
        }
        for host in ["evil.example", "127.0.0.2", "localhost.evil.example", "0.0.0.0"] {
            #expect(await client.get("/plain/", headers: ["Host": host]).status == .badRequest, "\(host)")
        }
        let widened = try Self.client(environment: ["PONY_ALLOWED_HOSTS": "+evil.example"])
        #expect(await widened.get("/plain/", headers: ["Host": "evil.example"]).status == .ok)
    }

    // MARK: - Redirects and headers

    @Test func reverseEscapesALeadingDoubleSlash() async throws {
        let app = Pony()
        app.get("<path:rest>", name: "any") { _ in "" }
        #expect(try app.reverse("any", ["rest": "/evil.example/"]) == "/%2Fevil.example/")
    }

    @Test func downloadNamesKeepTheAttachmentHeader() async throws {
        let client = try Self.client()
        let plain = await client.get("/download/report%20\"2024\".txt/")
        #expect(plain.headers["Content-Disposition"] == #"attachment; filename="report \"2024\".txt""#)
        let forged = await client.get("/download/a%0D%0ASet-Cookie:%20x=1/")
        #expect(forged.headers["Content-Disposition"] == "attachment; filename*=utf-8''a%0D%0ASet-Cookie%3A%20x%3D1")
        #expect(!forged.headers.contains("Set-Cookie"))
        let unicode = await client.get("/download/r%C3%A9sum%C3%A9.pdf/")
        #expect(unicode.headers["Content-Disposition"] == "attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf")
    }

    @Test func serverSentEventsCannotForgeFields() {
        let event = ServerSentEvent(data: "a\r\nevent: admin\rb\nc", event: "x\r\ny", id: "1\r2\u{0}")
        #expect(event.encoded == "id: 12\nevent: xy\ndata: a\ndata: event: admin\ndata: b\ndata: c\n\n")
        #expect(ServerSentEvent(data: "").encoded == "data: \n\n")
        #expect(ServerSentEvent(data: "x\n").encoded == "data: x\ndata: \n\n")
    }

    @Test func cookieNamesPathsAndDomainsAreValidated() throws {
        var response = Response.text("")
        for name in ["", "a b", "a;b", "a=b", "a\r\nb", "é"] {
            #expect(throws: HTTPError.self, "\(name)") { try response.setCookie(name, "v") }
        }
        #expect(throws: HTTPError.self) { try response.setCookie("a", "v", path: "/; Domain=evil.example") }
        #expect(throws: HTTPError.self) { try response.setCookie("a", "v", domain: "x\u{7}") }
        #expect(throws: HTTPError.self) { try response.deleteCookie("a b") }
        try response.setCookie("ok", "v; Domain=evil", expires: Date(timeIntervalSince1970: 1e300))
        let header = response.headers["Set-Cookie"] ?? ""
        // The value is quoted as Python's http.cookies quotes it (";" as \073).
        #expect(header.hasPrefix(#"ok="v\073 Domain=evil"; expires=Fri, 31 Dec 9999 23:59:59 GMT"#), "\(header)")
    }

    @Test func safeRedirectsMatchDjango() throws {
        struct Fixture: Decodable {
            struct Case: Decodable {
                let url: String
                let requireHTTPS: Bool
                let safe: Bool
            }
            let allowedHosts: [String]
            let cases: [Case]
        }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/safe_redirects", withExtension: "json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.cases.count > 100)
        for item in fixture.cases {
            let safe = urlHasAllowedHostAndScheme(
                item.url, allowedHosts: Set(fixture.allowedHosts), requireHTTPS: item.requireHTTPS)
            #expect(safe == item.safe, "\(item.url.debugDescription) requireHTTPS: \(item.requireHTTPS)")
        }
    }

    // MARK: - Production settings

    @Test func serveRefusesDebugAndWeakKeys() throws {
        let strong = "k7#Vq2!pL9zR4wXe8TbN1mYs6HcJ0dFgAuKoQiWlEr5tZyPxCv3B"
        let debug = #expect(throws: ConfigurationError.self) {
            try Settings(debug: true, secretKey: strong, allowedHosts: ["example.com"]).resolved(for: .production)
        }
        #expect(debug?.id == "security.W018")
        let fromEnvironment = #expect(throws: ConfigurationError.self) {
            try Settings(secretKey: strong, allowedHosts: ["example.com"]).applyingEnvironment(["PONY_DEBUG": "1"])
                .resolved(for: .production)
        }
        #expect(fromEnvironment?.id == "security.W018")
        for weak in ["short", String(repeating: "ab", count: 40), "django-insecure-" + strong] {
            let error = #expect(throws: ConfigurationError.self) {
                try Settings(secretKey: weak, allowedHosts: ["example.com"]).resolved(for: .production)
            }
            #expect(error?.id == "security.W009")
        }
        #expect(
            try Settings(secretKey: strong, allowedHosts: ["example.com"]).resolved(for: .production).debug == false)
    }
}

/// Text from a request reaches log lines (the access log's path, an error quoting a header):
/// it must not forge lines or send escape sequences to a terminal.
@Suite struct LogLineTests {
    @Test func controlCharactersAreWrittenVisibly() {
        #expect(LogOutput.escapingControls("GET /a 200") == "GET /a 200")
        #expect(
            LogOutput.escapingControls("GET /a\r\n[02/Dec/2026] admin logged in\u{1B}[2J\u{85}\u{2028}é")
                == #"GET /a\r\n[02/Dec/2026] admin logged in\x1b[2J\x85\x2028é"#)
    }

    @Test func accessLinesAreFormattedAsBefore() {
        func line(_ target: String, _ status: Int, _ size: Int?, _ micros: Int) -> String {
            var bytes: [UInt8] = []
            LogOutput.appendAccess(
                to: &bytes, method: .get, target: target, status: status, size: size, micros: micros)
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(line("/plaintext", 200, 13, 412) == #""GET /plaintext" 200 13 0.412ms"#)
        #expect(line("/a?q=1", 404, 0, 12_345_006) == #""GET /a?q=1" 404 0 12345.006ms"#)
        #expect(line("/events", 200, nil, 7) == #""GET /events" 200 - 0.007ms"#)
        #expect(line("/x\r\n[forged]", 400, 10, 0) == #""GET /x\r\n[forged]" 400 10 0.000ms"#)
        #expect(line("/", 500, 0, -5) == #""GET /" 500 0 0.000ms"#)
        #expect(LogOutput.timestamp(1_796_413_200) == "04/Dec/2026 19:40:00")
    }
}
