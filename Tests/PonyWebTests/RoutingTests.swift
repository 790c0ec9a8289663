import Foundation
import Pony
import PonyTesting
import Testing

@Suite struct RoutingTests {
    /// A small site touching every routing feature.
    static func makeApp() -> Pony {
        let app = Pony()
        app.route("/", name: "home") { _ in "home" }
        app.get("about/", name: "about") { _ in "about" }
        app.get("posts/<int:pk>/", name: "post") { request in "post \(try request.parameter("pk", as: Int.self))" }
        app.get("tags/<slug:tag>/", name: "tag") { request in "tag \(try request.parameter("tag", as: String.self))" }
        app.get("users/<str:name>/", name: "user") { request in "user \(request.parameters["name"]!)" }
        app.get("things/<uuid:id>/", name: "thing") { request in "thing \(try request.parameter("id", as: UUID.self))" }
        app.get("files/<path:rest>", name: "file") { request in "file \(request.parameters["rest"]!)" }
        app.rePath(#"^archive/(?<year>[0-9]{4})/$"#, name: "archive") { request in "year \(request.parameters["year"]!)"
        }
        app.converter(PathConverter(name: "yyyy", regex: "[0-9]{4}"))
        app.get("by-year/<yyyy:year>/", name: "by-year") { request in "by-year \(request.parameters["year"]!)" }
        app.get("items/") { _ in "list" }
        app.post("items/") { _ in Response.text("created", status: .created) }
        app.group("blog/", namespace: "blog") { blog in
            blog.get("", name: "index") { _ in "blog index" }
            blog.get("<slug:slug>/", name: "entry") { request in "entry \(request.parameters["slug"]!)" }
        }
        app.include(
            "api/",
            [.path("ping", methods: [.get], name: "ping") { _ in Response.text("pong") }],
            namespace: "api")
        return app
    }

    @Test(arguments: [
        ("/", "home"), ("/about/", "about"), ("/posts/42/", "post 42"), ("/tags/swift-6_ok/", "tag swift-6_ok"),
        ("/users/J%C3%BCrgen/", "user Jürgen"),
        ("/things/075194d3-6885-417e-a8a8-6c931e272f00/", "thing 075194D3-6885-417E-A8A8-6C931E272F00"),
        ("/files/a/b/c.txt", "file a/b/c.txt"), ("/archive/2024/", "year 2024"), ("/by-year/1999/", "by-year 1999"),
        ("/blog/", "blog index"), ("/blog/hello-world/", "entry hello-world"), ("/api/ping", "pong"),
    ])
    func resolvesPaths(path: String, body: String) async throws {
        let client = try TestClient(Self.makeApp())
        let response = await client.get(path)
        #expect(response.status == .ok, "\(path)")
        #expect(response.text == body)
    }

    @Test(arguments: [
        "/posts/abc/", "/posts/-1/", "/tags/no spaces/", "/things/075194D3-6885-417E-A8A8-6C931E272F00/",
        "/files/", "/archive/24/", "/by-year/19999/", "/users//", "/nothing",
    ])
    func rejectsNonMatchingPaths(path: String) async throws {
        let response = await (try TestClient(Self.makeApp())).get(path)
        #expect(response.status == .notFound, "\(path)")
    }

    @Test func intConverterOverflowIsNotFound() async throws {
        let response = await (try TestClient(Self.makeApp())).get("/posts/99999999999999999999999/")
        #expect(response.status == .notFound)
    }

    @Test func reversesNamesWithNamespacesAndEncoding() throws {
        let app = Self.makeApp()
        #expect(try app.reverse("home") == "/")
        #expect(try app.reverse("post", ["pk": 7]) == "/posts/7/")
        #expect(try app.reverse("blog:entry", ["slug": "first"]) == "/blog/first/")
        #expect(try app.reverse("api:ping") == "/api/ping")
        #expect(try app.reverse("user", ["name": "a b"]) == "/users/a%20b/")
        // str excludes "/", as in Django.
        #expect(throws: NoReverseMatch.self) { try app.reverse("user", ["name": "a/b"]) }
        #expect(try app.reverse("file", ["rest": "x/y z"]) == "/files/x/y%20z")
        #expect(try app.reverse("archive", ["year": 2024]) == "/archive/2024/")
        #expect(try app.reverse("by-year", ["year": "2001"]) == "/by-year/2001/")
    }

