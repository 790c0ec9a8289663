import Foundation
import Pony
import PonyTesting
import Testing

@Suite struct RequestResponseTests {
    struct Task: Codable, Equatable {
        var name: String
        var done: Bool
    }

    static func makeApp() -> Pony {
        let app = Pony()
        app.get("query/") { request in
            Response.text("q=\(request.query["q"] ?? "-") tags=\(request.query.list("tag").joined(separator: ","))")
        }
        app.post("form/") { request in Response.text("name=\(try request.form["name"] ?? "-")") }
        app.post("tasks/") { request in
            let task = try request.decode(Task.self)
            return try Response.json(task, status: .created)
        }
        app.get("cookies/set/") { _ in
            var response = Response.text("set")
            try response.setCookie("theme", "dark")
            try response.setCookie("note", "a b;c", maxAge: 60, secure: true, sameSite: .strict)
            return response
        }
        app.get("cookies/show/") { request in
            Response.text(
                request.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
        }
        app.get("cookies/delete/") { _ in
            var response = Response.text("deleted")
            try response.deleteCookie("theme")
            return response
        }
        app.get("redirects/<int:code>/") { request in
            Response.redirect(to: "/query/?q=moved", status: HTTPStatus(code: try request.parameter("code")))
        }
        app.get("stream/") { _ in
            Response.stream(
                AsyncStream { continuation in
                    for word in ["one ", "two ", "three"] { continuation.yield(word) }
                    continuation.finish()
                })
        }
        app.get("events/") { _ in
            Response.eventStream(
                AsyncStream { continuation in
                    continuation.yield(ServerSentEvent(data: "hello\nworld", event: "greeting", id: "1"))
                    continuation.finish()
                })
        }
        app.get("file/") { _ in try Response.file(#filePath, downloadName: "source.swift") }
        app.get("missing-file/") { _ in try Response.file("/nonexistent/file.txt") }
        app.get("status/") { _ in HTTPStatus.noContent }
        app.get("client/") { request in Response.text(request.clientAddress ?? "-") }
        return app
    }

    @Test func queryIsMultiValued() async throws {
        let response = await (try TestClient(Self.makeApp())).get("/query/?q=hello+world&tag=a&tag=b%20c&q=last")
        #expect(response.text == "q=last tags=a,b c")
    }

    @Test func formBodies() async throws {
        let response = await (try TestClient(Self.makeApp())).post("/form/", form: ["name": "Zoë & co"])
        #expect(response.text == "name=Zoë & co")
    }

    @Test func jsonDecodingAndEncoding() async throws {
        let client = try TestClient(Self.makeApp())
        let created = await client.post("/tasks/", json: Task(name: "Write", done: false))
        #expect(created.status == .created)
        #expect(created.headers["Content-Type"] == "application/json")
        #expect(created.text == #"{"done":false,"name":"Write"}"#)
        #expect(try created.json(Task.self) == Task(name: "Write", done: false))
    }

    @Test(arguments: [
        "application/x-www-form-urlencoded", " Application/X-WWW-Form-URLEncoded ; charset=UTF-8",
        "application/x-www-form-urlencoded;charset=utf-8", "\tapplication/x-www-form-urlencoded\t",
    ])
    func formContentTypeIsCaseAndParameterInsensitive(contentType: String) async throws {
        let response = await (try TestClient(Self.makeApp())).request(
            .post, "/form/", body: Array("name=Zo%C3%AB".utf8), headers: ["Content-Type": contentType])
        #expect(response.text == "name=Zoë")
    }

    @Test func otherContentTypesHaveNoForm() async throws {
        let client = try TestClient(Self.makeApp())
        for contentType in ["application/json", "application/x-www-form-urlencodedx", ";", ""] {
            let response = await client.request(
                .post, "/form/", body: Array("name=x".utf8), headers: ["Content-Type": contentType])
            #expect(response.text == "name=-", "\(contentType)")
        }
    }

    @Test func formDecodesIntoCodable() async throws {
        let response = await (try TestClient(Self.makeApp())).post("/tasks/", form: ["name": "Form", "done": "true"])
        #expect(try response.json(Task.self) == Task(name: "Form", done: true))
    }

    @Test func badBodiesAreClientErrors() async throws {
        let client = try TestClient(Self.makeApp())
        let broken = await client.request(
            .post, "/tasks/", body: Array("{\"name\": ".utf8), headers: ["Content-Type": "application/json"])
        #expect(broken.status == .badRequest)
        #expect(broken.text.contains("Invalid JSON body"))
        let missing = await client.post("/tasks/", json: ["name": "x"])
        #expect(missing.status == .badRequest)
        #expect(missing.text.contains("missing field &quot;done&quot;"))
        let xml = await client.request(
            .post, "/tasks/", body: Array("<x/>".utf8), headers: ["Content-Type": "application/xml"])
        #expect(xml.status == .unsupportedMediaType)
    }

    @Test func cookiesAreSetKeptAndDeleted() async throws {
        let client = try TestClient(Self.makeApp())
        let set = await client.get("/cookies/set/")
        let cookies = set.headers.values(for: "Set-Cookie")
        #expect(cookies.first == "theme=dark; Path=/; HttpOnly; SameSite=Lax")
        // With max_age, Django's set_cookie writes expires too: now + max_age.
        let note = try #require(cookies.last)
        let expiry = try #require(
            note.wholeMatch(
                of: #/note="a b\\073c"; expires=(.+); Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Strict/#)?.1)
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        format.timeZone = TimeZone(identifier: "GMT")
        let date = try #require(format.date(from: String(expiry)))
        #expect(abs(date.timeIntervalSinceNow - 60) < 5)
        var both = Response.text("")
        #expect(throws: HTTPError.self) { try both.setCookie("a", "b", maxAge: 1, expires: Date()) }
        #expect(await client.get("/cookies/show/").text == "note=a b;c&theme=dark")
        let deleted = await client.get("/cookies/delete/")
        #expect(deleted.headers["Set-Cookie"] == "theme=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/")
        #expect(await client.get("/cookies/show/").text == "note=a b;c")
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func redirects(code: Int) async throws {
        let client = try TestClient(Self.makeApp())
        let response = await client.get("/redirects/\(code)/")
        #expect(response.status.code == code)
        #expect(response.headers["Location"] == "/query/?q=moved")
        #expect(await client.get("/redirects/\(code)/", followRedirects: true).text == "q=moved tags=")
    }

    @Test func streamsAndServerSentEvents() async throws {
        let client = try TestClient(Self.makeApp())
        #expect(await client.get("/stream/").text == "one two three")
        let events = await client.get("/events/")
        #expect(events.headers["Content-Type"] == "text/event-stream")
        #expect(events.text == "id: 1\nevent: greeting\ndata: hello\ndata: world\n\n")
    }

    @Test func filesAndStatuses() async throws {
        let client = try TestClient(Self.makeApp())
        let file = await client.get("/file/")
        #expect(file.text.contains("struct RequestResponseTests"))
        #expect(file.headers["Content-Disposition"] == "attachment; filename=\"source.swift\"")
        #expect(file.headers["Content-Type"] == "application/octet-stream")
        #expect(await client.get("/missing-file/").status == .notFound)
        #expect(await client.get("/status/").status == .noContent)
        #expect(await client.get("/client/").text == "127.0.0.1")
    }

    @Test func headersAreCaseInsensitiveAndRejectInjection() {
        var headers: Headers = ["Content-Type": "text/plain"]
        #expect(headers["content-type"] == "text/plain")
        headers.add("Vary", "Cookie")
        headers.add("Vary", "Accept")
        #expect(headers.values(for: "vary") == ["Cookie", "Accept"])
        headers["X-Evil"] = "a\r\nSet-Cookie: owned=1"
        #expect(headers["X-Evil"] == nil)
        #expect(!headers.contains("Set-Cookie"))
    }

    @Test func repeatedHeadersReadAsHTTPTypesJoinsThem() throws {
        var headers: Headers = ["Accept": "text/html"]
        #expect(headers["accept"] == "text/html")
        headers.add("X-Other", "1")
        headers.add("accept", "application/json")
        #expect(headers["Accept"] == "text/html, application/json")
        headers.add("Cookie", "a=1")
        headers.add("Cookie", "b=2")
        #expect(headers["Cookie"] == "a=1; b=2")
        #expect(headers["Missing"] == nil)
        let request = try Request(
            method: .post, target: "/", headers: ["Content-Type": " Application/JSON ; charset=utf-8"])
        #expect(request.contentType == "application/json")
        #expect(try Request(method: .get, target: "/", headers: [:]).contentType == nil)
    }

    @Test func queryDictParsesLikeDjango() {
        let query = QueryDict(parsing: "a=1&a=2&b=&c&d=%E2%9C%93&e=%ZZ&f=x+y")
        #expect(query.list("a") == ["1", "2"])
        #expect(query["b"] == "")
        #expect(query["c"] == "")
        #expect(query["d"] == "✓")
        #expect(query["e"] == "%ZZ")
        #expect(query["f"] == "x y")
        #expect(query.keys == ["a", "b", "c", "d", "e", "f"])
        #expect(QueryDict(parsing: query.urlEncoded) == query)
        // Invalid UTF-8 and the rest as Django 5.2's `QueryDict(…).lists()` reads them (the
        // answers were printed by Django itself): one U+FFFD for each bad sequence.
        let django: [(String, [(String, [String])])] = [
            ("a=%C3%28x%E2%9C%93", [("a", ["\u{FFFD}(x✓"])]), ("a=%FF", [("a", ["\u{FFFD}"])]),
            ("a=%E2%9C", [("a", ["\u{FFFD}"])]), ("b=x%C3", [("b", ["x\u{FFFD}"])]),
            ("%FF=1", [("\u{FFFD}", ["1"])]), ("a=1;b=2", [("a", ["1;b=2"])]), ("a==b", [("a", ["=b"])]),
            ("=x", [("", ["x"])]), ("&&a=1&&", [("a", ["1"])]), ("a=%2", [("a", ["%2"])]),
            ("a%20b=c+d", [("a b", ["c d"])]), ("a=%00", [("a", ["\u{0}"])]),
        ]
        for (text, lists) in django {
            let parsed = QueryDict(parsing: text)
            #expect(parsed.keys == lists.map(\.0), "\(text)")
            for (key, values) in lists { #expect(parsed.list(key) == values, "\(text)") }
        }
        // Django's `urlencode`: spaces as `+`, everything but unreserved characters escaped.
        let encoded = QueryDict([(key: "q", value: "a b+c&d=é~"), (key: "é x", value: "")]).urlEncoded
        #expect(encoded == "q=a+b%2Bc%26d%3D%C3%A9~&%C3%A9+x=")
    }
}
