import Foundation
import Pony
import PonyPostgres
import PonySQLite
import PonyTesting
import Testing

@testable import PonyAuth

/// `app.install(.sites(), .redirects(), .flatPages())` answers as Django 5.2's
/// `django.contrib.sites`, `redirects` and `flatpages` do for the same rows: the status,
/// `Location` and (for pages) body of 47 requests, with the fallback middleware, with the
/// pages under a prefix, and with the site chosen by the request's host, `{% get_flatpages %}`
/// for a visitor and a user, the flat pages' sitemap, a stored redirect before `APPEND_SLASH`,
/// POSTs to pages with CSRF checks enforced (403 without a token), and the tag's syntax errors (fixture
/// `sites.json`, from `generate_sites.py` and real Django), on SQLite and PostgreSQL.
@Suite struct SitesTests {
    struct Fixture: Decodable {
        struct SiteRow: Decodable {
            let id: Int32
            let domain: String
            let name: String
        }
        struct RedirectRow: Decodable {
            let site: Int32
            let old: String
            let new: String
        }
        struct PageRow: Decodable {
            let url: String
            let title: String
            let content: String
            let registrationRequired: Bool
            let templateName: String
            let sites: [Int32]
            enum CodingKeys: String, CodingKey {
                case url, title, content, sites
                case registrationRequired = "registration_required"
                case templateName = "template_name"
            }
        }
        struct Case: Decodable {
            let setup: String
            let method: String
            let host: String
            let path: String
            let status: Int
            let location: String?
            let body: String
            let user: String?
            let csrfToken: String?
            enum CodingKeys: String, CodingKey {
                case setup, method, host, path, status, location, body, user
                case csrfToken = "csrf_token"
            }
        }
        struct BadTag: Decodable {
            let template: String
            let message: String
        }
        let templates: [String: String]
        let sites: [SiteRow]
        let redirects: [RedirectRow]
        let pages: [PageRow]
        let cases: [Case]
        let badTags: [BadTag]
        enum CodingKeys: String, CodingKey {
            case templates, sites, redirects, pages, cases
            case badTags = "bad_tags"
        }
    }

