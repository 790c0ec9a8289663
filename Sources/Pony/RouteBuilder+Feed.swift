public import PonyWeb

extension RouteBuilder {
    /// Serves a news feed at `pattern` (Django's `path("latest/feed/", LatestEntriesFeed())`):
    /// `feed` makes the ``PonyWeb/Feed`` for each request, from the URL's parameters if it
    /// has any (Django's `get_object`).
    ///
    /// ```swift
    /// app.feed("latest/feed/") { _ in
    ///     Feed(title: "News", link: "/news/", items: try await Entry.objects.fetch()) {
    ///         FeedItem(title: $0.title, link: "/news/\($0.id!)/", pubdate: $0.published)
    ///     }
    /// }
    /// ```
    public func feed(
        _ pattern: String, name: String? = nil, file: String = #filePath, line: Int = #line,
        _ feed: @escaping @Sendable (Request) async throws -> Feed
    ) {
        add(
            .path(pattern, methods: [.get], name: name, file: file, line: line) { request in
                try await feed(request).response(for: request)
            })
    }
}
