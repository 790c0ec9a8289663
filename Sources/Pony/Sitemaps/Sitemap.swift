public import Foundation
internal import PonyAuth
public import PonyORM
internal import PonySupport
internal import PonyTemplates

/// One section of a site's sitemap: Django's `django.contrib.sitemaps.Sitemap`. Install them
/// with `app.install(.sitemaps(…))`.
///
/// ```swift
/// app.install(.sitemaps([
///     "posts": Sitemap(Post.objects.filter("published", true), changefreq: .weekly, priority: 0.5) { post in
///         SitemapURL("/posts/\(post.slug)/", lastmod: post.updatedAt)
///     },
///     "pages": Sitemap(["/", "/about/"]) { SitemapURL($0, priority: $0 == "/" ? 1.0 : nil) },
/// ]))
/// ```
///
/// `url` says where an item is (a path on the site, Django's `location`) and, where it
/// differs from the section's, its `lastmod`, `changefreq` and `priority`. Items are
/// listed ``limit`` to a page (`?p=2`), a query counted and fetched a page at a time.
public struct Sitemap: Sendable {
    /// The scheme of the URLs (`"https"`), or `nil` for the request's (Django's `protocol`).
    public var scheme: String?
    /// The most URLs on one page of the sitemap (50,000, the protocol's limit).
    public var limit: Int

    /// The section's pages of URLs, `limit` to a page.
    let pages: @Sendable (_ limit: Int) async throws -> Paginator<SitemapEntry>
    /// Every item's URL, for the latest `lastmod` an index shows.
    let all: @Sendable () async throws -> [SitemapURL]

    /// A section of a query's rows; a query without an ordering is listed by primary key.
    public init<M: Model>(
        _ query: QuerySet<M>, changefreq: ChangeFrequency? = nil, priority: Double? = nil, scheme: String? = nil,
        limit: Int = 50_000, url: @escaping @Sendable (M) throws -> SitemapURL
    ) {
        let entry = Self.entry(url, changefreq: changefreq, priority: priority)
        self.init(scheme: scheme, limit: limit) { limit in
            try await Paginator(query, perPage: limit).map(entry)
        } all: {
            try await query.fetch().map { try entry($0).url }
        }
    }

    /// A section of the items `items` lists when the sitemap is asked for.
    public init<Item: Sendable>(
        items: @escaping @Sendable () async throws -> [Item], changefreq: ChangeFrequency? = nil,
        priority: Double? = nil, scheme: String? = nil, limit: Int = 50_000,
        url: @escaping @Sendable (Item) throws -> SitemapURL
    ) {
        let entry = Self.entry(url, changefreq: changefreq, priority: priority)
        self.init(scheme: scheme, limit: limit) { limit in
            Paginator(try await items(), perPage: limit).map(entry)
        } all: {
            try await items().map { try entry($0).url }
        }
    }

    /// A section of fixed items (the site's own pages).
    public init<Item: Sendable>(
        _ items: [Item], changefreq: ChangeFrequency? = nil, priority: Double? = nil, scheme: String? = nil,
        limit: Int = 50_000, url: @escaping @Sendable (Item) throws -> SitemapURL
    ) {
        self.init(items: { items }, changefreq: changefreq, priority: priority, scheme: scheme, limit: limit, url: url)
    }

    private init(
        scheme: String?, limit: Int, pages: @escaping @Sendable (Int) async throws -> Paginator<SitemapEntry>,
        all: @escaping @Sendable () async throws -> [SitemapURL]
    ) {
        self.scheme = scheme
        self.limit = limit
        self.pages = pages
        self.all = all
    }

    /// An item's entry: its URL with the section's values where the item has none of its own.
    private static func entry<Item>(
        _ url: @escaping @Sendable (Item) throws -> SitemapURL, changefreq: ChangeFrequency?, priority: Double?
    ) -> @Sendable (Item) throws -> SitemapEntry {
        { item in
            var described = try url(item)
            described.changefreq = described.changefreq ?? changefreq
            described.priority = described.priority ?? priority
            return SitemapEntry(item: TemplateValue(any: item), url: described)
        }
    }

    /// The latest `lastmod` of all the section's items, or `nil` when one has none (Django's
    /// `get_latest_lastmod`).
    func latestLastmod() async throws -> Date? {
        var latest: Date?
        for url in try await all() {
            guard let lastmod = url.lastmod else { return nil }
            latest = max(latest ?? lastmod, lastmod)
        }
        return latest
    }
}

/// Where an item of a ``Sitemap`` is, and what search engines may know of it.
public struct SitemapURL: Sendable, Hashable {
    /// The item's path on the site (`/posts/hello/`), Django's `location`.
    public var location: String
    /// When the item last changed.
    public var lastmod: Date?
    /// How often it changes; `nil` for the section's.
    public var changefreq: ChangeFrequency?
    /// Its priority from 0 to 1; `nil` for the section's.
    public var priority: Double?

    /// An item at `location`.
    public init(
        _ location: String, lastmod: Date? = nil, changefreq: ChangeFrequency? = nil, priority: Double? = nil
    ) {
        self.location = location
        self.lastmod = lastmod
        self.changefreq = changefreq
        self.priority = priority
    }
}

/// How often an item changes, as the sitemap protocol names it.
public enum ChangeFrequency: String, Sendable, Hashable, CaseIterable {
    /// Changes on every visit.
    case always
    /// Changes hourly.
    case hourly
    /// Changes daily.
    case daily
    /// Changes weekly.
    case weekly
    /// Changes monthly.
    case monthly
    /// Changes yearly.
    case yearly
    /// Archived: never changes.
    case never
}

/// An item and its URL, as a sitemap page lists it.
struct SitemapEntry: Sendable {
    let item: TemplateValue
    let url: SitemapURL

    /// Django's `url_info` for the template: `item`, the absolute `location`, `lastmod`,
    /// `changefreq`, `priority` as Python's `str()` writes it, and no `alternates`.
    func templateValue(prefix: String) -> TemplateValue {
        .dictionary(
            TemplateDictionary([
                ("item", item), ("location", .string(prefix + url.location)),
                ("lastmod", url.lastmod.map { .date($0) } ?? .null),
                ("changefreq", url.changefreq.map { .string($0.rawValue) } ?? .null),
                ("priority", .string(url.priority.map(pythonRepr) ?? "")), ("alternates", .array([])),
            ]))
    }
}

extension Sitemap {
    /// Django's `FlatPageSitemap`: the flat pages of the site `site` (Django's `SITE_ID`)
    /// that need no login, by URL, at their `url` (where the fallback middleware serves them).
    ///
    /// ```swift
    /// app.install(.sites(), .flatPages(), .sitemaps(["flatpages": .flatPages()]))
    /// ```
    public static func flatPages(
        site: Int32 = 1, changefreq: ChangeFrequency? = nil, priority: Double? = nil, scheme: String? = nil
    ) -> Sitemap {
        Sitemap(
            FlatPage.objects.filter("sites", site).filter("registrationRequired", false), changefreq: changefreq,
            priority: priority, scheme: scheme
        ) { SitemapURL($0.url) }
    }
}
