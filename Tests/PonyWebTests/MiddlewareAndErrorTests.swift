import Foundation
import Pony
import PonyTesting
import Testing

/// Records the order middleware runs in.
struct Tag: Middleware {
    let name: String
    func respond(to request: Request, next: Next) async throws -> Response {
        var response = try await next(request)
        response.headers.add("X-Trail", name)
        return response
    }
}

struct Refuse: Middleware {
    func respond(to request: Request, next: Next) async throws -> Response {
        if request.query["block"] != nil { throw HTTPError.forbidden("blocked by middleware") }
        return try await next(request)
    }
}

struct Boom: Error {}

@Suite struct MiddlewareTests {
    @Test func runInOrderAndSeeErrorsAsResponses() async throws {
        let app = Pony()
        app.middleware(Tag(name: "outer"))
        app.middleware(Tag(name: "inner"))
        app.middleware(Refuse())
        app.middleware { request, next in
            guard request.path != "/short-circuit/" else { return Response.text("early") }
            return try await next(request)
        }
        app.get("ok/") { _ in "ok" }
        app.get("fail/") { _ -> Response in throw Boom() }
        let client = try TestClient(app, recordsServerErrors: false)
        let ok = await client.get("/ok/")
        #expect(ok.headers.values(for: "X-Trail") == ["inner", "outer"])
        let failed = await client.get("/fail/")
        #expect(failed.status == .internalServerError)
        #expect(failed.headers.values(for: "X-Trail") == ["inner", "outer"])
        let blocked = await client.get("/ok/?block=1")
        #expect(blocked.status == .forbidden)
        #expect(blocked.headers.values(for: "X-Trail") == ["inner", "outer"])
        #expect(await client.get("/short-circuit/").text == "early")
    }

    @Test func securityHeadersAreOnEveryResponse() async throws {
        let app = Pony()
        app.get("page/") { _ in "page" }
        app.get("framed/") { _ in
            var response = Response.html("framed")
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
            return response
        }
        let client = try TestClient(app)
        for path in ["/page/", "/missing/"] {
            let response = await client.get(path)
            #expect(response.headers["X-Frame-Options"] == "DENY")
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["Referrer-Policy"] == "same-origin")
            #expect(response.headers["Cross-Origin-Opener-Policy"] == "same-origin")
        }
        #expect(await client.get("/framed/").headers["X-Frame-Options"] == "SAMEORIGIN")
    }

    @Test func allowedHostsAreEnforced() async throws {
        let app = Pony(allowedHosts: [".example.com", "api.test"])
        app.get("") { _ in "hi" }
        let client = try TestClient(app)
        for host in ["example.com", "www.example.com", "EXAMPLE.com:8000", "api.test"] {
            #expect(await client.get("/", headers: ["Host": host]).status == .ok, "\(host)")
        }
        for host in ["evil.com", "example.com.evil.com", "api.test.evil", "bad host", "x:y:z", ""] {
            let response = await client.get("/", headers: ["Host": host])
            #expect(response.status == .badRequest, "\(host)")
        }
        let refused = await client.get("/", headers: ["Host": "evil.com"])
        #expect(refused.text.contains("add &#x27;evil.com&#x27; to ALLOWED_HOSTS"))
    }
}

@Suite struct ErrorPageTests {
    static func makeApp() -> Pony {
        let app = Pony()
        app.get("boom/", name: "boom") { _ -> Response in
            throw Boom()
        }
        app.get("gone/") { _ -> Response in
            throw HTTPError.notFound("No such task.")
        }
        return app
    }

    @Test func debugPagesShowDetailsAndSource() async throws {
        let client = try TestClient(Self.makeApp(), mode: .development, recordsServerErrors: false)
        let crash = await client.get("/boom/?x=1", headers: ["Cookie": "sessionid=secret"])
        #expect(crash.status == .internalServerError)
        #expect(crash.text.contains("PonyWebTests.Boom at /boom/"))
        #expect(crash.text.contains("ErrorPageTests") || crash.text.contains("MiddlewareAndErrorTests.swift"))
        #expect(crash.text.contains("throw Boom()"))
        #expect(crash.text.contains("[name=&#x27;boom&#x27;]"))
        #expect(!crash.text.contains("secret"))
        let notFound = await client.get("/nowhere/")
        #expect(notFound.status == .notFound)
        #expect(notFound.text.contains("Page not found (404)"))
        #expect(notFound.text.contains("<li>boom/ [name=&#x27;boom&#x27;]</li>"))
        #expect(notFound.text.contains("The current path, <code>nowhere/</code>, didn't match"))
        let gone = await client.get("/gone/")
        #expect(gone.status == .notFound)
        #expect(gone.text.contains("No such task."))
        #expect(gone.text.contains("Raised at"))
    }

    @Test func productionPagesGiveNothingAway() async throws {
        let client = try TestClient(Self.makeApp(), mode: .production, recordsServerErrors: false)
        let crash = await client.get("/boom/")
        #expect(crash.status == .internalServerError)
        #expect(crash.text.contains("<h1>Server Error (500)</h1>"))
        #expect(!crash.text.contains("Boom"))
        let notFound = await client.get("/nowhere/")
        #expect(notFound.text.contains("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"))
        #expect(!notFound.text.contains("boom/"))
        #expect(!(await client.get("/gone/")).text.contains("No such task"))
    }

