import Foundation

/// `striptags`, `truncatechars_html` and `truncatewords_html`, built on ``HTMLTokenizer`` as
/// Django builds them on Python's `HTMLParser` (django/utils/html.py and django/utils/text.py).
enum HTMLFilters {
    static let filters: [TemplateFilter] = [
        TemplateFilter("striptags", isSafe: true) { value, _, _ in .string(try stripTags(value.text)) },
        TemplateFilter("truncatechars_html", isSafe: true, argument: .required) { value, argument, _ in
            guard let length = BuiltinFilters.integer(argument) else { return value }
            return .string(try truncateHTML(value.text, length: length, words: false))
        },
        TemplateFilter("truncatewords_html", isSafe: true, argument: .required) { value, argument, _ in
            guard let length = BuiltinFilters.integer(argument) else { return value }
            return .string(try truncateHTML(value.text, length: length, words: true))
        },
    ]

    /// Django's limit on nested passes (and on `<` inside one unclosed tag).
    static let maxStripDepth = 50

    /// `strip_tags`: removes tags until a pass removes nothing more. Input built to need more
    /// than 50 passes is refused, as Django refuses it (`SuspiciousOperation`).
    static func stripTags(_ value: String) throws -> String {
        try rejectLongOpenTags(value)
        var value = value
        var depth = 0
        while value.utf8.contains(UInt8(ascii: "<")) && value.utf8.contains(UInt8(ascii: ">")) {
            guard depth < maxStripDepth else { throw suspicious }
            let stripped = try stripOnce(value)
            if lessThanCount(stripped) == lessThanCount(value) { break }
            value = stripped
            depth += 1
        }
        return value
    }

    private static let suspicious = TemplateRenderError(
        "striptags: the value nests tags more than \(maxStripDepth) levels deep (Django's SuspiciousOperation)")

    private static func lessThanCount(_ text: String) -> Int { text.utf8.lazy.filter { $0 == UInt8(ascii: "<") }.count }

    /// Django's `long_open_tag_without_closing_re` check: `<[a-zA-Z][^>]{1000,}` holding 50 `<`.
    private static func rejectLongOpenTags(_ value: String) throws {
        let scalars = Array(value.unicodeScalars)
        var i = 0
        var nextGreater = -1
        while i + 1 < scalars.count {
            guard scalars[i] == "<", scalars[i + 1].isASCIILetter else {
                i += 1
                continue
            }
            if nextGreater < i + 2 { nextGreater = scalars[(i + 2)...].firstIndex(of: ">") ?? scalars.count }
            let end = nextGreater
            guard end - (i + 2) >= 1000 else {
                i += 1
                continue
            }
            if scalars[i..<end].count(where: { $0 == "<" }) >= maxStripDepth { throw suspicious }
            i = end
        }
    }

    /// One `MLStripper` pass: text and entity references kept, everything else dropped.
    private static func stripOnce(_ value: String) throws -> String {
        var tokenizer = HTMLTokenizer(value, convertCharrefs: false)
        var output = ""
        let collect = { (event: HTMLTokenizer.Event) in
            switch event {
            case .data(let text): output += text
            case .entityref(let name): output += "&\(name);"
            case .charref(let name): output += "&#\(name);"
            case .startTag, .endTag, .ignored: break
            }
        }
        do {
            let stopped = try tokenizer.run(from: 0, end: false, collect)
            _ = try tokenizer.run(from: stopped, end: true, collect)
        } catch let failure as HTMLTokenizer.Failure {
            throw TemplateRenderError("striptags: \(failure.message)")
        }
        return output
    }

    // MARK: - Truncation

    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
        "wbr", "frame", "spacer",
    ]

    private struct TruncationCompleted: Error {}

    /// `Truncator.chars(html=True)` / `Truncator.words(html=True, truncate=" …")`: keeps tags,
    /// counts text, closes the tags still open where it cut.
    static func truncateHTML(_ value: String, length: Int, words: Bool) throws -> String {
        guard length > 0 else { return "" }
        let text = words ? value : value.precomposedStringWithCanonicalMapping
        let textLength = text.unicodeScalars.count
        var tokenizer = HTMLTokenizer(text, convertCharrefs: true)
        var open: [String] = []
        var output = ""
        var remaining = words ? length : max(0, length - 1)
        var processed = 0

        func closeTag(_ name: String) {
            guard !voidElements.contains(name) else { return }
            output += "</\(name)>"
            if open.last == name { open.removeLast() }
        }

        func handleData(_ data: String) throws {
            let count: Int
            let shown: String
            if words {
                let pieces = splitWords(data)
                count = pieces.count
                shown = pieces.prefix(remaining).joined(separator: " ")
            } else {
                let scalars = data.unicodeScalars
                count = scalars.count
                processed += count
                if processed == length && output.unicodeScalars.count + count == textLength {
                    output += data
                    throw TruncationCompleted()
                }
                shown = String(scalars.prefix(remaining))
            }
            let escaped = Escaping.html(shown)
            if remaining < count {
                remaining = 0
                output += words ? (escaped.hasSuffix(" …") ? escaped : escaped + " …") : escaped + "…"
                throw TruncationCompleted()
            }
            remaining -= count
            output += escaped
        }

        do {
            _ = try tokenizer.run(from: 0, end: false) { event in
                switch event {
                case .startTag(let name, let tagText, let selfClosing):
                    output += tagText
                    if !voidElements.contains(name) { open.append(name) }
                    if selfClosing { closeTag(name) }
                case .endTag(let name): closeTag(name)
                case .data(let data): try handleData(data)
                case .charref, .entityref, .ignored: break
                }
            }
        } catch is TruncationCompleted {
            output += open.reversed().map { "</\($0)>" }.joined()
        } catch let failure as HTMLTokenizer.Failure {
            throw TemplateRenderError("\(words ? "truncatewords_html" : "truncatechars_html"): \(failure.message)")
        }
        return output
    }

    /// `re.split(r"(?<=\S)\s+(?=\S)", data)`: whitespace runs between words split; leading and
    /// trailing whitespace stays with the first and last piece.
    private static func splitWords(_ data: String) -> [Substring] {
        let scalars = data.unicodeScalars
        var pieces: [Substring] = []
        var pieceStart = scalars.startIndex
        var index = scalars.startIndex
        var previousIsWord = false
        while index < scalars.endIndex {
            guard scalars[index].isPythonSpace, previousIsWord else {
                previousIsWord = !scalars[index].isPythonSpace
                index = scalars.index(after: index)
                continue
            }
            var runEnd = index
            while runEnd < scalars.endIndex, scalars[runEnd].isPythonSpace { runEnd = scalars.index(after: runEnd) }
            if runEnd < scalars.endIndex {
                pieces.append(Substring(scalars[pieceStart..<index]))
                pieceStart = runEnd
            }
            index = runEnd
            previousIsWord = false
        }
        pieces.append(Substring(scalars[pieceStart..<scalars.endIndex]))
        return pieces
    }
}
