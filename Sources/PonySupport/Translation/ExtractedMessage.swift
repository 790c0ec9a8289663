/// A message found in the app's code or templates by `makemessages`, with where it is used.
public struct ExtractedMessage: Sendable, Hashable {
    /// The context (`pgettext`'s, `context "…"`), if any.
    public var context: String?
    /// The message id.
    public var id: String
    /// The plural message id, if any.
    public var plural: String?
    /// The file, relative to the app's folder.
    public var file: String
    /// The 1-based line.
    public var line: Int

    /// A message used at `file:line`.
    public init(context: String? = nil, id: String, plural: String? = nil, file: String, line: Int) {
        self.context = context
        self.id = id
        self.plural = plural
        self.file = file
        self.line = line
    }

    /// The arguments whose literal text is a message id, translated where it shows: a model
    /// field's verbose name and help text (Django marks them with `gettext_lazy`), and a form
    /// field's label and help text.
    static let labelledMessages: Set<String> = ["verboseName", "verboseNamePlural", "helpText", "label"]

    /// The messages of Swift source: the literal arguments of each `translate(…)` call, its
    /// `plural:` and `context:` (Django's `xgettext` keywords, for Swift), and the literal
    /// `verboseName:`, `verboseNamePlural:`, `helpText:` and `label:` arguments. A message that
    /// is not a plain string literal (interpolated, raw, multi-line) is skipped.
    public static func inSwift(_ source: String, file: String) -> [ExtractedMessage] {
        var scanner = SwiftScanner(Array(source.unicodeScalars))
        var found: [ExtractedMessage] = []
        while let next = scanner.next(call: "translate", labels: labelledMessages) {
            switch next {
            case .call(let line):
                let arguments = scanner.arguments()
                guard let first = arguments.first, first.label == nil, let id = first.literal else { continue }
                let plural = arguments.first { $0.label == "plural" }?.literal
                let context = arguments.first { $0.label == "context" }?.literal
                found.append(ExtractedMessage(context: context, id: id, plural: plural, file: file, line: line))
            case .labelled(let line, let id) where !id.isEmpty:
                found.append(ExtractedMessage(id: id, file: file, line: line))
            case .labelled: continue
            }
        }
        return found
    }
}

/// A forward-only reader of Swift source that skips comments and string literals while it
/// looks for calls, and reads the literal arguments of the calls it finds.
private struct SwiftScanner {
    let text: [Unicode.Scalar]
    var index = 0
    var line = 1

    init(_ text: [Unicode.Scalar]) { self.text = text }

    struct Argument {
        var label: String?
        /// The argument's value when it is one plain string literal.
        var literal: String?
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? { index + offset < text.count ? text[index + offset] : nil }

    /// One scalar on; at the end, nothing (unfinished source must not trap).
    mutating func advance() {
        guard index < text.count else { return }
        if text[index] == "\n" { line += 1 }
        index += 1
    }

    static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// What ``next(call:labels:)`` found.
    enum Found {
        /// A call, with the cursor past its `(`.
        case call(line: Int)
        /// A plain string literal after one of the labels and its `:`.
        case labelled(line: Int, literal: String)
    }

    /// Moves past the next call of `name` and its `(`, or past the next plain string literal
    /// labelled with one of `labels`.
    mutating func next(call name: String, labels: Set<String>) -> Found? {
        while index < text.count {
            if skipTrivia() { continue }
            guard Self.isIdentifier(text[index]) else {
                advance()
                continue
            }
            let start = index
            let startLine = line
            while index < text.count, Self.isIdentifier(text[index]) { advance() }
            guard start == 0 || !Self.isIdentifier(text[start - 1]) else { continue }
            let word = String(String.UnicodeScalarView(text[start..<index]))
            while index < text.count, text[index] == " " || text[index] == "\t" { advance() }
            if word == name, peek() == "(" {
                advance()
                return .call(line: startLine)
            }
            if labels.contains(word), peek() == ":" {
                advance()
                while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                    advance()
                }
                let literalLine = line
                if peek() == "\"" || peek() == "#", let literal = stringLiteral() {
                    return .labelled(line: literalLine, literal: literal)
                }
            }
        }
        return nil
    }

