import Foundation
import Pony
import PonySQLite
import PonyTesting
import Testing

@Model(ordering: ["id"])
struct Post {
    @Field(maxLength: 50) var slug: String
    var updated: Date
}

/// `app.install(.sitemaps(…))` answers as Django 5.2's `django.contrib.sitemaps` does: the
/// same bytes, status, `Content-Type`, `X-Robots-Tag` and `Last-Modified` for the same
/// sitemaps, and the same 404s (fixture `sitemaps.json`, from `generate_sitemaps.py` and real
/// Django), with the posts from a list and from a query.
@Suite struct SitemapTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let path: String
            let status: Int
            let headers: [String: String]
            let body: String
            let message: String?
        }
        let cases: [Case]
    }

    static let posts: [(slug: String, updated: Date)] = [
        ("hello", Date(timeIntervalSince1970: 1_704_164_645)),  // 2024-01-02 03:04:05 UTC
        ("second", Date(timeIntervalSince1970: 1_710_028_799)),  // 2024-03-09 23:59:59 UTC
        ("third", Date(timeIntervalSince1970: 1_703_980_800)),  // 2023-12-31 00:00:00 UTC
    ]

    /// The apps that serve the fixture's paths: both sections at `/sitemap.xml`, the posts
    /// alone at `/posts.xml`, and an index at `/index.xml`.
    static func clients(posts: Sitemap) throws -> [(prefix: String, client: TestClient)] {
        let pages = Sitemap(["/", "/about/?a=1&b=2"]) { SitemapURL($0, priority: $0 == "/" ? 1.0 : nil) }
        func client(_ app: App) throws -> TestClient {
            let pony = Pony()
            pony.install(app)
            return try TestClient(pony, mode: .production)
        }
        return [
            ("/sitemap.xml", try client(.sitemaps(["posts": posts, "pages": pages]))),
            ("/posts.xml", try client(.sitemaps(["posts": posts], path: "posts.xml"))),
            ("/", try client(.sitemaps(["posts": posts, "pages": pages], path: "index.xml", index: true))),
        ]
    }

    static func checkAgainstDjango(posts: Sitemap) async throws {
        let url = try #require(
            Bundle.module.url(forResource: "sitemaps.json", withExtension: nil, subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.cases.count == 12)
        let clients = try Self.clients(posts: posts)
        for django in fixture.cases {
            let client = try #require(clients.first { django.path.hasPrefix($0.prefix) }?.client)
            let response = await client.get(django.path)
            #expect(response.status.code == django.status, "\(django.path)")
            if django.status == 200 {
                #expect(response.text == django.body, "\(django.path)")
                for name in ["Content-Type", "X-Robots-Tag", "Last-Modified"] {
                    #expect(response.headers[name] == django.headers[name], "\(django.path): \(name)")
                }
            }
        }
        // The 404s say why, as Django's do, on the DEBUG page.
        let debug = try TestClient(
            {
                let pony = Pony()
                pony.install(.sitemaps(["posts": posts], path: "index.xml", index: true))
                return pony
            }())
        for django in fixture.cases where django.path.hasPrefix("/sitemap-") && django.status == 404 {
            let message = try #require(django.message)
            let escaped = message.replacingOccurrences(of: "'", with: "&#x27;")
            #expect(await debug.get(django.path).text.contains(escaped), "\(django.path): \(message)")
        }
    }

    @Test func listsAnswerAsDjangos() async throws {
        let posts = Sitemap(items: { Self.posts }, changefreq: .weekly, priority: 0.5, limit: 2) { post in
            SitemapURL("/posts/\(post.slug)/", lastmod: post.updated)
        }
        try await Self.checkAgainstDjango(posts: posts)
    }

    @Test func queriesAnswerAsDjangos() async throws {
        try await withModelDatabase([Post.self]) {
            for post in Self.posts { _ = try await Post.objects.create(Post(slug: post.slug, updated: post.updated)) }
            let posts = Sitemap(Post.objects.all(), changefreq: .weekly, priority: 0.5, limit: 2) { post in
                SitemapURL("/posts/\(post.slug)/", lastmod: post.updated)
            }
            try await Self.checkAgainstDjango(posts: posts)
        }
    }

    @Test func schemeItemValuesAndHostileParameters() async throws {
        let pony = Pony()
        pony.install(
            .sitemaps([
                "a": Sitemap(["/x/"], changefreq: .daily, priority: 0.3, scheme: "https") {
                    SitemapURL($0, changefreq: .never, priority: 0.25)
                }
            ]))
        let client = try TestClient(pony, mode: .production)
        let page = await client.get("/sitemap.xml")
        #expect(
            page.text.contains(
                "<url><loc>https://testserver/x/</loc><changefreq>never</changefreq><priority>0.25</priority></url>"))
        for query in ["%00", "99999999999999999999999", String(repeating: "9", count: 5000), "-1", "%FF"] {
            #expect(await client.get("/sitemap.xml?p=" + query).status == .notFound, "\(query.prefix(10))")
        }
        #expect(await client.get("/sitemap.xml?p=%D9%A1").status == .ok)
    }
}
