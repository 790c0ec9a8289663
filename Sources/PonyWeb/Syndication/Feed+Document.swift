internal import Foundation
internal import PonySupport

// The feed written as Django's `Feed.get_feed` fills `Rss201rev2Feed` and `Atom1Feed` and
// they write themselves: the same elements in the same order, dates in RFC 2822 (RSS) and
// RFC 3339 (Atom) in UTC.

extension Feed {
    /// The feed for `request` as Django's `Feed` view answers it: the document with its
    /// `Content-Type`, and `Last-Modified` (the latest item date) when an item has a date.
    /// Text with a control character XML cannot hold throws ``FeedError`` (a 500, as in
    /// Django).
    public func response(for request: Request) throws -> Response {
        let absolute = AbsoluteLinks(host: request.host ?? "", isSecure: request.isSecure)
        let feedURL = absolute(feedURL ?? request.path)
        var writer = XMLWriter()
        switch format {
        case .rss: try writeRSS(&writer, absolute, feedURL: feedURL)
        case .atom: try writeAtom(&writer, absolute, feedURL: feedURL)
        }
        var response = Response(
            headers: [
                "Content-Type": format == .rss
                    ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8"
            ],
            body: .text(writer.output))
        if items.contains(where: { $0.pubdate != nil || $0.updateddate != nil }) {
            response.headers["Last-Modified"] = HTTPDate.format(latestPostDate)
        }
        return response
    }

    /// The latest date of any item, or now (Django's `latest_post_date`).
    var latestPostDate: Date {
        items.flatMap { [$0.updateddate, $0.pubdate] }.compactMap { $0 }.max() ?? Date()
    }

    private func writeRSS(_ writer: inout XMLWriter, _ absolute: AbsoluteLinks, feedURL: String) throws(FeedError) {
        writer.start("rss", [("version", "2.0"), ("xmlns:atom", "http://www.w3.org/2005/Atom")])
        writer.start("channel")
        try writer.element("title", title)
        try writer.element("link", PercentEncoding.iriToURI(absolute(link)))
        try writer.element("description", description)
        try writer.element("atom:link", nil, [("rel", "self"), ("href", PercentEncoding.iriToURI(feedURL))])
        try writer.element("language", language ?? "en-us")
        for category in categories { try writer.element("category", category) }
        if let copyright { try writer.element("copyright", copyright) }
        try writer.element("lastBuildDate", Self.rfc2822(latestPostDate))
        if let ttl { try writer.element("ttl", String(ttl)) }
        for item in items {
            let link = absolute(item.link)
            writer.start("item")
            try writer.element("title", item.title)
            try writer.element("link", PercentEncoding.iriToURI(link))
            if let description = item.description { try writer.element("description", description) }
            switch (item.authorName, item.authorName == nil ? nil : item.authorEmail) {
            case (let name?, let email?): try writer.element("author", "\(email) (\(name))")
            case (let name?, nil):
                try writer.element("dc:creator", name, [("xmlns:dc", "http://purl.org/dc/elements/1.1/")])
            default: break
            }
            if let pubdate = item.pubdate { try writer.element("pubDate", Self.rfc2822(pubdate)) }
            if let comments = item.comments { try writer.element("comments", comments) }
            let permalink = item.guidIsPermalink.map { [("isPermaLink", $0 ? "true" : "false")] } ?? []
            try writer.element("guid", item.guid ?? link, permalink)
            if let enclosure = item.enclosure {
                try writer.element(
                    "enclosure", "",
                    [
                        ("url", PercentEncoding.iriToURI(enclosure.url)), ("length", String(enclosure.length)),
                        ("type", enclosure.mimeType),
                    ])
            }
            for category in item.categories { try writer.element("category", category) }
            writer.end("item")
        }
        writer.end("channel")
        writer.end("rss")
    }

