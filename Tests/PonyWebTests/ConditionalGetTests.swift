import Foundation
import PonyTesting
import Testing

@testable import Pony
@testable import PonyWeb

/// HTTP dates and conditional requests against Django 5.2's answers
/// (Fixtures/conditional_get.json, by Fixtures/generate_conditional_get.py).
@Suite struct ConditionalGetTests {
    struct Fixture: Decodable {
        struct DateCase: Decodable {
            let text: String
            let seconds: Int?
        }
        struct ResponseCase: Decodable {
            let status: Int
            let body: String
            let headers: [[String]]
        }
        struct Case: Decodable {
            let method: String
            let response: String
            let request: String
            let status: Int
            let body: String
            let headers: [String: String]
            let cookie: Bool
        }
        let dates: [DateCase]
        let responses: [String: ResponseCase]
        let requests: [String: [String: String]]
        let cases: [Case]
    }

    static let fixture = Result {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/conditional_get", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func httpDatesReadAsDjangoReadsThem() throws {
        let dates = try Self.fixture.get().dates
        #expect(dates.count > 50)
        for date in dates {
            #expect(HTTPDate.parse(date.text) == date.seconds, "\(date.text.debugDescription)")
        }
    }

    @Test func writtenDatesReadBack() {
        for seconds in [0, 784_111_777, 253_402_300_799, 951_782_400, -1] {
            let text = HTTPDate.format(Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(HTTPDate.parse(text) == seconds, "\(text)")
        }
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        // Years in four digits, as Django's `http_date(-62135596800)` writes year 1.
        #expect(HTTPDate.format(Date(timeIntervalSince1970: -1e300)) == "Mon, 01 Jan 0001 00:00:00 GMT")
        // Years below 100 read as two-digit ones, as Django reads them.
        #expect(HTTPDate.parse("Mon, 01 Jan 0001 00:00:00 GMT") == 978_307_200)
    }

    @Test func hostileDatesAreRefusedWithoutTrapping() {
        let hostile = [
            "Sun, 99 Feb 9999 99:99:99 GMT", "Sun Feb 99 99:99:99 9999", "Sunday, 99-Feb-99 99:99:99 GMT",
            String(repeating: "é", count: 29), String(repeating: ",", count: 40),
            "\u{0}\u{0}\u{0}, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT\r\n", "Sun, -6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov -994 08:49:37 GMT",
            "Sunday,", "Sunday, ", "Sunday,,,,,,,,,,,,,,,,,,,,,,,,", "Sun Nov  6 08:49:37 1994\n",
        ]
        for text in hostile where text != "Sun Nov  6 08:49:37 1994\n" {
            #expect(HTTPDate.parse(text) == nil, "\(text.debugDescription)")
        }
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994\n") == 784_111_777)
    }

    @Test func middlewareAnswersAsDjangosConditionalGetMiddleware() async throws {
        let fixture = try Self.fixture.get()
        let app = Pony()
        app.middleware(ConditionalGetMiddleware())
        app.csrfExempt.route("r/<str:name>/") { request in
            let name = try request.parameter("name", as: String.self)
            guard let described = fixture.responses[name] else { return Response(status: .notFound) }
            var response = Response.html(described.body, status: HTTPStatus(code: described.status))
            for header in described.headers { response.headers[header[0]] = header[1] }
            try response.setCookie("flavour", "ginger")
            return response
        }
        let client = try TestClient(app)
        #expect(fixture.cases.count > 800)
        let compared = ["ETag", "Last-Modified", "Cache-Control", "Vary", "Expires", "Content-Location", "X-Other"]
        for item in fixture.cases {
            var headers = Headers()
            for (name, value) in fixture.requests[item.request] ?? [:] { headers[name] = value }
            let answer = await client.request(
                HTTPMethod(rawValue: item.method), "/r/\(item.response)/", headers: headers)
            let label = "\(item.method) \(item.response) \(item.request)"
            #expect(answer.status.code == item.status, "\(label)")
            if item.method != "HEAD" { #expect(answer.text == item.body, "\(label)") }
            for name in compared {
                #expect(answer.headers[name] == item.headers[name], "\(label): \(name)")
            }
            #expect(answer.headers.values(for: "Set-Cookie").contains { $0.hasPrefix("flavour=") } == item.cookie)
        }
    }

    @Test func streamsAndFilesGetNoETagButFilesAnswerIfModifiedSince() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conditional-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.txt").path
        try Data("report".utf8).write(to: URL(fileURLWithPath: path))
        let app = Pony()
        app.middleware(ConditionalGetMiddleware())
        app.get("stream/") { _ in
            Response.stream(
                AsyncStream<String> { continuation in
                    continuation.yield("a")
                    continuation.yield("b")
                    continuation.finish()
                })
        }
        app.get("file/") { _ in try Response.file(path) }
        let client = try TestClient(app)
        let stream = await client.get("/stream/")
        #expect(stream.headers["ETag"] == nil && stream.text == "ab")
        let file = await client.get("/file/")
        #expect(file.headers["ETag"] == nil)
        let modified = try #require(file.headers["Last-Modified"])
        let again = await client.get("/file/", headers: ["If-Modified-Since": modified])
        #expect(again.status == .notModified && again.body.isEmpty)
        #expect(again.headers["Last-Modified"] == modified)
        let earlier = await client.get("/file/", headers: ["If-Modified-Since": "Sat, 05 Nov 1994 08:49:37 GMT"])
        #expect(earlier.status == .ok && earlier.text == "report")
    }
}
