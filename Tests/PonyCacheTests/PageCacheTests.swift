import Foundation
import Pony
import PonyTesting
import PonyWeb
import Testing

@testable import PonyCache

/// `cache_page`: keys, headers and table from Django 5.2 (Fixtures/cache.json, written by
/// Fixtures/generate_cache.py), and its behaviour through the whole middleware chain.
@Suite struct PageCacheTests {
    struct Fixtures: Decodable {
        struct Key: Decodable {
            var key: String
            var prefix: String
            var version: Int
            var made: String
        }
        struct Page: Decodable {
            var target: String
            var host: String
            var headers: [String: String]
            var vary: String?
            var method: String
            var prefix: String
            var headerKey: String
            var pageKey: String
        }
        struct Patched: Decodable {
            var existing: String?
            var timeout: Int
            var cacheControl: String
        }
        var keys: [Key]
        var pages: [Page]
        var patched: [Patched]
        var tables: [String: String]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/cache", withExtension: "json")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    @Test func keysAreDjangos() {
        for key in Self.fixtures.keys {
            #expect(Cache(keyPrefix: key.prefix, version: key.version).makeKey(key.key) == key.made)
        }
    }

    @Test func pageKeysAreDjangos() async throws {
        for page in Self.fixtures.pages {
            var headers: Headers = ["Host": page.host]
            for (name, value) in page.headers { headers[name] = value }
            let request = try Request(method: HTTPMethod(rawValue: page.method), target: page.target, headers: headers)
            var response = Response(body: .text("x"))
            if let vary = page.vary { response.headers["Vary"] = vary }
            let pages = PageCache(cache: Cache(), timeout: 60, keyPrefix: page.prefix)
            #expect(pages.headerKey(request) == page.headerKey, "\(page.target)")
            #expect(try await pages.learn(request, response) == page.pageKey, "\(page.target) \(page.headers)")
        }
    }

    @Test func responseHeadersAreDjangos() {
        for patched in Self.fixtures.patched {
            var response = Response()
            if let existing = patched.existing { response.headers["Cache-Control"] = existing }
            response.patchResponseHeaders(timeout: patched.timeout)
            #expect(response.headers["Cache-Control"] == patched.cacheControl)
            #expect(response.headers["Expires"] != nil)
        }
    }

    @Test func cacheTableIsDjangos() {
        for (vendor, sql) in Self.fixtures.tables {
            let dialect: SQLDialect = vendor == "sqlite" ? .sqlite : .postgresql
            let statements = Cache.creationSQL(table: "my_cache_table", dialect: dialect)
            #expect(statements.map { $0 + ";\n" }.joined() == sql)
        }
    }

    /// A counter behind `cachePage`, with views that set what stops caching.
    static func app() -> (Pony, @Sendable () -> Int) {
        let app = Pony()
        let calls = Counter()
        let cached = app.cachePage(60)
        cached.get("/n") { request in
            calls.add()
            var response = Response(body: .text("call \(calls.value)"))
            if request.query["vary"] != nil { response.headers.addVary("Accept-Encoding") }
            return response
        }
        cached.route("/form", methods: [.get, .post]) { _ in
            calls.add()
            return "call \(calls.value)"
        }
        cached.get("/private") { _ in
            calls.add()
            var response = Response(body: .text("call \(calls.value)"))
            response.patchCacheControl(.private)
            return response
        }
        cached.get("/cookie") { _ in
            calls.add()
            var response = Response(body: .text("call \(calls.value)"))
            try response.setCookie("c", "1")
            response.headers.addVary("Cookie")
            return response
        }
        cached.get("/missing") { _ -> Response in
            calls.add()
            return Response(status: .notFound, body: .text("call \(calls.value)"))
        }
        return (app, { calls.value })
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func add() { lock.withLock { count += 1 } }
    }

    @Test func pagesAreAnsweredFromTheCache() async throws {
        let (app, calls) = Self.app()
        let client = try TestClient(app)
        let first = await client.get("/n")
        #expect(first.text == "call 1")
        #expect(first.headers["Cache-Control"] == "max-age=60")
        #expect(first.headers["Expires"] != nil)
        let second = await client.get("/n")
        #expect(second.text == "call 1")
        #expect(second.headers["Age"] == "0")
        #expect(await client.request(.head, "/n").status == .ok)
        #expect(calls() == 1)
        #expect(await client.get("/n?page=2").text == "call 2")  // another URL, another page
        #expect(await client.get("/n?page=2").text == "call 2")
        // Varying on Accept-Encoding: one page per value.
        #expect(await client.get("/n?vary=1", headers: ["Accept-Encoding": "gzip"]).text == "call 3")
        #expect(await client.get("/n?vary=1", headers: ["Accept-Encoding": "br"]).text == "call 4")
        #expect(await client.get("/n?vary=1", headers: ["Accept-Encoding": "gzip"]).text == "call 3")
        let authorized = await client.get("/n?auth=1", headers: ["Authorization": "Bearer x"])
        #expect(authorized.headers["Vary"] == "Authorization")
    }

    @Test func whatDjangoDoesNotCacheIsNotCached() async throws {
        let (app, calls) = Self.app()
        let client = try TestClient(app)
        for path in ["/private", "/cookie", "/missing"] {
            let one = await client.get(path).text
            let two = await client.get(path).text
            #expect(one != two, "\(path)")
        }
        _ = await client.post("/form", form: [:])
        _ = await client.post("/form", form: [:])
        #expect(calls() == 8)
        try await app.cache.clear()
        #expect(await client.get("/form").text == "call 9")
        #expect(await client.get("/form").text == "call 9")
    }

    @Test func anUnknownCacheIsAServerError() async throws {
        let app = Pony()
        app.cachePage(60, cache: "other").get("/") { _ in "x" }
        let unknown = try TestClient(app, recordsServerErrors: false)
        #expect(await unknown.get("/").status == .internalServerError)
        app.caches["other"] = Cache(.locMem())
        let known = try TestClient(app)
        #expect(await known.get("/").status == .ok)
    }
}
