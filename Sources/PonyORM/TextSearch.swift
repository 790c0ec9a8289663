// PostgreSQL's full-text search as Django's `django.contrib.postgres.search` has it: the
// `search` lookup, `SearchVector`, `SearchQuery` and `SearchRank`, written as Django writes
// them. SQLite has none of it, as in Django: a query that uses it there is a `FieldError`.

internal import Foundation

/// A full-text search expression (see ``F/searchVector(_:config:weight:)``,
/// ``F/searchRank(_:_:weights:normalization:coverDensity:)`` and ``SearchQuery``).
public indirect enum TextSearch: Sendable, Hashable {
    /// Django's `SearchVector(*expressions, config=…, weight=…)`: the expressions' text, joined
    /// by spaces, as a `tsvector`.
    case vector([F], config: String?, weight: SearchWeight?)
    /// Two vectors joined (Django's `SearchVector(…) + SearchVector(…)`).
    case combined(TextSearch, TextSearch)
    /// Django's `SearchQuery`.
    case query(SearchQuery)
    /// Django's `SearchRank(vector, query, weights=…, normalization=…, cover_density=…)`: how
    /// well the vector (a ``F/searchVector(_:config:weight:)``, or an annotation of one) matches
    /// the query, a float.
    case rank(vector: F, query: SearchQuery, weights: [Double]?, normalization: Int?, coverDensity: Bool)
    /// Django's `SearchHeadline(expression, query, config=…, start_sel=…, …)`: the text with the
    /// query's words marked (`ts_headline`).
    case headline(F, SearchQuery, config: String?, options: SearchHeadlineOptions)

    /// Whether this is a vector, which `exact` and `search` match against a query.
    var isVector: Bool {
        switch self {
        case .vector, .combined: true
        case .query, .rank, .headline: false
        }
    }
}

/// How ``F/searchHeadline(_:_:config:options:)`` marks and cuts the text: PostgreSQL's
/// `ts_headline` options, as Django's `SearchHeadline` takes them (`nil`: the server's default).
public struct SearchHeadlineOptions: Sendable, Hashable {
    /// What goes before a found word (`<b>`).
    public var startSel: String?
    /// What goes after it (`</b>`).
    public var stopSel: String?
    /// The longest headline, in words.
    public var maxWords: Int?
    /// The shortest headline, in words.
    public var minWords: Int?
    /// Words this long or shorter are dropped at the ends of a headline.
    public var shortWord: Int?
    /// The whole text as the headline, every found word marked.
    public var highlightAll: Bool?
    /// The most fragments; more than 0 gives fragments instead of one headline.
    public var maxFragments: Int?
    /// What goes between fragments (` ... `).
    public var fragmentDelimiter: String?

    /// Options as Django's `SearchHeadline` keywords name them.
    public init(
        startSel: String? = nil, stopSel: String? = nil, maxWords: Int? = nil, minWords: Int? = nil,
        shortWord: Int? = nil, highlightAll: Bool? = nil, maxFragments: Int? = nil, fragmentDelimiter: String? = nil
    ) {
        self.startSel = startSel
        self.stopSel = stopSel
        self.maxWords = maxWords
        self.minWords = minWords
        self.shortWord = shortWord
        self.highlightAll = highlightAll
        self.maxFragments = maxFragments
        self.fragmentDelimiter = fragmentDelimiter
    }

    /// `StartSel='<b>', MaxWords=35`, as Django composes them (texts quoted as SQL literals),
    /// or `nil` when none is set.
    var text: String? {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let options: [(String, String?)] = [
            ("StartSel", startSel.map(quoted)), ("StopSel", stopSel.map(quoted)),
            ("MaxWords", maxWords.map(String.init)),
            ("MinWords", minWords.map(String.init)), ("ShortWord", shortWord.map(String.init)),
            ("HighlightAll", highlightAll.map { $0 ? "true" : "false" }),
            ("MaxFragments", maxFragments.map(String.init)), ("FragmentDelimiter", fragmentDelimiter.map(quoted)),
        ]
        let set = options.compactMap { name, value in value.map { name + "=" + $0 } }
        return set.isEmpty ? nil : set.joined(separator: ", ")
    }
}

/// The weight of a vector's words (Django's `weight="A"`): `A` counts most in a rank.
public enum SearchWeight: String, Sendable, Hashable {
    /// The highest weight (1.0 in a rank by default).
    case a = "A"
    /// The second (0.4).
    case b = "B"
    /// The third (0.2).
    case c = "C"
    /// The lowest, every word's without a weight (0.1).
    case d = "D"
}

