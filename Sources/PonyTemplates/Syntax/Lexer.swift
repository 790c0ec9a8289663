// How a template is rendered (Django's django/template/base.py, step by step):
//
//   Lexer: source → tokens (text, {{ variable }}, {% block %}, {# comment #}), each with its
//          line and column
//   Parser: tokens → nodes; tags parse their own arguments and bodies (Tags.swift)
//   FilterExpression: "value|filter:arg" → a variable or literal and a chain of filters
//   Node.render(context): nodes write to the output, escaping variables unless autoescape is
//          off or the value is marked safe.
//
// Templates are parsed once and rendered many times; nothing in the tree is mutated at render.

/// One piece of a template's source.
struct Token: Sendable {
    enum Kind: Sendable {
        case text, variable, block, comment
    }

    let kind: Kind
    /// For text, the text; for the others, what is between the delimiters, trimmed.
    let contents: String
    /// The 1-based line and column of the token's first character.
    let line: Int
    let column: Int

    /// The block tag's words, with quoted strings kept together (Django's `split_contents`).
    var words: [String] { Token.splitContents(contents) }

    static func splitContents(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in text {
            if let open = quote {
                current.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
            } else if character == " " || character == "\t" || character == "\n" {
                if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            } else {
                if character == "\"" || character == "'" { quote = character }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

/// Splits template source into tokens as Django's `Lexer` does: a tag never spans lines, and
/// `{% verbatim %}` keeps everything up to its `{% endverbatim %}` as text.
enum Lexer {
    static func tokenize(_ source: String) -> [Token] {
        var tokens: [Token] = []
        let bytes = Array(source.utf8)
        var position = 0
        var textStart = 0
        var line = 1
        var lineStart = 0
        var textLine = 1
        var textColumn = 1
        var verbatimEnd: String?

        func flushText(until end: Int) {
            guard end > textStart else { return }
            tokens.append(
                Token(
                    kind: .text, contents: String(decoding: bytes[textStart..<end], as: UTF8.self),
                    line: textLine, column: textColumn))
        }

        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                position += 1
                line += 1
                lineStart = position
                continue
            }
            guard byte == UInt8(ascii: "{"), position + 1 < bytes.count else {
                position += 1
                continue
            }
            let opener = bytes[position + 1]
            let closer: UInt8
            let kind: Token.Kind
            switch opener {
            case UInt8(ascii: "{"): (closer, kind) = (UInt8(ascii: "}"), .variable)
            case UInt8(ascii: "%"): (closer, kind) = (UInt8(ascii: "%"), .block)
            case UInt8(ascii: "#"): (closer, kind) = (UInt8(ascii: "#"), .comment)
            default:
                position += 1
                continue
            }
            // The closing delimiter must be on the same line (Django's regex has no DOTALL).
            var end = position + 2
            var found = false
            while end + 1 < bytes.count, bytes[end] != UInt8(ascii: "\n") {
                if bytes[end] == closer && bytes[end + 1] == UInt8(ascii: "}") {
                    found = true
                    break
                }
                end += 1
            }
            guard found else {
                position += 1
                continue
            }
            let inner = String(decoding: bytes[(position + 2)..<end], as: UTF8.self)
            let column = position - lineStart + 1
            if let closing = verbatimEnd {
                // Inside {% verbatim %}: only the matching end tag ends the text.
                if kind == .block, inner.trimmingWhitespace() == closing {
                    flushText(until: position)
                    tokens.append(Token(kind: .block, contents: closing, line: line, column: column))
                    verbatimEnd = nil
                    position = end + 2
                    textStart = position
                    textLine = line
                    textColumn = position - lineStart + 1
                } else {
                    position += 1
                }
                continue
            }
            flushText(until: position)
            let contents = inner.trimmingWhitespace()
            tokens.append(Token(kind: kind, contents: contents, line: line, column: column))
            if kind == .block, contents == "verbatim" || contents.hasPrefix("verbatim ") {
                verbatimEnd = "end" + contents
            }
            position = end + 2
            textStart = position
            textLine = line
            textColumn = position - lineStart + 1
        }
        flushText(until: bytes.count)
        return tokens
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines (Python's `strip()`).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
