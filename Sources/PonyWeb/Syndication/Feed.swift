public import Foundation

/// A news feed of items, as RSS 2.0 or Atom 1.0: Django's `django.contrib.syndication`
/// `Feed` view with its `feedgenerator`.
///
/// ```swift
/// app.feed("latest/feed/") { request in
///     let entries = try await Entry.objects.orderBy("-published")[0..<10].fetch()
///     return Feed(title: "Latest entries", link: "/entries/", description: "What's new.", items: entries) {
///         FeedItem(title: $0.title, link: "/entries/\($0.id!)/", description: $0.summary, pubdate: $0.published)
///     }
/// }
/// ```
///
/// Links that are paths get the request's scheme and host, and every link is percent-encoded
/// as Django's `iri_to_uri`; the document is the one Django 5.2 writes for the same feed, byte
/// for byte (Django's `Feed` and `feedgenerator` compared in the tests).
public struct Feed: Sendable {
    /// RSS or Atom (Django's `feed_type`).
    public enum Format: Sendable, Hashable {
        /// RSS 2.0 (Django's `Rss201rev2Feed`, its default).
        case rss
        /// Atom 1.0 (Django's `Atom1Feed`).
        case atom
    }

    /// RSS or Atom.
    public var format: Format
    /// The feed's title.
    public var title: String
    /// The site's page the feed follows (a path or a URL).
    public var link: String
    /// What the feed is about (RSS; Atom shows ``subtitle``).
    public var description: String
    /// Atom's subtitle.
    public var subtitle: String?
    /// The language (`"en-us"`, Django's default `LANGUAGE_CODE`, unless set).
    public var language: String?
    /// The feed's author's name (Atom).
    public var authorName: String?
    /// The feed's author's address (Atom).
    public var authorEmail: String?
    /// The feed's author's page (Atom).
    public var authorLink: String?
    /// The feed's categories.
    public var categories: [String]
    /// The feed's copyright notice.
    public var copyright: String?
    /// Atom's feed id (the link unless set).
    public var guid: String?
    /// RSS's time to live, in minutes.
    public var ttl: Int?
    /// The feed's own address (the request's path unless set).
    public var feedURL: String?
    /// The items, newest first as a rule.
    public var items: [FeedItem]

    /// A feed of `items`.
    public init(
        _ format: Format = .rss, title: String, link: String, description: String = "", subtitle: String? = nil,
        language: String? = nil, authorName: String? = nil, authorEmail: String? = nil, authorLink: String? = nil,
        categories: [String] = [], copyright: String? = nil, guid: String? = nil, ttl: Int? = nil,
        feedURL: String? = nil, items: [FeedItem]
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.description = description
        self.subtitle = subtitle
        self.language = language
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorLink = authorLink
        self.categories = categories
        self.copyright = copyright
        self.guid = guid
        self.ttl = ttl
        self.feedURL = feedURL
        self.items = items
    }

    /// A feed of `items`, each described by `item` (Django's `item_title`, `item_link`, …).
    public init<Item>(
        _ format: Format = .rss, title: String, link: String, description: String = "", subtitle: String? = nil,
        language: String? = nil, authorName: String? = nil, authorEmail: String? = nil, authorLink: String? = nil,
        categories: [String] = [], copyright: String? = nil, guid: String? = nil, ttl: Int? = nil,
        feedURL: String? = nil, items: [Item], _ item: (Item) throws -> FeedItem
    ) rethrows {
        self.init(
            format, title: title, link: link, description: description, subtitle: subtitle, language: language,
            authorName: authorName, authorEmail: authorEmail, authorLink: authorLink, categories: categories,
            copyright: copyright, guid: guid, ttl: ttl, feedURL: feedURL, items: try items.map(item))
    }
}

/// One item of a ``Feed``.
public struct FeedItem: Sendable {
    /// The item's title.
    public var title: String
    /// Its page (a path or a URL).
    public var link: String
    /// Its text, as HTML (RSS's `description`, Atom's `summary`).
    public var description: String?
    /// When it was published.
    public var pubdate: Date?
    /// When it last changed (Atom).
    public var updateddate: Date?
    /// Its author's name; without one, the address and page are left out, as Django's view
    /// leaves them out.
    public var authorName: String?
    /// Its author's address.
    public var authorEmail: String?
    /// Its author's page (Atom).
    public var authorLink: String?
    /// Its unique id (the absolute link unless set).
    public var guid: String?
    /// Whether ``guid`` is the item's address (RSS's `isPermaLink`), when said.
    public var guidIsPermalink: Bool?
    /// The address of its comments (RSS).
    public var comments: String?
    /// Its categories.
    public var categories: [String]
    /// Its copyright notice (Atom).
    public var copyright: String?
    /// A file that comes with it (a podcast's episode).
    public var enclosure: FeedEnclosure?

    /// An item.
    public init(
        title: String, link: String, description: String? = nil, pubdate: Date? = nil, updateddate: Date? = nil,
        authorName: String? = nil, authorEmail: String? = nil, authorLink: String? = nil, guid: String? = nil,
        guidIsPermalink: Bool? = nil, comments: String? = nil, categories: [String] = [], copyright: String? = nil,
        enclosure: FeedEnclosure? = nil
    ) {
        self.title = title
        self.link = link
        self.description = description
        self.pubdate = pubdate
        self.updateddate = updateddate
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorLink = authorLink
        self.guid = guid
        self.guidIsPermalink = guidIsPermalink
        self.comments = comments
        self.categories = categories
        self.copyright = copyright
        self.enclosure = enclosure
    }
}

/// A file that comes with a feed item (Django's `Enclosure`).
public struct FeedEnclosure: Sendable, Hashable {
    /// The file's address.
    public var url: String
    /// Its size in bytes.
    public var length: Int
    /// Its media type (`audio/mpeg`).
    public var mimeType: String

    /// An enclosure.
    public init(url: String, length: Int, mimeType: String) {
        self.url = url
        self.length = length
        self.mimeType = mimeType
    }
}