    static func fixture() throws -> Fixture {
        let url = try #require(
            Bundle.module.url(forResource: "sites.json", withExtension: nil, subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The app of a set-up, as the fixture's Django settings have it.
    static func client(_ setup: String, templates: [String: String]) throws -> TestClient {
        let app = Pony()
        for name in ["flatpages/custom.html", "menu.html"] { app.templates[name] = templates[name] }
        app.get("hello/") { _ in "hello" }
        app.get("menu/") { request in try render(request, "menu.html", ["prefix": "/s"]) }
        app.install(.sessions(), .contentTypes(), .auth())
        switch setup {
        case "fallback": app.install(.sites(), .redirects(), .flatPages(), .sitemaps(["flatpages": .flatPages()]))
        case "prefix": app.install(.sites(), .flatPages(path: "pages/"))
        default: app.install(.sites(id: nil), .flatPages())
        }
        return try TestClient(
            app, mode: .production,
            environment: ["PONY_ALLOWED_HOSTS": "testserver,other.test,example.com,unknown.test"])
    }

    /// The apps' tables, migrated as `migrate` does (with the default site), and the
    /// fixture's rows.
    static func withRows(_ fixture: Fixture, postgreSQL: Bool, _ body: () async throws -> Void) async throws {
        let apps: [AppConfig] = [.contentTypes, .auth, .sessions, .sites, .redirects, .flatPages]
        try await PostgresDatabase.withTestDatabase(
            postgreSQL: postgreSQL, otherwise: { try await SQLiteDatabase.open(.memory) }
        ) { database in
            try await ORM.using(database, models: apps.flatMap(\.models)) {
                try await MigrationExecutor(
                    database: database, apps: apps.map { ($0.label, $0.migrations) }, app: "flatpages"
                ).migrate()
                try await App.sites().afterMigrate()
                try await App.sites().afterMigrate()  // a second `migrate` adds nothing
                var ann = User(password: "", username: "ann")
                await ann.setPassword(
                    "pw-ann", hashers: PasswordHashers(preferred: PBKDF2PasswordHasher.sha256.with(iterations: 1000)))
                try await ann.save()
                for row in fixture.sites where row.id != 1 {
                    let site = try await Sites.Site(domain: row.domain, name: row.name).save()
                    #expect(site.id == row.id, "the sequence continues after the default site")
                }
                #expect(try await Sites.Site.objects.count() == fixture.sites.count)
                for row in fixture.redirects {
                    try await Redirect(site: ForeignKey(id: Int64(row.site)), oldPath: row.old, newPath: row.new).save()
                }
                for row in fixture.pages {
                    var page = FlatPage(
                        url: row.url, title: row.title, content: row.content, templateName: row.templateName,
                        registrationRequired: row.registrationRequired)
                    try await page.save()
                    let sites = try await Sites.Site.objects.filter("id__in", row.sites.map { Int($0) }).fetch()
                    try await page.related(\.sites).add(sites)
                }
                try await body()
            }
        }
    }

    @Test(arguments: testBackends) func answersAsDjangos(postgreSQL: Bool) async throws {
        let fixture = try Self.fixture()
        #expect(fixture.cases.count == 47)
        let clients = try ["fallback", "prefix", "host"].map { ($0, try Self.client($0, templates: fixture.templates)) }
        try await Self.withRows(fixture, postgreSQL: postgreSQL) {
            for django in fixture.cases {
                let client = try #require(clients.first { $0.0 == django.setup }?.1)
                if let user = django.user {
                    let login = await client.post(
                        "/accounts/login/", form: ["username": user, "password": "pw-\(user)"])
                    #expect(login.status == .found)
                }
                let response: TestResponse
                if django.method == "POST" {
                    // With CSRF checks enforced, as Django's `render_flatpage` enforces them.
                    client.enforceCSRFChecks = true
                    client.cookies = django.csrfToken.map { ["csrftoken": $0] } ?? [:]
                    let form: QueryDict = django.csrfToken.map { ["csrfmiddlewaretoken": $0] } ?? [:]
                    response = await client.post(django.path, form: form)
                    client.enforceCSRFChecks = false
                    client.cookies = [:]
                } else {
                    let method: HTTPMethod = django.method == "HEAD" ? .head : .get
                    response = await client.request(method, django.path, headers: ["Host": django.host])
                }
                if django.user != nil { _ = await client.post("/accounts/logout/", form: QueryDict()) }
                let what = "\(django.setup) \(django.method) \(django.host)\(django.path)"
                #expect(response.status.code == django.status, "\(what)")
                #expect(response.headers["Location"] == django.location, "\(what)")
                if django.status == 200 { #expect(response.text == django.body, "\(what)") }
            }
        }
    }

    /// A `get_flatpages` tag Django refuses is a syntax error with Django's message.
    @Test func getFlatPagesSyntaxErrorsAreDjangos() async throws {
        let fixture = try Self.fixture()
        #expect(fixture.badTags.count == 5)
        for bad in fixture.badTags {
            let app = Pony()
            app.install(.sites(), .flatPages())
            app.templates["bad.html"] = bad.template
            app.get("bad/") { request in try render(request, "bad.html") }
            let page = try await TestClient(app, recordsServerErrors: false).get("/bad/")
            #expect(page.status == .internalServerError, "\(bad.template)")
            #expect(page.text.contains(GenericViewTests.escaped(bad.message)), "\(bad.template)")
        }
    }

    /// Paths and hosts no one should send reach the middleware and views without a 500: a
    /// long path, a protocol-relative one, control characters, hosts that are not hosts.
    @Test func hostileRequestsGetClearAnswers() async throws {
        let fixture = try Self.fixture()
        let fallback = try Self.client("fallback", templates: fixture.templates)
        let host = try Self.client("host", templates: fixture.templates)
        try await Self.withRows(fixture, postgreSQL: false) {
            let paths = [
                "/" + String(repeating: "a", count: 5000), "//evil.com/", "/about/%2e%2e/", "/%E2%80%AE/",
                "/about/?" + String(repeating: "q=1&", count: 2000), "/search?q=%00", "/'\"<x>/",
            ]
            for path in paths {
                let status = await fallback.get(path).status.code
                #expect([301, 400, 404, 414].contains(status), "\(path.prefix(40)): \(status)")
            }
            for name in ["", "[", "a:b:c", String(repeating: "x", count: 300)] {
                let status = await host.get("/other/", headers: ["Host": name]).status.code
                #expect([400, 404].contains(status), "\(name.prefix(40)): \(status)")
            }
            // Any port is a port to Django's host check; the domain is still other.test.
            #expect(await host.get("/other/", headers: ["Host": "other.test:99999999999999999999"]).status == .ok)
        }
    }

    /// The fallback runs inside CSRF protection, as Django lists it last: a page's form gets
    /// a token and the cookie it matches, and the POST it sends is answered; a POST with a
    /// stale token is refused.
    @Test func aPageFormPostsBackThroughTheFallback() async throws {
        let app = Pony()
        app.templates["flatpages/form.html"] =
            "<form method=post>{% csrf_token %}</form>{{ request.method }} {{ user.is_authenticated }}"
        app.install(.sessions(), .contentTypes(), .auth(), .sites(), .flatPages())
        let client = try TestClient(app)
        client.enforceCSRFChecks = true
        let fixture = try Self.fixture()
        try await Self.withRows(fixture, postgreSQL: false) {
            var page = FlatPage(url: "/form/", title: "Form", content: "", templateName: "flatpages/form.html")
            try await page.save()
            try await page.related(\.sites).add([try await Sites.Site.objects.get(pk: 1)])
            let get = await client.get("/form/")
            #expect(get.status == .ok)
            #expect(get.text.hasSuffix("GET False"))
            #expect(client.cookies["csrftoken"] != nil, "the token in the page set the cookie")
            let token = try #require(get.text.firstMatch(of: /value="([^"]+)"/)?.1)
            let post = await client.post("/form/", form: ["csrfmiddlewaretoken": String(token)])
            #expect(post.status == .ok)
            #expect(post.text.hasSuffix("POST False"))
            client.cookies["csrftoken"] = String(repeating: "B", count: 32)
            #expect(await client.post("/form/", form: ["csrfmiddlewaretoken": String(token)]).status == .forbidden)
            #expect(await client.post("/no-page/", form: [:]).status == .notFound, "no page: the 404 stays")
        }
    }

    /// Django's `split_domain_port(host)[0]`.
    @Test func theDomainOfAHost() {
        #expect(Sites.domain(of: "Example.COM:8000") == "example.com")
        #expect(Sites.domain(of: "example.com.") == "example.com")
        #expect(Sites.domain(of: "[::1]:80") == "[::1]")
        #expect(Sites.domain(of: "[::1") == "")
        #expect(Sites.domain(of: "") == "")
    }

    /// Without the sites app, the current site is the request's host, not stored (Django's
    /// `RequestSite`).
    @Test func withoutTheAppTheSiteIsTheHost() async throws {
        let app = Pony()
        app.get("site/") { request in
            let site = try await Sites.current(request)
            return "\(site.domain) \(site.name) \(site.id.map(String.init) ?? "none")"
        }
        let client = try TestClient(app)
        #expect(await client.get("site/").text == "testserver testserver none")
    }

    /// `migrate` makes the site `example.com` once, under the app's `id:`.
    @Test func migrateMakesTheDefaultSiteOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-sites-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let app = Pony(database: "sqlite:///sites.sqlite3", file: directory.appendingPathComponent("sites.swift").path)
        app.install(.sites(id: 5), .redirects(), .flatPages())
        #expect(await app.main(["migrate"]) == 0)
        #expect(await app.main(["migrate"]) == 0)
        let database = try await SQLiteDatabase.open(.file(directory.appendingPathComponent("sites.sqlite3").path))
        let rows = try await database.query("SELECT id, domain, name FROM django_site", [])
        #expect(rows.map(\.values) == [[.integer(5), .text("example.com"), .text("example.com")]])
        try await database.close()
    }
}