    private func writeAtom(_ writer: inout XMLWriter, _ absolute: AbsoluteLinks, feedURL: String) throws(FeedError) {
        let link = PercentEncoding.iriToURI(absolute(self.link))
        writer.start("feed", [("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", language ?? "en-us")])
        try writer.element("title", title)
        try writer.element("link", "", [("rel", "alternate"), ("href", link)])
        try writer.element("link", "", [("rel", "self"), ("href", PercentEncoding.iriToURI(feedURL))])
        try writer.element("id", guid ?? link)
        try writer.element("updated", Self.rfc3339(latestPostDate))
        try Self.writeAtomAuthor(&writer, authorName, authorEmail, authorLink)
        if let subtitle { try writer.element("subtitle", subtitle) }
        for category in categories { try writer.element("category", "", [("term", category)]) }
        if let copyright { try writer.element("rights", copyright) }
        for item in items {
            let link = absolute(item.link)
            writer.start("entry")
            try writer.element("title", item.title)
            try writer.element("link", "", [("href", PercentEncoding.iriToURI(link)), ("rel", "alternate")])
            if let pubdate = item.pubdate { try writer.element("published", Self.rfc3339(pubdate)) }
            if let updated = item.updateddate { try writer.element("updated", Self.rfc3339(updated)) }
            if let name = item.authorName { try Self.writeAtomAuthor(&writer, name, item.authorEmail, item.authorLink) }
            try writer.element("id", item.guid ?? link)
            if let description = item.description { try writer.element("summary", description, [("type", "html")]) }
            if let enclosure = item.enclosure {
                try writer.element(
                    "link", "",
                    [
                        ("rel", "enclosure"), ("href", PercentEncoding.iriToURI(enclosure.url)),
                        ("length", String(enclosure.length)), ("type", enclosure.mimeType),
                    ])
            }
            for category in item.categories { try writer.element("category", "", [("term", category)]) }
            if let copyright = item.copyright { try writer.element("rights", copyright) }
            writer.end("entry")
        }
        writer.end("feed")
    }

    private static func writeAtomAuthor(_ writer: inout XMLWriter, _ name: String?, _ email: String?, _ link: String?)
        throws(FeedError)
    {
        guard let name else { return }
        writer.start("author")
        try writer.element("name", name)
        if let email { try writer.element("email", email) }
        if let link { try writer.element("uri", PercentEncoding.iriToURI(link)) }
        writer.end("author")
    }

    /// Python's `email.utils.format_datetime` of the date in UTC: `Sat, 09 Mar 2024 23:59:59 +0000`.
    static func rfc2822(_ date: Date) -> String {
        PythonDates.utcFields(date.timeIntervalSince1970).rfc5322(zone: "+0000")
    }

    /// Python's `isoformat()` of the date in UTC: `2024-03-10T08:00:00.250000+00:00`, the
    /// microseconds only when there are some.
    static func rfc3339(_ date: Date) -> String {
        // NB: whole microseconds, rounded, so that .000001 read from a database stays one.
        let micros = Int64((PythonDates.clamped(date.timeIntervalSince1970) * 1_000_000).rounded())
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = Int(micros - seconds * 1_000_000)
        let fields = PythonDates.utcFields(Double(seconds))
        let two = PythonDates.UTCFields.two
        var text = "\(fields.fourDigitYear)-\(two(fields.month))-\(two(fields.day))T\(fields.time)"
        if fraction > 0 { text += "." + String(String(fraction + 1_000_000).dropFirst()) }
        return text + "+00:00"
    }
}

/// Django's `add_domain`: a path gets the request's scheme and host, percent-encoded as
/// `iri_to_uri`; `//host/…` gets the scheme; a `http:`, `https:` or `mailto:` URL is kept.
struct AbsoluteLinks {
    let host: String
    let isSecure: Bool

    func callAsFunction(_ url: String) -> String {
        let scheme = isSecure ? "https" : "http"
        if url.hasPrefix("//") { return scheme + ":" + url }
        if url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("mailto:") { return url }
        return PercentEncoding.iriToURI(scheme + "://" + host + url)
    }
}
