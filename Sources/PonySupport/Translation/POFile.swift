/// A gettext `.po` file as it is written: its entries with their comments, flags and
/// references, kept so that `makemessages` can merge new messages into a translated file
/// without losing anything a translator wrote.
public struct POFile: Sendable, Equatable {
    /// One message and its translation.
    public struct Entry: Sendable, Equatable {
        /// The message's context (`msgctxt`), if any.
        public var context: String?
        /// The message (`msgid`); the header's is empty.
        public var id: String
        /// The plural message (`msgid_plural`), if any.
        public var plural: String?
        /// The translations: one, or one per plural form (`msgstr[n]`).
        public var forms: [String]
        /// Translator comments (`# …`), without the `# `.
        public var comments: [String] = []
        /// Where the message is used (`#: file:line`).
        public var references: [String] = []
        /// Flags (`#, fuzzy, python-format`).
        public var flags: [String] = []
        /// Whether the message is no longer used (written `#~`).
        public var isObsolete = false

        /// An entry for `id`.
        public init(context: String? = nil, id: String, plural: String? = nil, forms: [String]) {
            self.context = context
            self.id = id
            self.plural = plural
            self.forms = forms
        }

        /// Whether a translator marked it as needing review (msgfmt leaves it out).
        public var isFuzzy: Bool { flags.contains("fuzzy") }
    }

    /// The entries in the file's order, the header (the entry with an empty id) first if any.
    public var entries: [Entry]

    /// A file holding `entries`.
    public init(entries: [Entry] = []) { self.entries = entries }

    /// The header's text (`Plural-Forms: …` and the others, one per line), if the file has one.
    public var header: String? {
        entries.first { $0.id.isEmpty && $0.context == nil && !$0.isObsolete }?.forms.first
    }

    /// Reads a `.po` file; throws ``CatalogError`` with the line of a malformed entry.
    public init(parsing text: String) throws(CatalogError) {
        var entries: [Entry] = []
        var entry = Partial()
        var field: Partial.Field?
        var number = 0
        func finish() {
            if let built = entry.built { entries.append(built) }
            (entry, field) = (Partial(), nil)
        }
        let text = text.first == "\u{FEFF}" ? text.dropFirst() : Substring(text)
        // NB: "\r\n" is one Character in Swift, so lines are split on each kind of break.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty {
                if entry.id != nil { finish() }
                continue
            }
            var obsolete = false
            if trimmed.hasPrefix("#~") {
                obsolete = true
                trimmed = trimmed.dropFirst(2).drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty { continue }
            } else if trimmed.hasPrefix("#") {
                if entry.id != nil && field != nil && entry.hasTranslation { finish() }
                entry.comment(trimmed)
                continue
            }
            if trimmed.first == "\"" {
                guard let field else { throw CatalogError(line: number, "a string continues no keyword") }
                entry.append(try POFile.unquote(trimmed, line: number), to: field)
                continue
            }
            let keyword = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "\"" }
            let value = try POFile.unquote(
                trimmed.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }, line: number)
            let next: Partial.Field
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
            entry.isObsolete = entry.isObsolete || obsolete
            field = next
        }
        if entry.id != nil { finish() }
        self.entries = entries
    }

    /// The file's text, as xgettext and msgmerge write it.
    public var text: String {
        var out = ""
        for (index, entry) in entries.enumerated() {
            if index > 0 { out += "\n" }
            for comment in entry.comments { out += comment.isEmpty ? "#\n" : "# \(comment)\n" }
            var references = ""
            for reference in entry.references {
                if !references.isEmpty, references.count + reference.count + 1 > 79 {
                    out += references + "\n"
                    references = ""
                }
                references += (references.isEmpty ? "#:" : "") + " " + reference
            }
            if !references.isEmpty { out += references + "\n" }
            if !entry.flags.isEmpty { out += "#, " + entry.flags.joined(separator: ", ") + "\n" }
            let prefix = entry.isObsolete ? "#~ " : ""
            if let context = entry.context { out += POFile.field(prefix + "msgctxt", context, prefix: prefix) }
            out += POFile.field(prefix + "msgid", entry.id, prefix: prefix)
            if let plural = entry.plural {
                out += POFile.field(prefix + "msgid_plural", plural, prefix: prefix)
                for (number, form) in entry.forms.enumerated() {
                    out += POFile.field(prefix + "msgstr[\(number)]", form, prefix: prefix)
                }
            } else {
                out += POFile.field(prefix + "msgstr", entry.forms.first ?? "", prefix: prefix)
            }
        }
        return out
    }

    /// `keyword "text"`, or for text with line breaks inside, `keyword ""` and one quoted line
    /// per line (as xgettext writes the header).
    private static func field(_ keyword: String, _ text: String, prefix: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 2 || (lines.count == 2 && !lines[1].isEmpty) else {
            return keyword + " \"" + quote(text) + "\"\n"
        }
        var out = keyword + " \"\"\n"
        for (index, line) in lines.enumerated() where !(index == lines.count - 1 && line.isEmpty) {
            out += prefix + "\"" + quote(String(line)) + (index < lines.count - 1 ? "\\n" : "") + "\"\n"
        }
        return out
    }

    /// `text` with C's escapes, for a quoted `.po` string.
    static func quote(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.append(character)
            }
        }
        return out
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

    /// An entry as it is read, field by field.
    private struct Partial {
        enum Field: Equatable {
            case context, id, plural
            case form(Int)
        }

        var context: String?
        var id: String?
        var plural: String?
        var forms: [Int: String] = [:]
        var comments: [String] = []
        var references: [String] = []
        var flags: [String] = []
        var isObsolete = false

        var hasTranslation: Bool { !forms.isEmpty }

        var built: Entry? {
            guard let id else { return nil }
            let count = forms.keys.max().map { $0 + 1 } ?? 1
            var entry = Entry(context: context, id: id, plural: plural, forms: (0..<count).map { forms[$0] ?? "" })
            (entry.comments, entry.references, entry.flags, entry.isObsolete) = (
                comments, references, flags, isObsolete
            )
            return entry
        }

        mutating func comment(_ line: Substring) {
            if line.hasPrefix("#,") {
                flags += line.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
                    .filter { !$0.isEmpty }
            } else if line.hasPrefix("#:") {
                references += line.dropFirst(2).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            } else if line.hasPrefix("# ") || line == "#" {
                comments.append(String(line.dropFirst(2)))
            }
        }

        mutating func append(_ text: String, to field: Field) {
            switch field {
            case .context: context = (context ?? "") + text
            case .id: id = (id ?? "") + text
            case .plural: plural = (plural ?? "") + text
            case .form(let index): forms[index, default: ""] += text
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
