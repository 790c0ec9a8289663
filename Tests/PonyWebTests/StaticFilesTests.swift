import Foundation
import Pony
import PonyTesting
import Testing

@Suite struct StaticFilesTests {
    /// A stylesheet large enough to get a gzip copy.
    static let bigCSS = String(repeating: "p { margin: 0 auto; color: #333; }\n", count: 40)

    /// A site folder with static/, public/, a secret beside them and symlinks in and out; made
    /// once per test run (the tests only read it) and removed when the run ends.
    static let site: Result<URL, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-static-\(UUID().uuidString)")
        atexit {
            if case .success(let folder) = StaticFilesTests.site { try? FileManager.default.removeItem(at: folder) }
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(
            at: folder.appendingPathComponent("static/css"), withIntermediateDirectories: true)
        try fileManager.createDirectory(at: folder.appendingPathComponent("public"), withIntermediateDirectories: true)
        try fileManager.createDirectory(at: folder.appendingPathComponent("media"), withIntermediateDirectories: true)
        try bigCSS.write(to: folder.appendingPathComponent("static/css/big.css"), atomically: true, encoding: .utf8)
        try "uploaded".write(to: folder.appendingPathComponent("media/photo.txt"), atomically: true, encoding: .utf8)
        try "<script>alert(document.cookie)</script>".write(
            to: folder.appendingPathComponent("media/page.html"), atomically: true, encoding: .utf8)
        try "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".write(
            to: folder.appendingPathComponent("media/logo.svg"), atomically: true, encoding: .utf8)
        try "hidden".write(to: folder.appendingPathComponent("static/.env"), atomically: true, encoding: .utf8)
        try "body { color: red }".write(
            to: folder.appendingPathComponent("static/css/site.css"), atomically: true, encoding: .utf8)
        try "0123456789".write(
            to: folder.appendingPathComponent("static/digits.txt"), atomically: true, encoding: .utf8)
        try "User-agent: *".write(
            to: folder.appendingPathComponent("public/robots.txt"), atomically: true, encoding: .utf8)
        try "top secret".write(to: folder.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try fileManager.createSymbolicLink(
            atPath: folder.appendingPathComponent("static/escape.txt").path, withDestinationPath: "../secret.txt")
        try fileManager.createSymbolicLink(
            atPath: folder.appendingPathComponent("static/alias.css").path, withDestinationPath: "css/site.css")
        return folder
    }

    static func makeClient(mode: ServerMode = .development, environment: [String: String] = [:]) throws -> TestClient {
        let folder = try site.get()
        let app = Pony(file: folder.appendingPathComponent("site.swift").path)
        app.get("robots.txt") { _ in "from a route" }
        app.get("page/") { request in try render(request, "inline.html") }
        app.get("missing/") { request in try render(request, "missing.html") }
        app.templates["inline.html"] = "<link href=\"{% static 'css/site.css' %}\">"
        app.templates["missing.html"] = "<link href=\"{% static 'css/nope.css' %}\">"
        return try TestClient(app, mode: mode, environment: environment)
    }

    @Test func servesFilesWithTypesAndValidators() async throws {
        let client = try Self.makeClient()
        let css = await client.get("/static/css/site.css")
        #expect(css.status == .ok)
        #expect(css.text == "body { color: red }")
        #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(css.headers["Accept-Ranges"] == "bytes")
        let etag = try #require(css.headers["ETag"])
        #expect(await client.get("/static/css/site.css", headers: ["If-None-Match": etag]).status == .notModified)
        #expect(await client.get("/static/css/site.css", headers: ["If-None-Match": "\"other\""]).status == .ok)
        // Any date at or after the file's, in any of HTTP's three forms, as Django's `was_modified_since`.
        let modified = try #require(css.headers["Last-Modified"])
        for date in [modified, "Fri, 31 Dec 9999 23:59:59 GMT", "Fri Dec 31 23:59:59 9999"] {
            #expect(
                await client.get("/static/css/site.css", headers: ["If-Modified-Since": date]).status == .notModified)
        }
        #expect(
            await client.get("/static/css/site.css", headers: ["If-Modified-Since": "Thu, 01 Jan 1970 00:00:01 GMT"])
                .status == .ok)
        #expect(await client.get("/static/css/site.css", headers: ["If-Modified-Since": "yesterday"]).status == .ok)
        #expect(
            await client.get("/static/css/site.css", headers: ["If-Match": "\"other\""]).status == .preconditionFailed)
        #expect(await client.get("/static/css/site.css", headers: ["If-Match": etag]).status == .ok)
        let head = await client.request(.head, "/static/css/site.css")
        #expect(head.status == .ok && head.body.isEmpty)
        #expect(await client.get("/static/alias.css").text == "body { color: red }")
        #expect(await client.get("/page/").text == "<link href=\"/static/css/site.css\">")
    }

    @Test func byteRanges() async throws {
        let client = try Self.makeClient()
        let first = await client.get("/static/digits.txt", headers: ["Range": "bytes=0-3"])
        #expect(first.status == .partialContent)
        #expect(first.text == "0123")
        #expect(first.headers["Content-Range"] == "bytes 0-3/10")
        #expect(await client.get("/static/digits.txt", headers: ["Range": "bytes=-3"]).text == "789")
        #expect(await client.get("/static/digits.txt", headers: ["Range": "bytes=7-"]).text == "789")
        #expect(await client.get("/static/digits.txt", headers: ["Range": "bytes=5-100"]).text == "56789")
        let outside = await client.get("/static/digits.txt", headers: ["Range": "bytes=10-20"])
        #expect(outside.status == .rangeNotSatisfiable)
        #expect(outside.headers["Content-Range"] == "bytes */10")
        #expect(await client.get("/static/digits.txt", headers: ["Range": "bytes=0-1,4-5"]).status == .ok)
        #expect(await client.get("/static/digits.txt", headers: ["Range": "lines=1-2"]).status == .ok)
    }

    @Test(arguments: [
        "/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt", "/static/%2E%2E%2Fsecret.txt",
        "/static/..%5csecret.txt", "/static/css/../../secret.txt", "/static/escape.txt", "/static/css/", "/static/",
        "/static/./digits.txt", "/static//etc/passwd", "/static/nope.txt",
    ])
    func neverLeavesTheRoot(path: String) async throws {
        for mode in [ServerMode.development, .production] {
            let response = await (try Self.makeClient(mode: mode)).get(path)
            #expect(response.status == .notFound, "\(path) in \(mode)")
            #expect(!response.text.contains("top secret"))
        }
    }

    @Test func productionServesHashedNamesForeverWithGzipCopies() async throws {
        let client = try Self.makeClient(mode: .production)
        let page = await client.get("/page/").text
        let match = try #require(page.firstMatch(of: /href="(\/static\/css\/site\.([0-9a-f]{12})\.css)"/))
        let hashed = String(match.output.1)
        let css = await client.get(hashed)
        #expect(css.status == .ok)
        #expect(css.text == "body { color: red }")
        #expect(css.headers["Cache-Control"] == "max-age=315360000, public, immutable")
        #expect(css.headers["ETag"] == "\"\(match.output.2)\"")
        #expect(await client.get(hashed, headers: ["If-None-Match": "\"\(match.output.2)\""]).status == .notModified)
        let original = await client.get("/static/css/site.css")
        #expect(original.text == "body { color: red }")
        #expect(original.headers["Cache-Control"] == "no-cache")
        #expect(await client.get("/static/.env").status == .notFound)

        let big = await client.get("/static/css/big.css", headers: ["Accept-Encoding": "br, gzip;q=0.8"])
        #expect(big.headers["Content-Encoding"] == "gzip")
        #expect(big.headers["Vary"] == "Accept-Encoding")
        #expect(big.body.count < Self.bigCSS.utf8.count / 4)
        #expect(try Self.gunzip(big.body) == Self.bigCSS)
        let identity = await client.get("/static/css/big.css", headers: ["Accept-Encoding": "gzip;q=0, br"])
        #expect(identity.headers["Content-Encoding"] == nil && identity.text == Self.bigCSS)
        let range = await client.get("/static/css/big.css", headers: ["Accept-Encoding": "gzip", "Range": "bytes=0-0"])
        #expect(range.status == .partialContent && range.text == "p")
    }

    @Test func aMissingStaticFileFailsInProductionAsDjangoDoes() async throws {
        #expect(await (try Self.makeClient()).get("/missing/").text == "<link href=\"/static/css/nope.css\">")
        let client = try Self.makeClient(mode: .production)
        client.recordsServerErrors = false
        let production = await client.get("/missing/")
        #expect(production.status == .internalServerError)
    }

    @Test func mediaIsServedAtMediaURL() async throws {
        let clients = [
            try Self.makeClient(mode: .development),
            try Self.makeClient(mode: .production, environment: ["PONY_SERVE_MEDIA": "1"]),
        ]
        for client in clients {
            let photo = await client.get("/media/photo.txt")
            #expect(photo.text == "uploaded")
            #expect(photo.headers["Content-Security-Policy"] == "sandbox")
            #expect(photo.headers["Content-Disposition"] == nil)
            #expect(await client.get("/media/../secret.txt").status == .notFound)
            #expect(await client.get("/media/%2e%2e/secret.txt").status == .notFound)
        }
    }

    @Test func uploadsCannotActAsPagesOfTheSite() async throws {
        let client = try Self.makeClient()
        for path in ["/media/page.html", "/media/logo.svg"] {
            let response = await client.get(path)
            #expect(response.status == .ok)
            #expect(response.headers["Content-Disposition"] == "attachment", "\(path)")
            #expect(response.headers["Content-Security-Policy"] == "sandbox", "\(path)")
        }
    }

    @Test func mediaIsNotServedInProductionUnlessAsked() async throws {
        let client = try Self.makeClient(mode: .production)
        #expect(await client.get("/media/photo.txt").status == .notFound)
    }

    static func gunzip(_ bytes: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pony-\(UUID().uuidString).gz")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func nulBytesAreRejected() async throws {
        let response = await (try Self.makeClient()).get("/static/digits.txt%00.html")
        #expect(response.status == .badRequest)
    }

    @Test func publicFilesAreServedAtTheRootAfterRoutes() async throws {
        let client = try Self.makeClient()
        #expect(await client.get("/robots.txt").text == "from a route")
        let app = Pony(file: client.site.settings.baseDirectory + "/other.swift")
        #expect(await (try TestClient(app)).get("/robots.txt").text == "User-agent: *")
    }
}
