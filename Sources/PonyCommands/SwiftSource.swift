// A Swift file's top-level items, for `pony convert`: which bytes are code, comments or
// string literals, and where one top-level declaration or statement ends and the next begins.
// It is not a parser: it needs only enough of Swift's grammar to cut a file where the
// compiler would, and it never traps on a file that does not compile.

/// What a byte of Swift source is part of.
enum SourceByte: UInt8, Sendable {
    case code, comment, string
}

/// One top-level item of a Swift file: a declaration or a statement. String literals count
/// as strings, except the code interpolated in them.
struct TopLevelItem: Equatable, Sendable {
    /// The blank lines and comments before the item (a doc comment, a section comment).
    var leading: String
    /// The item, from the start of its first line to the end of its last one (a comment
    /// after it on that line included), without the final newline.
    var text: String
    /// `text` with comments and string literals (not their interpolations) blanked out, for
    /// finding words in it.
    var code: String
}

/// Splits Swift source into its top-level items.
struct SwiftSource: Sendable {
    let bytes: [UInt8]
    /// What each byte of `bytes` is.
    let kinds: [SourceByte]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var lexer = Lexer(bytes: bytes)
        lexer.scanCode(insideInterpolation: false)
        kinds = lexer.kinds
    }

    /// The top-level items, in order, and the comments after the last one.
    func items() -> (items: [TopLevelItem], trailing: String) {
        var items: [TopLevelItem] = []
        var start = 0  // where the current item's leading trivia starts
        var depth = 0
        var conditionalDepth = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard kinds[index] == .code else {
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            case UInt8(ascii: "#") where startsLine(index):
                if word(at: index + 1) == "if" { conditionalDepth += 1 }
                if word(at: index + 1) == "endif" { conditionalDepth = max(0, conditionalDepth - 1) }
            case UInt8(ascii: "\n"), UInt8(ascii: ";"):
                if depth == 0, conditionalDepth == 0, endsItem(at: index, from: start) {
                    items.append(item(from: start, to: index))
                    start = index + 1
                }
            default: break
            }
            index += 1
        }
        if firstCode(from: start, to: bytes.count) != nil {
            items.append(item(from: start, to: bytes.count))
            return (items, "")
        }
        return (items, text(start, bytes.count))
    }

    // MARK: - Where items end

    /// Whether the newline (or `;`) at `end` ends the item that started at `start`.
    private func endsItem(at end: Int, from start: Int) -> Bool {
        if bytes[end] == UInt8(ascii: ";") { return true }
        guard let first = firstCode(from: start, to: end) else { return false }
        guard let last = lastCode(before: end, notBefore: first) else { return false }
        if onlyAttributes(from: first, to: last + 1) { return false }
        // The line ends in an operator, a comma, or an open keyword: the item goes on.
        let continuing = Array("=,.([:+-*/%&|^<~\\".utf8)
        if continuing.contains(bytes[last]) { return false }
        if bytes[last] == UInt8(ascii: ">"), last > 0, bytes[last - 1] == UInt8(ascii: "-") { return false }
        if let word = word(endingAt: last), ["try", "await", "return", "as", "is", "where", "in"].contains(word) {
            return false
        }
        // The next line carries on: `.member`, an operator, a trailing closure, `else`, `catch`…
        guard let next = firstCode(from: end + 1, to: bytes.count) else { return true }
        let carrying = Array(".{+*/%&|^=<>?:".utf8)
        if carrying.contains(bytes[next]) { return false }
        if bytes[next] == UInt8(ascii: "-"), next + 1 < bytes.count, bytes[next + 1] == UInt8(ascii: ">") {
            return false
        }
        if let word = word(at: next), ["else", "catch", "where", "as", "is", "in", "throws", "async"].contains(word) {
            return false
        }
        return true
    }

    /// Whether the code in `start..<end` is only attributes and modifiers (`@Model(…)`,
    /// `public final`), which the declaration on a later line goes with.
    private func onlyAttributes(from start: Int, to end: Int) -> Bool {
        var index = start
        var sawAny = false
        while index < end {
            let byte = bytes[index]
            if kinds[index] != .code || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\t")
            {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "@") {
                index += 1
                while index < end, isIdentifier(bytes[index]) || bytes[index] == UInt8(ascii: ".") { index += 1 }
                if index < end, bytes[index] == UInt8(ascii: "(") { index = closing(from: index, limit: end) }
                sawAny = true
                continue
            }
            guard let word = word(at: index), Self.modifiers.contains(word) else { return false }
            index += word.utf8.count
            sawAny = true
        }
        return sawAny
    }

    /// Declaration modifiers that may stand on a line before the declaration.
    static let modifiers: Set<String> = [
        "public", "private", "fileprivate", "internal", "package", "open", "final", "static", "nonisolated",
        "indirect", "dynamic", "lazy", "optional", "required", "convenience", "override", "mutating",
        "nonmutating", "unowned", "weak",
    ]

    /// The index after the parenthesis that closes the one at `open` (or `limit`).
    private func closing(from open: Int, limit: Int) -> Int {
        var depth = 0
        var index = open
        while index < limit {
            if kinds[index] == .code {
                if bytes[index] == UInt8(ascii: "(") { depth += 1 }
                if bytes[index] == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { return index + 1 }
                }
            }
            index += 1
        }
        return limit
    }

    // MARK: - Bytes and words

    /// Whether the byte is white space or part of a comment (a string literal is a value).
    private func isBlank(_ index: Int) -> Bool {
        switch kinds[index] {
        case .comment: true
        case .string: false
        case .code: bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 || bytes[index] == 0x0D
        }
    }

    private func firstCode(from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end, isBlank(index) { index += 1 }
        return index < end ? index : nil
    }

    private func lastCode(before end: Int, notBefore start: Int) -> Int? {
        var index = end - 1
        while index >= start, isBlank(index) { index -= 1 }
        return index >= start ? index : nil
    }

    private func startsLine(_ index: Int) -> Bool {
        var before = index - 1
        while before >= 0, bytes[before] == 0x20 || bytes[before] == 0x09 { before -= 1 }
        return before < 0 || bytes[before] == 0x0A
    }

    func isIdentifier(_ byte: UInt8) -> Bool {
        byte == 0x5F || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }

    /// The identifier that starts at `index`, if one does.
    private func word(at index: Int) -> String? {
        var end = index
        while end < bytes.count, kinds[end] == .code, isIdentifier(bytes[end]) { end += 1 }
        return end > index ? text(index, end) : nil
    }

    /// The identifier that ends at `index` (inclusive), if one does and starts a word.
    private func word(endingAt index: Int) -> String? {
        var start = index
        while start >= 0, kinds[start] == .code, isIdentifier(bytes[start]) { start -= 1 }
        return start < index ? text(start + 1, index + 1) : nil
    }

    private func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    /// The item in `start..<end`: its leading trivia up to the line its code starts on.
    private func item(from start: Int, to end: Int) -> TopLevelItem {
        let first = firstCode(from: start, to: end) ?? start
        var lineStart = first
        while lineStart > start, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var textEnd = end
        while textEnd > lineStart, bytes[textEnd - 1] == 0x0A || bytes[textEnd - 1] == 0x0D { textEnd -= 1 }
        let code = (lineStart..<textEnd).map { kinds[$0] == .code || bytes[$0] == 0x0A ? bytes[$0] : 0x20 }
        return TopLevelItem(
            leading: text(start, lineStart), text: text(lineStart, textEnd),
            code: String(decoding: code, as: UTF8.self))
    }
}