/// Django's `SearchQuery`: words to search for, combined with `&`, `|` and `~` as Django's are.
///
/// ```swift
/// Post.objects.filter("body__search", SearchQuery("red cheese", type: .websearch) & ~SearchQuery("blue"))
/// ```
public struct SearchQuery: Sendable, Hashable {
    /// How the text is read (Django's `search_type`).
    public enum SearchType: String, Sendable, Hashable {
        /// Words, all of which must occur (`plainto_tsquery`), the default.
        case plain = "plainto_tsquery"
        /// Words in this order (`phraseto_tsquery`).
        case phrase = "phraseto_tsquery"
        /// PostgreSQL's query syntax (`to_tsquery`: `cheese & !blue`), which the database
        /// refuses when malformed: give a visitor's text as `.plain`, `.phrase` or `.websearch`.
        case raw = "to_tsquery"
        /// What a search box takes: quotes, `or`, `-word` (`websearch_to_tsquery`).
        case websearch = "websearch_to_tsquery"
    }

    indirect enum Node: Sendable, Hashable {
        case term(String, SearchType, config: String?)
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
    }

    let node: Node

    /// A query for `text`, read as `type` with the text search configuration `config`
    /// (`"english"`; the server's default when `nil`).
    public init(_ text: String, type: SearchType = .plain, config: String? = nil) {
        node = .term(text, type, config: config)
    }

    init(node: Node) { self.node = node }

    /// Both queries (`&&`).
    public static func & (lhs: SearchQuery, rhs: SearchQuery) -> SearchQuery {
        SearchQuery(node: .and(lhs.node, rhs.node))
    }
    /// Either query (`||`).
    public static func | (lhs: SearchQuery, rhs: SearchQuery) -> SearchQuery {
        SearchQuery(node: .or(lhs.node, rhs.node))
    }
    /// Not the query (`!!`).
    public static prefix func ~ (query: SearchQuery) -> SearchQuery { SearchQuery(node: .not(query.node)) }
}

extension F {
    /// Django's `SearchVector("title", "body", config="english", weight="A")`: the fields'
    /// text as a `tsvector`, to annotate and match with a ``SearchQuery``; `+` joins two.
    public static func searchVector(_ fields: String..., config: String? = nil, weight: SearchWeight? = nil) -> F {
        .textSearch(.vector(fields.map(F.field), config: config, weight: weight))
    }

    /// Django's `SearchVector` of expressions.
    public static func searchVector(_ expressions: [F], config: String? = nil, weight: SearchWeight? = nil) -> F {
        .textSearch(.vector(expressions, config: config, weight: weight))
    }

    /// Django's `SearchRank(vector, query)`: `ts_rank`, or `ts_rank_cd` with `coverDensity`, of
    /// a ``searchVector(_:config:weight:)`` or an annotation of one (`F("search")`); `weights`
    /// are the D, C, B and A weights' values (four of them), `normalization` PostgreSQL's bit
    /// mask.
    public static func searchRank(
        _ vector: F, _ query: SearchQuery, weights: [Double]? = nil, normalization: Int? = nil,
        coverDensity: Bool = false
    ) -> F {
        .textSearch(
            .rank(
                vector: vector, query: query, weights: weights, normalization: normalization,
                coverDensity: coverDensity))
    }

    /// Django's `SearchHeadline(expression, query, config=…, …)`: the text of `expression` with
    /// the query's words marked as `options` say (`ts_headline`).
    public static func searchHeadline(
        _ expression: F, _ query: SearchQuery, config: String? = nil,
        options: SearchHeadlineOptions = SearchHeadlineOptions()
    ) -> F {
        .textSearch(.headline(expression, query, config: config, options: options))
    }

    /// The expression as one text search vector when it is one (two joined by `+` are one).
    var searchVector: F? {
        switch self {
        case .textSearch(let search) where search.isVector: return self
        case .operation(let lhs, .add, let rhs):
            guard case .textSearch(let left) = lhs.searchVector, case .textSearch(let right) = rhs.searchVector else {
                return nil
            }
            return .textSearch(.combined(left, right))
        default: return nil
        }
    }
}

extension Q {
    /// `lookup` matched against a full-text query: `Q("body__search", SearchQuery("cheese"))`,
    /// or `Q("search", query)` for an annotated ``F/searchVector(_:config:weight:)``.
    public init(_ lookup: String, _ query: SearchQuery) {
        self = .lookup(lookup, .expression(.textSearch(.query(query))))
    }
}

extension QuerySet {
    /// Rows whose `lookup` matches the full-text query (see ``Q/init(_:_:)-(String,SearchQuery)``).
    public func filter(_ lookup: String, _ query: SearchQuery) -> QuerySet { filter(Q(lookup, query)) }
}

extension TextSearch {
    /// The lookup paths the expression names.
    var paths: [String] {
        switch self {
        case .vector(let expressions, _, _): expressions.flatMap(\.paths)
        case .combined(let lhs, let rhs): lhs.paths + rhs.paths
        case .query: []
        case .rank(let vector, _, _, _, _): vector.paths
        case .headline(let expression, _, _, _): expression.paths
        }
    }
}