    @Test func appTemplatesReplaceProductionPages() async throws {
        let app = Self.makeApp()
        app.templates["404.html"] = "<h1>Lost at {{ request_path }}</h1>"
        app.templates["500.html"] = "{% if %}broken"
        let client = try TestClient(app, mode: .production, recordsServerErrors: false)
        let notFound = await client.get("/no%3Cwhere/")
        #expect(notFound.status == .notFound)
        #expect(notFound.text == "<h1>Lost at /no%3Cwhere/</h1>")
        // A 500.html that fails to render falls back to Django's page.
        let crash = await client.get("/boom/")
        #expect(crash.status == .internalServerError)
        #expect(crash.text.contains("<h1>Server Error (500)</h1>"))
    }
}

@Suite struct SettingsTests {
    @Test func listSettingsReplaceAddAndRemove() {
        let defaults = ["a", "b"]
        #expect((["x"] as ListSetting<String>).resolve(defaults) == ["x"])
        #expect(ListSetting<String>.adding("c", "a").resolve(defaults) == ["a", "b", "c"])
        #expect(ListSetting<String>.removing("a").resolve(defaults) == ["b"])
        #expect(ListSetting<String>.default.resolve(defaults) == defaults)
        #expect(ListSetting<String>.adding("c").then(.removing("a")).resolve(defaults) == ["b", "c"])
        #expect((["x"] as ListSetting<String>).then(.adding("y")).resolve(defaults) == ["x", "y"])
    }

    @Test func timeZoneShowsDatesInLocalTime() async throws {
        let app = Pony(timeZone: "Europe/Oslo")
        app.templates["when.html"] = "{{ when|date:'Y-m-d H:i T O' }}"
        app.get("when/") { request in try render(request, "when.html", ["when": Date(timeIntervalSince1970: 0)]) }
        #expect(await (try TestClient(app)).get("/when/").text == "1970-01-01 01:00 CET +0100")
        let overridden = try TestClient(app, environment: ["PONY_TIME_ZONE": "America/New_York"])
        #expect(await overridden.get("/when/").text == "1969-12-31 19:00 EST -0500")
        #expect(throws: ConfigurationError.self) { try Settings(timeZone: "Mars/Olympus").resolved(for: .development) }
    }

    /// A view answering an htmx request with one partial of its page (Django 6.0's
    /// `render(request, "page.html#row")`), the whole page otherwise.
    @Test func aViewRendersOnePartialOfAPage() async throws {
        let app = Pony()
        app.templates["tasks.html"] =
            "<ul>{% for task in tasks %}{% partialdef row inline %}<li>{{ task }}</li>{% endpartialdef %}{% endfor %}</ul>"
        app.get("tasks/") { request in
            let name = request.headers["HX-Request"] == "true" ? "tasks.html#row" : "tasks.html"
            return try render(request, name, ["tasks": ["<a>", "b"], "task": "new"])
        }
        let client = try TestClient(app)
        #expect(await client.get("/tasks/").text == "<ul><li>&lt;a&gt;</li><li>b</li></ul>")
        #expect(await client.get("/tasks/", headers: ["HX-Request": "true"]).text == "<li>new</li>")
    }

    static let strongKey = "q7#Vr2!pL9zR4wXe8TbN1mYs6HcJ0dFgAuKoQiWlEr5tZyPxCv3B"

    @Test func modesHaveNanodjangoDefaults() throws {
        let run = try Settings().resolved(for: .development)
        #expect(run.debug)
        #expect(run.allowedHosts == [".localhost", "127.0.0.1", "[::1]"])
        #expect(run.secretKey == Settings.developmentSecretKey)
        let serve = try Settings(secretKey: Self.strongKey, allowedHosts: ["example.com"]).resolved(for: .production)
        #expect(!serve.debug)
        #expect(serve.allowedHosts == ["example.com"])
    }

    @Test func serveRefusesUnsafeSettings() throws {
        let noKey = #expect(throws: ConfigurationError.self) {
            try Settings(allowedHosts: ["example.com"]).resolved(for: .production)
        }
        #expect(noKey?.id == "security.E001")
        #expect(noKey?.message.contains("PONY_SECRET_KEY") == true)
        let noHosts = #expect(throws: ConfigurationError.self) {
            try Settings(secretKey: Self.strongKey).resolved(for: .production)
        }
        #expect(noHosts?.id == "security.E002")
    }

    @Test func environmentOverridesCode() throws {
        let settings = try Settings(debug: true, allowedHosts: ["a.com"]).applyingEnvironment([
            "PONY_DEBUG": "0", "PONY_SECRET_KEY": Self.strongKey, "PONY_ALLOWED_HOSTS": "+b.com,-a.com",
            "PONY_BASE_DIR": "/srv/app",
        ])
        let resolved = try settings.resolved(for: .production)
        #expect(!resolved.debug)
        #expect(resolved.secretKey == Self.strongKey)
        #expect(resolved.allowedHosts == ["b.com"])
        #expect(resolved.baseDirectory == "/srv/app")
        #expect(throws: ConfigurationError.self) { try Settings().applyingEnvironment(["PONY_DEBUG": "maybe"]) }
    }

    @Test func baseDirectoryIsTheAppFilesFolder() {
        let app = Pony(file: "/srv/site/counter.swift")
        #expect(app.name == "counter")
        #expect(app.settings.baseDirectory == "/srv/site")
    }
}