/// Marks each byte as code, comment or string literal.
private struct Lexer {
    let bytes: [UInt8]
    var kinds: [SourceByte]
    var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        kinds = Array(repeating: .code, count: bytes.count)
    }

    private func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    private mutating func mark(_ count: Int, _ kind: SourceByte) {
        let end = min(bytes.count, index + count)
        for position in index..<max(index, end) { kinds[position] = kind }
        index = max(index, end)
    }

    /// Code up to the end, or (in an interpolation) past the parenthesis that closes it.
    mutating func scanCode(insideInterpolation: Bool) {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/"), at(1) == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != 0x0A { mark(1, .comment) }
            } else if byte == UInt8(ascii: "/"), at(1) == UInt8(ascii: "*") {
                scanBlockComment()
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "#") {
                var hashes = 0
                while let next = at(hashes), next == UInt8(ascii: "#") { hashes += 1 }
                if at(hashes) == UInt8(ascii: "\"") {
                    scanString(hashes: hashes)
                } else {
                    mark(max(1, hashes), .code)
                }
            } else {
                if insideInterpolation {
                    if byte == UInt8(ascii: "(") { depth += 1 }
                    if byte == UInt8(ascii: ")") {
                        if depth == 0 {
                            mark(1, .code)
                            return
                        }
                        depth -= 1
                    }
                }
                mark(1, .code)
            }
        }
    }

    private mutating func scanBlockComment() {
        var depth = 0
        repeat {
            if bytes[index] == UInt8(ascii: "/"), at(1) == UInt8(ascii: "*") {
                depth += 1
                mark(2, .comment)
            } else if bytes[index] == UInt8(ascii: "*"), at(1) == UInt8(ascii: "/") {
                depth -= 1
                mark(2, .comment)
            } else {
                mark(1, .comment)
            }
        } while depth > 0 && index < bytes.count
    }

    /// A string literal starting at `index` with `hashes` `#`s (a raw string) before its quote.
    private mutating func scanString(hashes: Int) {
        let multiline = at(hashes + 1) == UInt8(ascii: "\"") && at(hashes + 2) == UInt8(ascii: "\"")
        let quotes = multiline ? 3 : 1
        mark(hashes + quotes, .string)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), (1...max(1, hashes)).allSatisfy({ hashes == 0 || at($0) == 0x23 }) {
                let after = hashes + 1
                if at(after) == UInt8(ascii: "(") {
                    // NB: the interpolated code stays code (it names things), but not its
                    // parentheses, which would otherwise unbalance the brackets around.
                    mark(after + 1, .string)
                    scanCode(insideInterpolation: true)
                    if index > 0, bytes[index - 1] == UInt8(ascii: ")") { kinds[index - 1] = .string }
                } else {
                    mark(after + 1, .string)
                }
                continue
            }
            if byte == 0x0A, !multiline { return }  // an unterminated literal ends with its line
            if byte == UInt8(ascii: "\""), (0..<quotes).allSatisfy({ at($0) == 0x22 }),
                (0..<hashes).allSatisfy({ at(quotes + $0) == 0x23 })
            {
                mark(quotes + hashes, .string)
                return
            }
            mark(1, .string)
        }
    }
}
