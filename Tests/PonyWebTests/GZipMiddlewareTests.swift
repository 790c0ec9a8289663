import Foundation
import PonyTesting
import Testing

@testable import Pony
@testable import PonyWeb

/// `GZipMiddleware` as Django's `GZipMiddleware` behaves (django/middleware/gzip.py, 5.2).
@Suite struct GZipMiddlewareTests {
    static let page = String(repeating: "<p>Pony compresses pages that are long enough.</p>\n", count: 40)

    static func client() throws -> TestClient {
        let app = Pony()
        app.middleware(GZipMiddleware())
        app.middleware(ConditionalGetMiddleware())
        app.get("page/") { _ in Self.page }
        app.get("short/") { _ in "short" }
        app.get("encoded/") { _ in
            var response = Response.html(Self.page)
            response.headers["Content-Encoding"] = "br"
            return response
        }
        app.get("noise/") { _ in
            var generator = SystemRandomNumberGenerator()
            return Response(body: .bytes((0..<400).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        }
        app.get("stream/") { _ in
            Response.stream(
                AsyncStream<String> { continuation in
                    for index in 0..<50 { continuation.yield("chunk \(index) of a streamed page\n") }
                    continuation.finish()
                })
        }
        return try TestClient(app)
    }

    /// The member's name (Django's random `a`s) and its inflated content.
    static func unpack(_ bytes: [UInt8]) throws -> (nameLength: Int, text: String) {
        try #require(bytes.count > 20)
        #expect(Array(bytes[0..<4]) == [0x1f, 0x8b, 8, 0x08], "gzip, deflate, FNAME")
        let end = try #require(bytes[10...].firstIndex(of: 0))
        #expect(bytes[10..<end].allSatisfy { $0 == UInt8(ascii: "a") })
        let inflated = try #require(Gzip.decompress(bytes), "a complete gzip member, CRC and length included")
        return (end - 10, String(decoding: inflated, as: UTF8.self))
    }

    @Test func compressesForClientsThatAcceptGzip() async throws {
        let client = try Self.client()
        var lengths: Set<Int> = []
        for _ in 0..<20 {
            let response = await client.get("/page/", headers: ["Accept-Encoding": "gzip, deflate, br"])
            #expect(response.status == .ok)
            #expect(response.headers["Content-Encoding"] == "gzip")
            #expect(response.headers["Vary"] == "Accept-Encoding")
            #expect(response.headers["ETag"]?.hasPrefix("W/\"") == true)
            #expect(response.body.count < Self.page.utf8.count / 4)
            let (nameLength, text) = try Self.unpack(response.body)
            #expect((0..<100).contains(nameLength))
            #expect(text == Self.page)
            lengths.insert(response.body.count)
        }
        // NB: 20 draws of 100 lengths all alike: a chance of 10^-38.
        #expect(lengths.count > 1, "the file name's random length varies the compressed length")
    }

    @Test func acceptEncodingIsReadAsDjangoReadsIt() async throws {
        let client = try Self.client()
        let answers: [(String?, Bool)] = [
            ("gzip", true), ("deflate, gzip;q=0.5", true), ("x-gzip", true), ("gzip;q=0", true), ("*", false),
            ("GZIP", false), ("gzipped", false), ("deflate", false), (nil, false), ("br,gzip", true), ("xgzip", false),
        ]
        for (header, compressed) in answers {
            let headers: Headers = header.map { ["Accept-Encoding": $0] } ?? [:]
            let response = await client.get("/page/", headers: headers)
            #expect((response.headers["Content-Encoding"] == "gzip") == compressed, "\(header ?? "none")")
            #expect(response.headers["Vary"] == "Accept-Encoding")
            if !compressed { #expect(response.text == Self.page) }
        }
    }

    @Test func leavesShortEncodedAndIncompressibleBodiesAlone() async throws {
        let client = try Self.client()
        let gzip: Headers = ["Accept-Encoding": "gzip"]
        let short = await client.get("/short/", headers: gzip)
        #expect(short.text == "short" && short.headers["Content-Encoding"] == nil && short.headers["Vary"] == nil)
        let encoded = await client.get("/encoded/", headers: gzip)
        #expect(encoded.headers["Content-Encoding"] == "br" && encoded.text == Self.page)
        let noise = await client.get("/noise/", headers: gzip)
        #expect(noise.headers["Content-Encoding"] == nil && noise.body.count == 400)
        #expect(noise.headers["Vary"] == "Accept-Encoding")
    }

    @Test func streamsAreCompressedAsTheyGo() async throws {
        let client = try Self.client()
        let response = await client.get("/stream/", headers: ["Accept-Encoding": "gzip"])
        #expect(response.headers["Content-Encoding"] == "gzip")
        let expected = (0..<50).map { "chunk \($0) of a streamed page\n" }.joined()
        #expect(try Self.unpack(response.body).text == expected)
        // Each chunk is flushed (a sync flush ends with 00 00 FF FF): a client can read the first
        // chunk before the last is written.
        let writer = try #require(GzipWriter(filenameLength: 3))
        let first = try #require(Array("first chunk".utf8).withUnsafeBytes { writer.write($0) })
        #expect(Array(first.suffix(4)) == [0, 0, 0xff, 0xff])
    }

    @Test func weakETagsStillAnswerIfNoneMatch() async throws {
        let client = try Self.client()
        let first = await client.get("/page/", headers: ["Accept-Encoding": "gzip"])
        let etag = try #require(first.headers["ETag"])
        let again = await client.get("/page/", headers: ["Accept-Encoding": "gzip", "If-None-Match": etag])
        #expect(again.status == .notModified && again.body.isEmpty)
    }
}
