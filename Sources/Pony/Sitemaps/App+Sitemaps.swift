internal import Foundation
public import PonyAuth
internal import PonyORM
internal import PonySupport
internal import PonyTemplates
internal import PonyWeb

// Django's `django.contrib.sitemaps.views`: `sitemap` (all sections, or one) and `index`,
// rendered from Django's own templates, which an app overrides by name.

extension App {
    /// Django's `django.contrib.sitemaps`: the sitemap of `sections` at `path`, or with
    /// `index`, a sitemap index there and one sitemap per section at `sitemap-<section>.xml`
    /// (Django's `index` and `sitemap` views, with their URL names). Each page lists
    /// ``Sitemap/limit`` URLs (`?p=2` for the next), on the request's scheme and the current
    /// site's domain (``Sites/current(_:)``: the request's host unless the sites app says).
    ///
    /// ```swift
    /// app.install(.sitemaps(["posts": postsSitemap, "pages": pagesSitemap], index: true))
    /// ```
    public static func sitemaps(
        _ sections: KeyValuePairs<String, Sitemap>, path: String = "sitemap.xml", index: Bool = false
    ) -> App {
        let sections = Array(sections)
        let all: [URLPattern] =
            index
            ? [
                .path(path, methods: [.get], name: SitemapViews.indexName) { request in
                    try await SitemapViews.index(request, sections)
                },
                .path("sitemap-<section>.xml", methods: [.get], name: SitemapViews.sitemapName) { request in
                    let name = try request.parameter("section", as: String.self)
                    guard let section = sections.first(where: { $0.0 == name }) else {
                        throw HTTPError.notFound("No sitemap available for section: \(pythonRepr(name))")
                    }
                    return try await SitemapViews.sitemap(request, [section.1])
                },
            ]
            : [
                .path(path, methods: [.get], name: SitemapViews.sitemapName) { request in
                    try await SitemapViews.sitemap(request, sections.map(\.1))
                }
            ]
        return App(
            config: AppConfig(label: "sitemaps", models: [], migrations: []), urlpatterns: all,
            templates: SitemapViews.templates)
    }
}

/// The sitemap views and their templates.
enum SitemapViews {
    /// Django's URL names for the two views.
    static let indexName = "django.contrib.sitemaps.views.index"
    static let sitemapName = "django.contrib.sitemaps.views.sitemap"

    /// Django's `sitemap` view: page `?p=` of every section in `sitemaps`, with
    /// `Last-Modified` when every listed URL has a `lastmod`.
    static func sitemap(_ request: Request, _ sitemaps: [Sitemap]) async throws -> Response {
        let page = request.query["p"] ?? "1"
        var urls: [TemplateValue] = []
        var latest: Date?
        var allHaveLastmod = true
        let domain = try await Sites.current(request).domain
        for sitemap in sitemaps {
            let entries: Page<SitemapEntry>
            do {
                entries = try await sitemap.pages(sitemap.limit).page(page)
            } catch let error as InvalidPage {
                throw HTTPError.notFound(error.isEmptyPage ? "Page \(page) empty" : "No page '\(page)'")
            }
            let prefix = schemeAndDomain(request, sitemap, domain)
            urls += entries.map { $0.templateValue(prefix: prefix) }
            // NB: as Django's `latest_lastmod`: the page's latest, if every item on it has one.
            let dates = entries.map(\.url.lastmod)
            if allHaveLastmod, !dates.isEmpty, dates.allSatisfy({ $0 != nil }) {
                latest = dates.compactMap { $0 }.reduce(latest ?? .distantPast, max)
            } else {
                allHaveLastmod = false
            }
        }
        var context = TemplateContext()
        context.values["urlset"] = .array(urls)
        return try xml(request, "sitemap.xml", context, lastModified: allHaveLastmod ? latest : nil)
    }

    /// Django's `index` view: each section's sitemap and its further pages, with the
    /// section's latest `lastmod`.
    static func index(_ request: Request, _ sections: [(String, Sitemap)]) async throws -> Response {
        var sites: [TemplateValue] = []
        var latest: Date?
        var allHaveLastmod = true
        let domain = try await Sites.current(request).domain
        for (name, sitemap) in sections {
            let location =
                schemeAndDomain(request, sitemap, domain) + (try request.reverse(sitemapName, ["section": name]))
            let lastmod = try await sitemap.latestLastmod()
            if allHaveLastmod {
                if let lastmod { latest = max(latest ?? lastmod, lastmod) } else { allHaveLastmod = false }
            }
            func site(_ location: String) -> TemplateValue {
                .dictionary(
                    TemplateDictionary([
                        ("location", .string(location)), ("last_mod", lastmod.map { .date($0) } ?? .null),
                    ]))
            }
            sites.append(site(location))
            let pages = try await sitemap.pages(sitemap.limit).numPages
            for page in stride(from: 2, through: pages, by: 1) { sites.append(site(location + "?p=\(page)")) }
        }
        var context = TemplateContext()
        context.values["sitemaps"] = .array(sites)
        return try xml(request, "sitemap_index.xml", context, lastModified: allHaveLastmod ? latest : nil)
    }

    /// `https://example.com`: the sitemap's scheme or the request's, and the current site's
    /// domain (Django's `get_current_site(request).domain`: the request's host without the
    /// sites app).
    private static func schemeAndDomain(_ request: Request, _ sitemap: Sitemap, _ domain: String) -> String {
        (sitemap.scheme ?? (request.isSecure ? "https" : "http")) + "://" + domain
    }

    /// The template rendered as `application/xml`, with Django's `X-Robots-Tag`.
    private static func xml(
        _ request: Request, _ template: String, _ context: TemplateContext, lastModified: Date?
    ) throws -> Response {
        var response = try render(request, template, context)
        response.headers["Content-Type"] = "application/xml"
        response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
        if let lastModified { response.headers["Last-Modified"] = HTTPDate.format(lastModified) }
        return response
    }

    /// Django's `sitemap.xml` and `sitemap_index.xml`, unchanged.
    static let templates: [String: String] = [
        "sitemap.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
        {% spaceless %}
        {% for url in urlset %}
          <url>
            <loc>{{ url.location }}</loc>
            {% if url.lastmod %}<lastmod>{{ url.lastmod|date:"Y-m-d" }}</lastmod>{% endif %}
            {% if url.changefreq %}<changefreq>{{ url.changefreq }}</changefreq>{% endif %}
            {% if url.priority %}<priority>{{ url.priority }}</priority>{% endif %}
            {% for alternate in url.alternates %}
            <xhtml:link rel="alternate" hreflang="{{ alternate.lang_code }}" href="{{ alternate.location }}"/>
            {% endfor %}
          </url>
        {% endfor %}
        {% endspaceless %}
        </urlset>

        """,
        "sitemap_index.xml": """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        {% spaceless %}
        {% for site in sitemaps %}
          <sitemap>
            <loc>{{ site.location }}</loc>
              {% if site.last_mod %}
                <lastmod>{{ site.last_mod|date:"c" }}</lastmod>
              {% endif %}
          </sitemap>
        {% endfor %}
        {% endspaceless %}
        </sitemapindex>

        """,
    ]
}