    /// Skips a comment or a string literal at the cursor; `true` when it did.
    mutating func skipTrivia() -> Bool {
        if peek() == "/", peek(1) == "/" {
            while index < text.count, text[index] != "\n" { advance() }
            return true
        }
        if peek() == "/", peek(1) == "*" {
            var depth = 0
            repeat {
                if peek() == "/", peek(1) == "*" {
                    depth += 1
                    advance()
                } else if peek() == "*", peek(1) == "/" {
                    depth -= 1
                    advance()
                }
                if index < text.count { advance() }
            } while depth > 0 && index < text.count
            return true
        }
        if peek() == "#" || peek() == "\"" {
            _ = stringLiteral()
            return true
        }
        return false
    }

    /// Reads a string literal at the cursor (`"…"`, `"""…"""`, `#"…"#`); its text when it is a
    /// plain one-line literal without interpolation, else `nil` (but it is skipped all the
    /// same).
    mutating func stringLiteral() -> String? {
        var hashes = 0
        while peek() == "#" {
            hashes += 1
            advance()
        }
        guard peek() == "\"" else { return nil }
        let multiline = peek(1) == "\"" && peek(2) == "\""
        let quotes = multiline ? 3 : 1
        for _ in 0..<quotes { advance() }
        var value = ""
        var plain = hashes == 0 && !multiline
        while index < text.count {
            if text[index] == "\\" && hashes == 0 {
                advance()
                guard let escaped = peek() else { break }
                switch escaped {
                case "n": value += "\n"
                case "t": value += "\t"
                case "r": value += "\r"
                case "0": value += "\0"
                case "(":
                    plain = false
                    skipInterpolation()
                    continue
                case "u":
                    advance()
                    var digits = ""
                    if peek() == "{" {
                        advance()
                        while let scalar = peek(), scalar != "}" {
                            digits.unicodeScalars.append(scalar)
                            advance()
                        }
                    }
                    if let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) {
                        value.unicodeScalars.append(scalar)
                    }
                default: value.unicodeScalars.append(escaped)
                }
                advance()
                continue
            }
            if text[index] == "\"", closes(quotes: quotes, hashes: hashes) {
                for _ in 0..<(quotes + hashes) { advance() }
                return plain ? value : nil
            }
            if text[index] == "\n" && !multiline { return nil }
            value.unicodeScalars.append(text[index])
            advance()
        }
        return nil
    }

    func closes(quotes: Int, hashes: Int) -> Bool {
        for offset in 0..<quotes where peek(offset) != "\"" { return false }
        for offset in 0..<hashes where peek(quotes + offset) != "#" { return false }
        return true
    }

    /// Skips `(…)` of an interpolation, with the cursor on its `(`.
    mutating func skipInterpolation() {
        var depth = 0
        while index < text.count {
            if skipTrivia() { continue }
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" {
                depth -= 1
                if depth == 0 {
                    advance()
                    return
                }
            }
            advance()
        }
    }

    /// The arguments up to the call's `)`, each with its label and, when it is one plain
    /// literal, its text.
    mutating func arguments() -> [Argument] {
        var arguments: [Argument] = []
        var current = Argument()
        var pieces = 0
        var depth = 0
        while index < text.count {
            let scalar = text[index]
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                advance()
                continue
            }
            if depth == 0, scalar == "\"" || scalar == "#" {
                let literal = stringLiteral()
                current.literal = pieces == 0 ? literal : nil
                pieces += 1
                continue
            }
            if skipTrivia() { continue }
            if "([{".unicodeScalars.contains(scalar) { depth += 1 }
            if ")]}".unicodeScalars.contains(scalar) {
                if depth == 0 {
                    advance()
                    if pieces > 0 || current.label != nil { arguments.append(current) }
                    return arguments
                }
                depth -= 1
            }
            if depth == 0, scalar == "," {
                arguments.append(current)
                (current, pieces) = (Argument(), 0)
                advance()
                continue
            }
            if depth == 0, pieces == 0, current.label == nil, Self.isIdentifier(scalar) {
                let start = index
                while index < text.count, Self.isIdentifier(text[index]) { advance() }
                let word = String(String.UnicodeScalarView(text[start..<index]))
                var look = index
                while look < text.count, text[look] == " " { look += 1 }
                if look < text.count, text[look] == ":" {
                    current.label = word
                    while index <= look { advance() }
                } else {
                    current.literal = nil
                    pieces += 1
                }
                continue
            }
            if depth == 0 {
                current.literal = nil
                pieces += 1
            }
            advance()
        }
        return arguments
    }
}
