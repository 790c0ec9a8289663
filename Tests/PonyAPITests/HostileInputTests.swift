import Foundation
import Pony
import PonyTesting
import Testing

struct Everything: Decodable, Sendable {
    var small: Int8?
    var unsigned: UInt?
    var count: Int?
    var ratio: Float?
    var amount: Decimal?
    var when: Date?
    var id: UUID?
    var site: URL?
    var day: CalendarDate?
    var time: TimeOfDay?
    var nested: [[String: [Int]]]?
}

/// No input reaches a trap: every hostile value gets a 4xx (or is read), never a crash.
@Suite struct HostileInputTests {
    static func makeApp() -> Pony {
        let app = Pony()
        app.api.post("/everything", body: Everything.self) { _, _ in NoContent() }
        app.api.get("/query", input: Everything.self) { _, _ in NoContent() }
        return app
    }

    @Test func hostileBodies() async throws {
        let client = try TestClient(Self.makeApp())
        let bodies = [
            String(repeating: "[", count: 100_000), #"{"small": 128}"#, #"{"small": -129}"#, #"{"small": 1e400}"#,
            #"{"unsigned": -1}"#, #"{"count": 9223372036854775808}"#, #"{"count": -9.3e18}"#,
            #"{"count": "99999999999999999999999"}"#,
            #"{"count": "-"}"#, #"{"count": "+"}"#, #"{"count": ""}"#, #"{"count": "1.00000"}"#, #"{"ratio": 1e300}"#,
            #"{"amount": "1e99999999999"}"#, #"{"amount": "NaN"}"#, #"{"amount": "--1"}"#, #"{"amount": 1e308}"#,
            #"{"when": 1e300}"#, #"{"when": -1e300}"#, #"{"when": "0000-01-01"}"#, #"{"when": "2024-02-30"}"#,
            #"{"when": "2024-01-01T24:00"}"#, #"{"when": "2024-01-01T10:00:00.99999999999999999999999Z"}"#,
            #"{"when": "2024-01-01T10:00+99:99"}"#, #"{"when": "9999-12-31T23:59:59-23:59"}"#, #"{"when": ""}"#,
            #"{"id": "zz"}"#, #"{"id": "0123456789abcdef0123456789abcdeg"}"#, #"{"site": "not a url"}"#,
            #"{"day": "2024-13-01"}"#, #"{"time": "25:61"}"#, #"{"nested": [{"a": [1, "x", null]}, 5, {"b": {}}]}"#,
            "\u{0}", "{\"count\": 1, \"count\": \"x\"}", "nul\u{0}", "{\"a\": \"\u{1F600}\"}",
        ]
        for body in bodies {
            let response = await client.send(.post, "/api/everything", json: body)
            #expect([204, 400, 422].contains(response.status.code), "\(body.prefix(60)): \(response.text.prefix(300))")
        }
        let invalidUTF8 = await client.request(
            .post, "/api/everything", body: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D],
            headers: ["Content-Type": "application/json"])
        // Bytes that are not UTF-8 are not JSON: a 400, as django-ninja answers.
        #expect(invalidUTF8.status.code == 400)
        #expect(
            invalidUTF8.text
                == #"{"detail":"Cannot parse request body: Invalid JSON at byte 2: invalid UTF-8 in a string"}"#)
    }

    @Test func hostileQueries() async throws {
        let client = try TestClient(Self.makeApp())
        for query in [
            "small=%FF", "count=%00", "when=%", "nested=1", "count=1&count=x", "ratio=inf", "ratio=nan", "id=",
            "site=http://", "unsigned=18446744073709551616", String(repeating: "count=1&", count: 2000),
        ] {
            let response = await client.get("/api/query?\(query)")
            // 400: more than 1,000 query parameters (Django's DATA_UPLOAD_MAX_NUMBER_FIELDS).
            #expect(
                [204, 400, 422].contains(response.status.code), "\(query.prefix(60)): \(response.text.prefix(200))")
        }
    }

    @Test func hostileMultipartAndHeaders() async throws {
        let client = try TestClient(FileInputTests.makeApp())
        let boundary = "multipart/form-data; boundary=b"
        for (type, body) in [
            (boundary, "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nx"),
            (boundary, "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n"), (boundary, ""),
            ("multipart/form-data", "--b--"), ("multipart/form-data; boundary=", "x"),
            (
                boundary,
                "--b\r\nContent-Disposition: form-data; name=\"pages\"; filename=\"\u{0}\"\r\n\r\n\r\n--b--\r\n"
            ),
        ] {
            let response = await client.send(.post, "/api/attachments", json: body, type: type)
            #expect(
                [400, 422].contains(response.status.code), "\(type) \(body.prefix(60)): \(response.text.prefix(200))")
        }
        let headers = try TestClient(HeaderInputTests.makeApp())
        for value in ["\u{7F}", String(repeating: "9", count: 400), "-0", "1e3", "", " "] {
            let response = await headers.request(
                .get, "/api/traced", headers: ["User-Agent": value, "X-Agent-Number": value, "X-Request-ID": value])
            #expect([200, 422].contains(response.status.code), "\(value.prefix(20)): \(response.text.prefix(200))")
        }
    }

    @Test func randomBytesNeverCrash() async throws {
        let client = try TestClient(Self.makeApp())
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]:,"0123456789.eE+-tfnulasx\ "#.utf8)
        for _ in 0..<500 {
            let length = Int.random(in: 0...60, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let response = await client.request(
                .post, "/api/everything", body: bytes, headers: ["Content-Type": "application/json"])
            #expect([204, 400, 422].contains(response.status.code), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func laxValuesReadAsPydanticReadsThem() async throws {
        let app = Pony()
        app.api.post("/echo", body: Everything.self) { _, value in
            [
                "small": value.small.map(String.init) ?? "-", "count": value.count.map(String.init) ?? "-",
                "when": value.when.map { String($0.timeIntervalSince1970) } ?? "-",
                "id": value.id?.uuidString ?? "-",
            ]
        }
        let client = try TestClient(app)
        let response = await client.send(
            .post, "/api/echo",
            json:
                #"{"small": "-12", "count": 3.0, "when": "2024-02-29 12:00:00.5+02:00", "id": "0123456789abcdef0123456789abcdef"}"#
        )
        #expect(
            response.text
                == #"{"count":"3","id":"01234567-89AB-CDEF-0123-456789ABCDEF","small":"-12","when":"1709200800.5"}"#)
        let millis = await client.send(.post, "/api/echo", json: #"{"when": 1709200800500}"#)
        #expect(millis.text.contains(#""when":"1709200800.5""#))
    }
}
