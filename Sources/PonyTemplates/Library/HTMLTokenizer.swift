/// A port of Python's `html.parser.HTMLParser` tokenizer (CPython 3.11), which Django's
/// `striptags`, `truncatechars_html` and `truncatewords_html` are built on: same tolerant
/// rules for what is a tag, what is text, and where an unfinished construct stops. Positions
/// are code points, as in Python. Every scan moves forward, so a run is linear in the input
/// (CPython's regular expressions can backtrack; these scanners never do). The test client's
/// HTML comparison (Django's `django.test.html`) reads HTML with it too.
package struct HTMLTokenizer {
    /// What the tokenizer reports.
    package enum Event {
        /// Text (raw, or unescaped in `convertCharrefs` mode).
        case data(String)
        /// A start tag: lower-cased name, original text, and whether it ended with `/>`.
        case startTag(name: String, text: String, selfClosing: Bool)
        /// An end tag's lower-cased name.
        case endTag(String)
        /// `&#…;` without `&#` and `;`.
        case charref(String)
        /// `&name;` without `&` and `;`.
        case entityref(String)
        /// Comments, declarations and processing instructions, which every Django user drops.
        case ignored
    }

    /// Thrown for constructs Python's parser rejects with an exception (`<![unknown`).
    package struct Failure: Error {
        package let message: String
    }

    let text: [Unicode.Scalar]
    /// Python's `convert_charrefs`: entities are decoded as part of text instead of reported.
    let convertCharrefs: Bool
    private(set) var cdataElement: String?
    /// Where the construct being reported starts, in code points: Python's `getpos()`.
    package private(set) var position = 0

    package init(_ text: String, convertCharrefs: Bool) {
        self.text = Array(text.unicodeScalars)
        self.convertCharrefs = convertCharrefs
    }

    /// Python's `goahead(end)` from `start`: reports events until the input ends or an
    /// unfinished construct stops it (left for `end`); returns where it stopped. `emit` may
    /// throw to stop early, as Django's truncating parser does.
    package mutating func run(from start: Int, end: Bool, _ emit: (Event) throws -> Void) throws -> Int {
        let n = text.count
        var i = start
        while i < n {
            position = i
            var j: Int
            if convertCharrefs && cdataElement == nil {
                if let lt = find("<", from: i) {
                    j = lt
                } else {
                    if let amp = rfind("&", from: max(i, n - 34)), !hasSpaceOrSemicolon(from: amp) { break }
                    j = n
                }
            } else if let match = cdataElement.map({ findCDATAEnd($0, from: i) }) ?? findInteresting(from: i) {
                j = match
            } else {
                if cdataElement != nil { break }
                j = n
            }
            if i < j { try emit(.data(dataText(i..<j))) }
            i = j
            position = i
            if i == n { break }
            if text[i] == "<" {
                var k: Int
                if i + 1 < n, text[i + 1].isASCIILetter {
                    k = try startTag(at: i, emit)
                } else if starts("</", at: i) {
                    k = try endTag(at: i, emit)
                } else if starts("<!--", at: i) {
                    k = commentEnd(at: i)
                } else if starts("<?", at: i) {
                    k = find(">", from: i + 2).map { $0 + 1 } ?? -1
                } else if starts("<!", at: i) {
                    k = try declarationEnd(at: i)
                } else if i + 1 < n {
                    try emit(.data("<"))
                    k = i + 1
                } else {
                    break
                }
                if k < 0 {
                    if !end { break }
                    k = find(">", from: i + 1).map { $0 + 1 } ?? find("<", from: i + 1) ?? (i + 1)
                    try emit(.data(dataText(i..<k)))
                }
                i = k
            } else if starts("&#", at: i) {
                if let (name, k) = charref(at: i) {
                    try emit(.charref(name))
                    i = k
                    continue
                }
                if find(";", from: i) != nil {
                    try emit(.data("&#"))
                    i += 2
                }
                break
            } else if let (name, k) = entityref(at: i) {
                try emit(.entityref(name))
                i = k
            } else if i + 1 < n, text[i + 1].isASCIILetter || text[i + 1] == "#" {
                if end && i + 2 == n { i += 1 }
                break
            } else if i + 1 < n {
                try emit(.data("&"))
                i += 1
            } else {
                break
            }
        }
        if end && i < n && cdataElement == nil {
            try emit(.data(dataText(i..<n)))
            i = n
        }
        return i
    }

    // MARK: - Constructs

    /// `parse_starttag`: where the tag ends, or -1 when it is unfinished.
    private mutating func startTag(at i: Int, _ emit: (Event) throws -> Void) throws -> Int {
        let endpos = wholeStartTagEnd(at: i)
        guard endpos >= 0 else { return endpos }
        let nameEnd = tagNameEnd(from: i + 1)
        let name = slice((i + 1)..<nameEnd).lowercased()
        let k = attributes(from: nameEnd, to: endpos) { _, _ in }
        let rest = slice(k..<endpos).pythonStripped
        guard rest == ">" || rest == "/>" else {
            try emit(.data(slice(i..<endpos)))
            return endpos
        }
        let selfClosing = rest.hasSuffix("/>")
        try emit(.startTag(name: name, text: slice(i..<endpos), selfClosing: selfClosing))
        if !selfClosing, name == "script" || name == "style" { cdataElement = name }
        return endpos
    }

    /// `parse_endtag`: where the tag ends, or -1 when it is unfinished.
    private mutating func endTag(at i: Int, _ emit: (Event) throws -> Void) throws -> Int {
        guard let gt = find(">", from: i + 1) else { return -1 }
        let gtpos = gt + 1
        guard let name = strictEndTagName(at: i) else {
            if cdataElement != nil {
                try emit(.data(slice(i..<gtpos)))
                return gtpos
            }
            guard i + 2 < text.count, text[i + 2].isASCIILetter else {
                if starts("</>", at: i) { return i + 3 }
                guard let close = find(">", from: i + 2) else { return -1 }
                try emit(.ignored)
                return close + 1
            }
            let nameEnd = tagNameEnd(from: i + 2)
            let close = (find(">", from: skipTagSpace(from: nameEnd)) ?? (text.count - 1)) + 1
            try emit(.endTag(slice((i + 2)..<nameEnd).lowercased()))
            return close
        }
        if let element = cdataElement, name != element {
            try emit(.data(slice(i..<gtpos)))
            return gtpos
        }
        cdataElement = nil
        try emit(.endTag(name))
        return gtpos
    }

    /// `</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>` at `i`: the lower-cased name.
    private func strictEndTagName(at i: Int) -> String? {
        var k = skipSpace(from: i + 2)
        guard k < text.count, text[k].isASCIILetter else { return nil }
        let start = k
        while k < text.count, text[k].isASCIIAlphanumeric || "-.:_".unicodeScalars.contains(text[k]) { k += 1 }
        let end = k
        k = skipSpace(from: k)
        guard k < text.count, text[k] == ">" else { return nil }
        return slice(start..<end).lowercased()
    }

    /// `<!--` … `--\s*>`.
    private func commentEnd(at i: Int) -> Int {
        var k = i + 4
        while let dash = find("-", from: k) {
            if dash + 1 < text.count, text[dash + 1] == "-" {
                let after = skipSpace(from: dash + 2)
                if after < text.count, text[after] == ">" { return after + 1 }
            }
            k = dash + 1
        }
        return -1
    }

    /// `parse_html_declaration`: comments, marked sections, doctype, bogus comments.
    private func declarationEnd(at i: Int) throws -> Int {
        if starts("<![", at: i) {
            var k = i + 3
            guard k < text.count, text[k].isASCIILetter else { throw Failure(message: "expected name token") }
            let start = k
            while k < text.count, text[k].isASCIIAlphanumeric || "-_.".unicodeScalars.contains(text[k]) { k += 1 }
            let keyword = slice(start..<k).lowercased()
            if k == text.count { return -1 }
            let closers: [Unicode.Scalar]
            switch keyword {
            case "temp", "cdata", "ignore", "include", "rcdata": closers = ["]", "]", ">"]
            case "if", "else", "endif": closers = ["]", ">"]
            default: throw Failure(message: "unknown status keyword '\(keyword)' in marked section")
            }
            return markedSectionEnd(from: i + 3, closers)
        }
        if i + 9 <= text.count,
            slice(i..<(i + 9)).lowercased() == "<!doctype"
        {
            return find(">", from: i + 9).map { $0 + 1 } ?? -1
        }
        return find(">", from: i + 2).map { $0 + 1 } ?? -1
    }

    /// The end of `]\s*]\s*>` (or `]\s*>`) searched from `start`.
    private func markedSectionEnd(from start: Int, _ closers: [Unicode.Scalar]) -> Int {
        var k = start
        while let bracket = find("]", from: k) {
            var position = bracket + 1
            var matched = true
            for closer in closers.dropFirst() {
                position = skipSpace(from: position)
                guard position < text.count, text[position] == closer else {
                    matched = false
                    break
                }
                position += 1
            }
            if matched { return position }
            k = bracket + 1
        }
        return -1
    }

    /// `&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]`: the reference and where text resumes.
    private func charref(at i: Int) -> (String, Int)? {
        var k = i + 2
        let hex = k < text.count && (text[k] == "x" || text[k] == "X")
        if hex { k += 1 }
        let digitsStart = k
        while k < text.count, hex ? text[k].isHexDigit : text[k].isDecimalDigit { k += 1 }
        guard k > digitsStart, k < text.count, !text[k].isHexDigit else { return nil }
        let name = slice((i + 2)..<k)
        return (name, text[k] == ";" ? k + 1 : k)
    }

    /// `&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]`.
    private func entityref(at i: Int) -> (String, Int)? {
        var k = i + 1
        guard k < text.count, text[k].isASCIILetter else { return nil }
        while k < text.count, text[k].isASCIIAlphanumeric || text[k] == "-" || text[k] == "." { k += 1 }
        guard k < text.count else { return nil }
        let name = slice((i + 1)..<k)
        return (name, text[k] == ";" ? k + 1 : k)
    }

    // MARK: - Start-tag scanning (Python's locatestarttagend_tolerant and attrfind_tolerant)

    /// `check_for_whole_start_tag`: where the start tag ends, or -1 when it is unfinished.
    private func wholeStartTagEnd(at i: Int) -> Int {
        var j = tagNameEnd(from: i + 1)
        while j < text.count, text[j].isPythonSpace || text[j] == "/" { j += 1 }
        while let next = attributeEnd(at: j, trailingSpace: true) { j = next }
        j = skipSpace(from: j)
        guard j < text.count else { return -1 }
        if text[j] == ">" { return j + 1 }
        if text[j] == "/" { return starts("/>", at: j) ? j + 2 : -1 }
        if text[j] == "=" || text[j].isASCIILetter { return -1 }
        return j > i ? j : i + 1
    }

    /// One attribute (`name`, `name=value`, `name = 'v'`, …) and the separators after it, if
    /// one starts at `k`.
    private func attributeEnd(at k: Int, trailingSpace: Bool = false) -> Int? {
        guard k > 0, k < text.count else { return nil }
        let before = text[k - 1]
        guard before == "'" || before == "\"" || before == "/" || before.isPythonSpace else { return nil }
        guard !text[k].isPythonSpace, text[k] != "/", text[k] != ">" else { return nil }
        var j = k + 1
        while j < text.count, !text[j].isPythonSpace, text[j] != "/", text[j] != "=", text[j] != ">" { j += 1 }
        if let valueEnd = valueEnd(at: j) {
            j = trailingSpace ? skipSpace(from: valueEnd) : valueEnd
        }
        return skipTagSpace(from: j)
    }

    private func valueEnd(at start: Int) -> Int? { valueRange(at: start)?.upperBound }

    /// `\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*)` at `start`, with the regular expression's
    /// backtracking worked out: an unclosed quote right after `=`s gives up one `=` (or the
    /// spaces after them) and takes a bare value instead. The range is the value's.
    private func valueRange(at start: Int) -> Range<Int>? {
        var j = skipSpace(from: start)
        var equals = 0
        while j < text.count, text[j] == "=" {
            j += 1
            equals += 1
        }
        guard equals > 0 else { return nil }
        let afterEquals = j
        j = skipSpace(from: j)
        if let end = quotedOrBareEnd(at: j) { return j..<end }
        if j > afterEquals { return j..<j }
        if equals > 1 { return (afterEquals - 1)..<bareEnd(from: afterEquals - 1) }
        return nil
    }

    /// `parse_starttag`'s attribute loop from `nameEnd` (the end of the tag's name): reports
    /// each attribute's lower-cased name and its raw value (`nil` for none), and returns where
    /// the attributes end.
    private func attributes(from nameEnd: Int, to endpos: Int, _ report: (String, String?) -> Void) -> Int {
        var k = skipTagSpace(from: nameEnd)
        while k < endpos, let next = attributeEnd(at: k) {
            var j = k + 1
            while j < text.count, !text[j].isPythonSpace, text[j] != "/", text[j] != "=", text[j] != ">" { j += 1 }
            report(slice(k..<j).lowercased(), valueRange(at: j).map { slice($0) })
            k = next
        }
        return k
    }

    /// The attributes of a start tag (`<input type="checkbox" checked>`) as Python's
    /// `HTMLParser` gives them to `handle_starttag`: names lower-cased, values unquoted and
    /// unescaped, `nil` for an attribute without `=`.
    package static func attributes(ofStartTag tag: String) -> [(name: String, value: String?)] {
        let tokenizer = HTMLTokenizer(tag, convertCharrefs: false)
        var result: [(name: String, value: String?)] = []
        _ = tokenizer.attributes(from: tokenizer.tagNameEnd(from: 1), to: tokenizer.text.count) { name, raw in
            guard var value = raw else { return result.append((name, nil)) }
            if let first = value.first, first == "'" || first == "\"", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            result.append((name, value.isEmpty ? value : HTMLEntities.unescape(value)))
        }
        return result
    }

    /// The line (from 1) and column (from 0) of `index`, as Python's `getpos()` counts them.
    package func lineAndColumn(of index: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for k in 0..<min(index, text.count) where text[k] == "\n" {
            line += 1
            lineStart = k + 1
        }
        return (line, index - lineStart)
    }

    private func quotedOrBareEnd(at j: Int) -> Int? {
        guard j < text.count else { return j }
        let quote = text[j]
        if quote == "'" || quote == "\"" { return find(quote, from: j + 1).map { $0 + 1 } }
        return bareEnd(from: j)
    }

    private func bareEnd(from j: Int) -> Int {
        var k = j
        while k < text.count, text[k] != ">", !text[k].isPythonSpace { k += 1 }
        return k
    }

    /// `[^\t\n\r\f />\x00]*` from `k`.
    private func tagNameEnd(from k: Int) -> Int {
        var j = k
        while j < text.count {
            switch text[j] {
            case "\t", "\n", "\r", "\u{0C}", " ", "/", ">", "\0": return j
            default: j += 1
            }
        }
        return j
    }

    /// `(?:\s|/(?!>))*` from `k`.
    private func skipTagSpace(from k: Int) -> Int {
        var j = k
        while j < text.count, text[j].isPythonSpace || (text[j] == "/" && !(j + 1 < text.count && text[j + 1] == ">")) {
            j += 1
        }
        return j
    }

    // MARK: - Searching

    private func skipSpace(from k: Int) -> Int {
        var j = k
        while j < text.count, text[j].isPythonSpace { j += 1 }
        return j
    }

    private func find(_ scalar: Unicode.Scalar, from k: Int) -> Int? {
        var j = k
        while j < text.count {
            if text[j] == scalar { return j }
            j += 1
        }
        return nil
    }

    private func rfind(_ scalar: Unicode.Scalar, from k: Int) -> Int? {
        var j = text.count - 1
        while j >= k {
            if text[j] == scalar { return j }
            j -= 1
        }
        return nil
    }

    private func findInteresting(from k: Int) -> Int? {
        var j = k
        while j < text.count {
            if text[j] == "<" || text[j] == "&" { return j }
            j += 1
        }
        return nil
    }

    /// `</\s*script\s*>` (case-insensitive) for the open raw-text element.
    private func findCDATAEnd(_ element: String, from k: Int) -> Int? {
        var j = k
        while let lt = find("<", from: j) {
            if strictEndTagName(at: lt) == element { return lt }
            j = lt + 1
        }
        return nil
    }

    private func hasSpaceOrSemicolon(from k: Int) -> Bool {
        text[k...].contains { $0 == ";" || $0.isPythonSpace }
    }

    private func starts(_ prefix: String, at i: Int) -> Bool {
        var j = i
        for scalar in prefix.unicodeScalars {
            guard j < text.count, text[j] == scalar else { return false }
            j += 1
        }
        return true
    }

    private func slice(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(text[range])) }

    private func dataText(_ range: Range<Int>) -> String {
        let raw = slice(range)
        return convertCharrefs && cdataElement == nil ? HTMLEntities.unescape(raw) : raw
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
    var isDecimalDigit: Bool { value >= 0x30 && value <= 0x39 }
    var isASCIIAlphanumeric: Bool { isASCIILetter || isDecimalDigit }
    var isHexDigit: Bool { isDecimalDigit || (value >= 0x41 && value <= 0x46) || (value >= 0x61 && value <= 0x66) }

    /// Python's `\s` and `str.isspace()`.
    var isPythonSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default: false
        }
    }
}

extension String {
    /// Python's `str.strip()`.
    var pythonStripped: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isPythonSpace }),
            let last = scalars.lastIndex(where: { !$0.isPythonSpace })
        else { return "" }
        return String(scalars[first...last])
    }
}
