/// One language's translations, read from a gettext `.po` file (the file Django's
/// `makemessages` writes and translators edit; Pony reads it as it is, with no `.mo` step).
///
/// Entries marked `fuzzy` and entries without a translation are left out, as `msgfmt` leaves
/// them out of the `.mo` file Django reads.
public struct Catalog: Sendable {
    /// Translations by message: the context and `\u{4}` before the id when there is a context
    /// (gettext's own key), each with its forms (one, or one per plural form).
    public private(set) var messages: [String: [String]] = [:]
    /// How the language chooses among plural forms, from the `Plural-Forms` header.
    public private(set) var pluralRule = PluralRule.english

    /// An empty catalog.
    public init() {}

    /// Reads the text of a `.po` file; throws ``CatalogError`` with the line of a malformed
    /// entry.
    public init(po text: String) throws(CatalogError) { self.init(try POFile(parsing: text)) }

    /// The translations of a read `.po` file.
    public init(_ file: POFile) {
        for entry in file.entries where !entry.isObsolete {
            // NB: the header counts even when fuzzy, as msgfmt keeps it (makemessages marks it so).
            if entry.id.isEmpty, entry.context == nil {
                if let header = entry.forms.first { readHeader(header) }
                continue
            }
            guard !entry.isFuzzy, entry.forms.contains(where: { !$0.isEmpty }) else { continue }
            messages[Catalog.key(entry.id, context: entry.context)] = entry.forms
        }
    }

    /// The translation of `id` (in `context`, when given), or `nil` when the catalog has none.
    public func translation(_ id: String, context: String? = nil) -> String? {
        guard let forms = messages[Catalog.key(id, context: context)], let first = forms.first, !first.isEmpty
        else { return nil }
        return first
    }

    /// The form of `id`/`plural` for `count` (in `context`, when given), or `nil` when the
    /// catalog has none.
    public func translation(_ id: String, plural: String, count: Int, context: String? = nil) -> String? {
        guard let forms = messages[Catalog.key(id, context: context)] else { return nil }
        guard let index = pluralRule.form(for: count), index < forms.count, !forms[index].isEmpty else { return nil }
        return forms[index]
    }

    /// Adds `other`'s messages that this catalog lacks (a later locale folder's).
    public mutating func merge(_ other: Catalog) {
        messages.merge(other.messages) { mine, _ in mine }
    }

    /// gettext's key: `context` `\u{4}` `id`, or `id` alone.
    static func key(_ id: String, context: String?) -> String {
        guard let context else { return id }
        return context + "\u{4}" + id
    }

    private mutating func readHeader(_ header: String) {
        for line in header.split(separator: "\n") where line.lowercased().hasPrefix("plural-forms:") {
            if let rule = PluralRule(header: String(line.dropFirst("plural-forms:".count))) { pluralRule = rule }
        }
    }
}

/// A `.po` file that cannot be read: the line and what is wrong there.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    /// The 1-based line.
    public let line: Int
    /// What is wrong.
    public let message: String
    /// The file, when known.
    public var file: String?

    /// An error at `line`.
    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(file ?? "<catalog>"):\(line): \(message)" }
}
