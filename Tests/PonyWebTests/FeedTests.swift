import Foundation
import Pony
import PonyTesting
import Testing

/// `app.feed(…)` answers as Django 5.2's `django.contrib.syndication` does for the same feeds,
/// RSS and Atom: the same bytes, `Content-Type` and `Last-Modified` (fixture `feeds.json`,
/// from `generate_feeds.py` and real Django, which holds the feeds' descriptions too).
@Suite struct FeedTests {
    struct Fixture: Decodable {
        let cases: [Case]
    }

    struct Case: Decodable {
        let feed: FeedSpec
        let status: Int
        let headers: [String: String]
        let body: String
    }

    /// A feed as `generate_feeds.py` describes it to Django.
    struct FeedSpec: Decodable {
        let path: String
        let format: String
        let title: String
        let link: String
        let description: String
        let subtitle: String?
        let language: String?
        let author_name: String?
        let author_email: String?
        let author_link: String?
        let categories: [String]?
        let copyright: String?
        let guid: String?
        let ttl: Int?
        let feed_url: String?
        let items: [ItemSpec]

        var feed: Feed {
            Feed(
                format == "atom" ? .atom : .rss, title: title, link: link, description: description,
                subtitle: subtitle, language: language, authorName: author_name, authorEmail: author_email,
                authorLink: author_link, categories: categories ?? [], copyright: copyright, guid: guid, ttl: ttl,
                feedURL: feed_url, items: items.map(\.item))
        }
    }

    struct ItemSpec: Decodable {
        struct Enclosure: Decodable {
            let url: String
            let length: String
            let mime_type: String
        }
        let title: String
        let link: String
        let description: String?
        let pubdate: String?
        let updateddate: String?
        let author_name: String?
        let author_email: String?
        let author_link: String?
        let guid: String?
        let guid_is_permalink: Bool?
        let comments: String?
        let categories: [String]?
        let copyright: String?
        let enclosure: Enclosure?

        var item: FeedItem {
            FeedItem(
                title: title, link: link, description: description, pubdate: pubdate.map(Self.date),
                updateddate: updateddate.map(Self.date), authorName: author_name, authorEmail: author_email,
                authorLink: author_link, guid: guid, guidIsPermalink: guid_is_permalink, comments: comments,
                categories: categories ?? [], copyright: copyright,
                enclosure: enclosure.map {
                    FeedEnclosure(url: $0.url, length: Int($0.length) ?? 0, mimeType: $0.mime_type)
                })
        }

        /// `2024-03-10T08:00:00.250000+00:00` as a date, to the microsecond.
        static func date(_ text: String) -> Date {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            let whole = text.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)
            let base = formatter.date(from: whole) ?? .distantPast
            guard let dot = text.firstIndex(of: "."), let plus = text.lastIndex(of: "+") else { return base }
            let micros = Double(text[text.index(after: dot)..<plus]) ?? 0
            return Date(timeIntervalSince1970: base.timeIntervalSince1970 + micros / 1_000_000)
        }
    }

    static func fixture() throws -> [Case] {
        let url = try #require(
            Bundle.module.url(forResource: "feeds.json", withExtension: nil, subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    @Test func feedsAreDjangos() async throws {
        let cases = try Self.fixture()
        #expect(cases.count == 5)
        let app = Pony()
        for django in cases {
            let feed = django.feed.feed
            app.feed(django.feed.path) { _ in feed }
        }
        let client = try TestClient(app, mode: .production, recordsServerErrors: false)
        for django in cases {
            let response = await client.get(django.feed.path)
            #expect(response.status.code == django.status, "\(django.feed.path)")
            guard django.status == 200 else { continue }
            #expect(response.text == django.body, "\(django.feed.path)")
            #expect(response.headers["Content-Type"] == django.headers["Content-Type"], "\(django.feed.path)")
            #expect(response.headers["Last-Modified"] == django.headers["Last-Modified"], "\(django.feed.path)")
        }
    }

    @Test func feedsFollowTheRequestAndItsParameters() async throws {
        let app = Pony()
        app.settings.secureProxySSLHeader = Settings.ProxyHeader(name: "X-Forwarded-Proto", value: "https")
        app.feed("tags/<str:tag>/feed/") { request in
            let tag = try request.parameter("tag", as: String.self)
            guard tag != "missing" else { throw HTTPError.notFound("Feed object does not exist.") }
            return Feed(.atom, title: "Tagged \(tag)", link: "/tags/\(tag)/", items: [1, 2]) {
                FeedItem(title: "Post \($0)", link: "/posts/\($0)/")
            }
        }
        let client = try TestClient(app, mode: .production)
        let secure = await client.get("/tags/swift/feed/", headers: ["X-Forwarded-Proto": "https"])
        #expect(secure.text.contains(#"<link href="https://testserver/tags/swift/" rel="alternate"/>"#))
        #expect(secure.text.contains(#"<link href="https://testserver/tags/swift/feed/" rel="self"/>"#))
        #expect(secure.text.contains("<id>https://testserver/posts/2/</id>"))
        // Without dates, no Last-Modified, and `updated` is now (Django's `latest_post_date`).
        #expect(secure.headers["Last-Modified"] == nil)
        #expect(secure.text.contains("<updated>\(Calendar(identifier: .gregorian).component(.year, from: Date()))-"))
        #expect(await client.get("/tags/missing/feed/").status == .notFound)
    }

    @Test func hostileDatesAreWrittenAsPythonWritesTheLimits() async throws {
        let dates: [Double] = [-0.5, 1e300, -1e300, .nan, .infinity, -62_135_596_800]
        let app = Pony()
        app.feed("atom/") { _ in
            Feed(.atom, title: "t", link: "/", items: dates) {
                FeedItem(title: "x", link: "/", pubdate: Date(timeIntervalSince1970: $0))
            }
        }
        app.feed("rss/") { _ in
            Feed(title: "t", link: "/", items: dates) {
                FeedItem(title: "x", link: "/", pubdate: Date(timeIntervalSince1970: $0))
            }
        }
        // Text XML 1.0 cannot hold is an error (a 500), as Django's UnserializableContentError.
        app.feed("bell/") { _ in Feed(title: "\u{7}", link: "/", items: []) }
        let client = try TestClient(app, mode: .production, recordsServerErrors: false)
        let atom = await client.get("/atom/").text
        for published in [
            "1969-12-31T23:59:59.500000+00:00", "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00",
            "1970-01-01T00:00:00+00:00",
        ] {
            #expect(atom.contains("<published>\(published)</published>"), "\(published)")
        }
        let rss = await client.get("/rss/")
        #expect(rss.text.contains("<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate>"))
        #expect(rss.text.contains("<lastBuildDate>Fri, 31 Dec 9999 23:59:59 +0000</lastBuildDate>"))
        #expect(rss.headers["Last-Modified"] == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(await client.get("/bell/").status == .internalServerError)
    }
}
