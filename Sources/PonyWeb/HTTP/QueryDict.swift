/// Multi-valued parameters from a query string or a form body, like Django's `QueryDict`.
///
/// The subscript gives the last value for a key (as Django's `request.GET["key"]` does);
/// ``list(_:)`` gives all of them.
///
/// ```swift
/// // /search?tag=swift&tag=web&q=ponies
/// request.query["q"]          // "ponies"
/// request.query.list("tag")   // ["swift", "web"]
/// ```
public struct QueryDict: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral {
    // NB: a struct rather than a tuple: arrays of tuples make the runtime look up tuple
    // metadata (under a lock) on every request.
    struct Item: Equatable, Sendable {
        var key: String
        var value: String
    }
    private var storage: [Item]

    /// Creates an empty dictionary.
    public init() { storage = [] }

    /// Creates a dictionary from pairs, keeping their order.
    public init(_ items: [(key: String, value: String)]) { storage = items.map { Item(key: $0.key, value: $0.value) } }

    /// Creates a dictionary from a literal.
    public init(dictionaryLiteral elements: (String, String)...) {
        storage = elements.map { Item(key: $0.0, value: $0.1) }
    }

    /// The key–value pairs in their original order.
    public var items: [(key: String, value: String)] { storage.map { (key: $0.key, value: $0.value) } }

    /// Parses `application/x-www-form-urlencoded` text (`a=1&b=two+words`).
    ///
    /// `+` is a space, `%XX` sequences are decoded, invalid escapes are kept literally, and
    /// pairs without `=` get an empty value, as in Django.
    public init(parsing text: some StringProtocol) {
        storage = []
        guard !text.isEmpty else { return }
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = PercentEncoding.decodeForm(parts[0])
            let value = parts.count > 1 ? PercentEncoding.decodeForm(parts[1]) : ""
            storage.append(Item(key: key, value: value))
        }
    }

    /// Parses `text` as ``init(parsing:)`` does, refusing more than `maximumFields` pairs with
    /// 400 before parsing any (Django's `DATA_UPLOAD_MAX_NUMBER_FIELDS`).
    ///
    /// NB: counts separators as Django does (`a&&&` is four fields): the count is one pass over
    /// the bytes, so a 10 MB `a&a&…` body costs no allocation before it is refused.
    init(parsing text: some StringProtocol, maximumFields: Int) throws(HTTPError) {
        var separators = 0
        for byte in text.utf8 where byte == UInt8(ascii: "&") { separators += 1 }
        guard text.isEmpty || separators < maximumFields else {
            throw HTTPError(
                .badRequest,
                "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS"
                    + " (\(maximumFields)).")
        }
        self.init(parsing: text)
    }

    /// The last value for `key`, or `nil`.
    public subscript(key: String) -> String? {
        storage.last(where: { $0.key == key })?.value
    }

    /// Every value for `key`, in order.
    public func list(_ key: String) -> [String] {
        storage.filter { $0.key == key }.map(\.value)
    }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { storage.contains { $0.key == key } }

    /// The distinct keys, in first-seen order.
    public var keys: [String] {
        var seen = Set<String>()
        return storage.compactMap { seen.insert($0.key).inserted ? $0.key : nil }
    }

    /// Whether there are no pairs.
    public var isEmpty: Bool { storage.isEmpty }

    /// Appends a value for `key`.
    public mutating func append(_ key: String, _ value: String) { storage.append(Item(key: key, value: value)) }

    /// The pairs encoded as `application/x-www-form-urlencoded` text.
    public var urlEncoded: String {
        storage.map { PercentEncoding.encodeForm($0.key) + "=" + PercentEncoding.encodeForm($0.value) }
            .joined(separator: "&")
    }

    /// Iterates the pairs in order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> { items.makeIterator() }

    /// Two dictionaries are equal when they hold the same pairs in the same order.
    public static func == (lhs: QueryDict, rhs: QueryDict) -> Bool { lhs.storage == rhs.storage }
}
