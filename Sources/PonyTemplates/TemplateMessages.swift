internal import Foundation
public import PonySupport

extension ExtractedMessage {
    /// The messages of a template, as Django's `makemessages` finds them (its `templatize`):
    /// `{% translate "…" %}` (with `%` doubled), `{% blocktranslate %}` bodies (with
    /// `%(name)s` for variables, `trimmed`, `{% plural %}`), `context "…"`, and `_("…")` in tags
    /// and variables. Throws ``CatalogError`` for a block tag inside `blocktranslate`, as Django
    /// does.
    public static func inTemplate(_ source: String, file: String) throws(CatalogError) -> [ExtractedMessage] {
        var found: [ExtractedMessage] = []
        var block: (line: Int, context: String?, trimmed: Bool, singular: String, plural: String?)?
        var inComment = false
        func constants(_ text: String, line: Int) {
            for literal in Self.translatedConstants(text) {
                found.append(ExtractedMessage(id: literal, file: file, line: line))
            }
        }
        for token in Lexer.tokenize(source) {
            if inComment {
                if token.kind == .block, token.contents == "endcomment" { inComment = false }
                continue
            }
            if var open = block {
                switch token.kind {
                case .block:
                    let command = token.contents.trimmingSpaces
                    if command == "endblocktrans" || command == "endblocktranslate" {
                        let singular = open.trimmed ? BlockTranslateNode.trimWhitespace(open.singular) : open.singular
                        let plural = open.plural.map { open.trimmed ? BlockTranslateNode.trimWhitespace($0) : $0 }
                        found.append(
                            ExtractedMessage(
                                context: open.context, id: singular, plural: plural, file: file, line: open.line))
                        block = nil
                    } else if command == "plural" {
                        open.plural = ""
                        block = open
                    } else {
                        var error = CatalogError(
                            line: token.line,
                            "Translation blocks must not include other block tags: \(token.contents)")
                        error.file = file
                        throw error
                    }
                case .variable, .text:
                    let piece =
                        token.kind == .variable
                        ? "%(" + token.contents + ")s" : token.contents.replacingOccurrences(of: "%", with: "%%")
                    if open.plural != nil { open.plural! += piece } else { open.singular += piece }
                    block = open
                case .comment:
                    continue
                }
                continue
            }
            switch token.kind {
            case .block:
                let words = token.words
                let command = words.first ?? ""
                if command == "translate" || command == "trans", words.count >= 2, let id = Self.quoted(words[1]) {
                    found.append(
                        ExtractedMessage(
                            context: Self.context(words), id: id.replacingOccurrences(of: "%", with: "%%"),
                            file: file, line: token.line))
                } else if command == "blocktranslate" || command == "blocktrans" {
                    constants(token.contents, line: token.line)
                    block = (token.line, Self.context(words), words.contains("trimmed"), "", nil)
                } else if command == "comment" {
                    inComment = true
                } else {
                    constants(token.contents, line: token.line)
                }
            case .variable:
                let parts = token.contents.split(separator: "|", omittingEmptySubsequences: false)
                if let first = parts.first, first.hasPrefix("_(") { constants(String(first), line: token.line) }
                for part in parts.dropFirst() where part.contains(":_(") {
                    constants(String(part.drop { $0 != ":" }), line: token.line)
                }
            case .text, .comment:
                continue
            }
        }
        return found
    }

    /// A quoted word's text (before any `|filter`), quotes stripped as Django's `templatize`
    /// strips them.
    private static func quoted(_ word: String) -> String? {
        guard let quote = word.first, quote == "\"" || quote == "'",
            let close = word.dropFirst().firstIndex(of: quote)
        else { return nil }
        let rest = word[word.index(after: close)...]
        guard rest.isEmpty || rest.first == "|" else { return nil }
        var text = word[...close]
        while text.first == quote { text.removeFirst() }
        while text.last == quote { text.removeLast() }
        return String(text)
    }

    /// The quoted value after `context`, if the tag has one.
    private static func context(_ words: [String]) -> String? {
        guard let index = words.firstIndex(of: "context"), index + 1 < words.count else { return nil }
        return quoted(words[index + 1])
    }

    /// The literals of `_("…")` and `_('…')` in `text` (Django's `constant_re`).
    private static func translatedConstants(_ text: String) -> [String] {
        var literals: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "_(") {
            rest = rest[start.upperBound...]
            guard let quote = rest.first, quote == "\"" || quote == "'",
                let close = rest.dropFirst().range(of: String(quote) + ")")
            else { continue }
            let literal = String(rest[..<close.upperBound].dropLast())
            literals.append(Operand.unescapeStringLiteral(literal))
            rest = rest[close.upperBound...]
        }
        return literals
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
