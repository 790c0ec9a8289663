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
    public init(po text: String) throws(CatalogError) {
        var entry = POEntry()
        var field: POEntry.Field?
        var number = 0
        func finish() {
            defer { (entry, field) = (POEntry(), nil) }
            guard let id = entry.id else { return }
            // NB: the header counts even when fuzzy, as msgfmt keeps it (makemessages marks it so).
            if id.isEmpty, entry.context == nil {
                if let header = entry.forms[0] { readHeader(header) }
                return
            }
            guard !entry.isFuzzy else { return }
            let forms = (0..<(entry.forms.keys.max().map { $0 + 1 } ?? 0)).map { entry.forms[$0] ?? "" }
            guard forms.contains(where: { !$0.isEmpty }) else { return }
            messages[Catalog.key(id, context: entry.context)] = forms
        }
        let text = text.first == "\u{FEFF}" ? text.dropFirst() : Substring(text)
        // NB: "\r\n" is one Character in Swift, so lines are split on each kind of break.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty {
                if entry.id != nil { finish() }
                continue
            }
            if trimmed.hasPrefix("#") {
                if entry.id != nil && field != nil && entry.hasTranslation { finish() }
                if trimmed.hasPrefix("#,") && trimmed.contains("fuzzy") { entry.isFuzzy = true }
                continue
            }
            if trimmed.first == "\"" {
                guard let field else { throw CatalogError(line: number, "a string continues no keyword") }
                entry.append(try Catalog.unquote(trimmed, line: number), to: field)
                continue
            }
            let keyword = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "\"" }
            let value = try Catalog.unquote(
                trimmed.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }, line: number)
            let next: POEntry.Field
            switch keyword {
            case "msgctxt": next = .context
            case "msgid": next = .id
            case "msgid_plural": next = .plural
            case "msgstr": next = .form(0)
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"),
                    let index = Int(keyword.dropFirst(7).dropLast()), index >= 0, index < 100
                else { throw CatalogError(line: number, "unknown keyword \"\(keyword)\"") }
                next = .form(index)
            }
            // NB: a new msgctxt or msgid after a translation starts the next entry.
            if (next == .context || next == .id) && entry.hasTranslation { finish() }
            entry.append(value, to: next)
            field = next
        }
        if entry.id != nil { finish() }
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

    /// A quoted `.po` string's text, with C's escapes read.
    static func unquote(_ text: Substring, line: Int) throws(CatalogError) -> String {
        var body = text
        while body.last == " " || body.last == "\t" { body.removeLast() }
        guard body.count >= 2, body.first == "\"", body.last == "\"" else {
            throw CatalogError(line: line, "expected a string in double quotes")
        }
        var result = ""
        var escaped = false
        for character in body.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "a": result.append("\u{7}")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{c}")
                case "v": result.append("\u{b}")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                throw CatalogError(line: line, "a double quote inside a string must be written \\\"")
            } else {
                result.append(character)
            }
        }
        guard !escaped else { throw CatalogError(line: line, "the string ends with a lone backslash") }
        return result
    }
}

/// An entry of a `.po` file as it is read.
private struct POEntry {
    enum Field: Equatable {
        case context, id, plural
        case form(Int)
    }

    var context: String?
    var id: String?
    var plural: String?
    var forms: [Int: String] = [:]
    var isFuzzy = false

    var hasTranslation: Bool { !forms.isEmpty }

    mutating func append(_ text: String, to field: Field) {
        switch field {
        case .context: context = (context ?? "") + text
        case .id: id = (id ?? "") + text
        case .plural: plural = (plural ?? "") + text
        case .form(let index): forms[index, default: ""] += text
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

    init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(file ?? "<catalog>"):\(line): \(message)" }
}