    /// Django 5.2.19's `reverse()` for these `re_path`s (run in this session) gave the paths
    /// expected here: optional groups are left out when their arguments are not given.
    @Test func reversesRegexesWithOptionalGroupsAsDjango() throws {
        let app = Pony()
        app.rePath(#"^archive/(?P<year>[0-9]{4})/(?:(?P<month>[0-9]{2})/)?$"#, name: "archive") { _ in "" }
        app.rePath(#"^opt/(?P<a>x+)?b?/(?:c)?d$"#, name: "opt") { _ in "" }
        app.rePath(#"^p(?:-(?P<page>[0-9]+))*/$"#, name: "pages") { _ in "" }
        app.rePath(#"^either/(a|b)/$"#, name: "either") { _ in "" }
        #expect(try app.reverse("archive", ["year": "2024"]) == "/archive/2024/")
        #expect(try app.reverse("archive", ["year": "2024", "month": "05"]) == "/archive/2024/05/")
        #expect(throws: NoReverseMatch.self) { try app.reverse("archive", ["year": "2024", "month": "5"]) }
        #expect(try app.reverse("opt") == "/opt//d")
        #expect(try app.reverse("opt", ["a": "xx"]) == "/opt/xx/d")
        #expect(try app.reverse("pages") == "/p/")
        #expect(try app.reverse("pages", ["page": 3]) == "/p-3/")
        #expect(throws: NoReverseMatch.self) { try app.reverse("either") }
    }

    @Test func reverseErrorsNameWhatWasTried() throws {
        let app = Self.makeApp()
        let missing = #expect(throws: NoReverseMatch.self) { try app.reverse("nope") }
        #expect(missing?.description.contains("'nope' not found") == true)
        let wrong = #expect(throws: NoReverseMatch.self) { try app.reverse("post", ["pk": "abc"]) }
        #expect(wrong?.description.contains("posts/<int:pk>/") == true)
        #expect(throws: NoReverseMatch.self) { try app.reverse("post") }
        #expect(throws: NoReverseMatch.self) { try app.reverse("by-year", ["year": "99"]) }
    }

    @Test func methodsGet405WithAllow() async throws {
        let client = try TestClient(Self.makeApp())
        #expect(await client.get("/items/").text == "list")
        #expect(await client.post("/items/", form: [:]).status == .created)
        let deleted = await client.request(.delete, "/items/")
        #expect(deleted.status == .methodNotAllowed)
        #expect(deleted.headers["Allow"] == "GET, HEAD, POST")
    }

    @Test func headAnswersLikeGetWithoutBody() async throws {
        let client = try TestClient(Self.makeApp())
        let head = await client.request(.head, "/about/")
        #expect(head.status == .ok)
        #expect(head.body.isEmpty)
    }

    @Test func appendSlashRedirects() async throws {
        let client = try TestClient(Self.makeApp())
        let redirect = await client.get("/about?x=1")
        #expect(redirect.status == .movedPermanently)
        #expect(redirect.headers["Location"] == "/about/?x=1")
        let followed = await client.get("/blog/hello", followRedirects: true)
        #expect(followed.text == "entry hello")
        #expect(followed.redirectChain.map(\.location) == ["/blog/hello/"])
        // Other methods keep their body with 308.
        #expect(await client.post("/items", form: ["a": "1"]).status == .permanentRedirect)
        // No redirect when the slashed path does not exist either.
        #expect(await client.get("/missing").status == .notFound)
    }

    @Test func appendSlashNeverRedirectsOffSite() async throws {
        let app = Pony()
        app.get("<path:rest>/") { _ in "catch-all" }
        let response = await (try TestClient(app)).get("//evil.com")
        #expect(response.status == .movedPermanently)
        #expect(response.headers["Location"] == "/%2Fevil.com/")
    }

    @Test func appendSlashCanBeTurnedOff() async throws {
        let app = Pony(appendSlash: false)
        app.get("about/") { _ in "about" }
        #expect(await (try TestClient(app)).get("/about").status == .notFound)
    }

    @Test func leadingSlashIsOptional() async throws {
        let app = Pony()
        app.get("/with/") { _ in "with" }
        app.get("without/") { _ in "without" }
        let client = try TestClient(app)
        #expect(await client.get("/with/").text == "with")
        #expect(await client.get("/without/").text == "without")
    }

    @Test func firstMatchingPatternWinsInOrder() async throws {
        let app = Pony()
        app.get("<str:any>/") { _ in "dynamic" }
        app.get("fixed/") { _ in "static" }
        #expect(await (try TestClient(app)).get("/fixed/").text == "dynamic")
    }

    @Test func invalidPatternsFailAtStartupWithTheirLocation() throws {
        let app = Pony()
        app.get("x/<nope:id>/") { _ in "" }
        let error = #expect(throws: ConfigurationError.self) { try app.makeSite(mode: .development, environment: [:]) }
        #expect(error?.message.contains("Unknown path converter \"nope\"") == true)
        #expect(error?.message.contains("int, path, slug, str, uuid") == true)
        #expect(error?.file?.hasSuffix("RoutingTests.swift") == true)
        #expect(error?.id == "urls.E001")
    }

    @Test func regexRoutesInsideIncludes() async throws {
        let app = Pony()
        app.include(
            "v1/", [.rePath(#"^items/(?<id>[0-9]+)$"#, name: "item") { request in "item \(request.parameters["id"]!)" }]
        )
        let client = try TestClient(app)
        #expect(await client.get("/v1/items/12").text == "item 12")
        #expect(try app.reverse("item", ["id": 12]) == "/v1/items/12")
    }
}

/// Django 5.2's `reverse(…, query=…, fragment=…)`: the same paths as Django gives for these
/// arguments (a query string in Python's `urlencode` encoding, none for an empty query, the
/// fragment as given).
@Suite struct ReverseQueryTests {
    @Test func queryAndFragmentFollowThePath() async throws {
        let app = Pony()
        app.get("search/<str:scope>/", name: "search") { request in
            try request.reverse("search", ["scope": "x"], query: ["q": "a"], fragment: "f")
        }
        #expect(
            try app.reverse("search", ["scope": "all"], query: ["q": "pony & swift", "page": "2"], fragment: "top")
                == "/search/all/?q=pony+%26+swift&page=2#top")
        let query = QueryDict([("tag", "a"), ("tag", "é/ü"), ("next", "/a?b=c")])
        #expect(
            try app.reverse("search", ["scope": "x"], query: query)
                == "/search/x/?tag=a&tag=%C3%A9%2F%C3%BC&next=%2Fa%3Fb%3Dc")
        #expect(try app.reverse("search", ["scope": "x"], query: [:], fragment: "") == "/search/x/#")
        #expect(try app.reverse("search", ["scope": "x"], fragment: "a b") == "/search/x/#a b")
        #expect(
            try app.reverse("search", ["scope": "x"], query: ["~-_.*": "'!()"]) == "/search/x/?~-_.%2A=%27%21%28%29")
        #expect(await (try TestClient(app)).get("/search/y/").text == "/search/x/?q=a#f")
    }
}
