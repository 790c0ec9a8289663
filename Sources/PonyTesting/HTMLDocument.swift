internal import PonySupport
internal import PonyTemplates

// Django's `django.test.html`: HTML parsed into elements and text that compare by meaning —
// whitespace collapsed, attributes in any order, `class` names in any order, `checked` the
// same as `checked="checked"` — for `assertHTMLEqual`, `assertInHTML` and
// `assertContains(html: true)`. A port of Django 5.2's module, on the port of Python's
// `HTMLParser` that the template filters use.

/// A node of a parsed document: text or an element.
enum HTMLNode: Equatable {
    case text(String)
    case element(HTMLElement)

    /// Python's `str()`: text escaped (`html.escape`, as ``escapeHTML(_:)`` escapes), elements as ``HTMLElement/description``.
    var description: String {
        switch self {
        case .text(let text): escapeHTML(text)
        case .element(let element): element.description
        }
    }
}

/// An element (Django's `Element`), or the document's root (`RootElement`, with no name).
final class HTMLElement: Equatable, CustomStringConvertible {
    let name: String?
    let attributes: [(name: String, value: String?)]
    var children: [HTMLNode] = []

    init(name: String?, attributes: [(name: String, value: String?)]) {
        self.name = name
        self.attributes = attributes.sorted { a, b in
            a.name != b.name ? a.name < b.name : (a.value ?? "") < (b.value ?? "")
        }
    }

    static func == (left: HTMLElement, right: HTMLElement) -> Bool {
        left.name == right.name && left.children == right.children && left.attributes.count == right.attributes.count
            && zip(left.attributes, right.attributes).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    var isRoot: Bool { name == nil }

    /// Adds a child: text joins the text before it, whitespace-only text before an element
    /// is dropped, and empty text is not added.
    func append(_ node: HTMLNode) {
        switch node {
        case .text(let raw):
            let text = collapseWhitespace(raw)
            if case .text(let last)? = children.last {
                children[children.count - 1] = .text(collapseWhitespace(last + text))
                return
            }
            if !text.isEmpty { children.append(.text(text)) }
        case .element:
            if case .text(let last)? = children.last, last.isPythonSpace { children.removeLast() }
            children.append(node)
        }
    }

    /// Strips the text at the ends of every element (Django's `finalize`).
    func finalize() {
        while case .text(let last)? = children.last {
            let stripped = last.pythonRightStripped
            if stripped.isEmpty {
                children.removeLast()
            } else {
                children[children.count - 1] = .text(stripped)
                break
            }
        }
        for index in children.indices {
            switch children[index] {
            case .text(let text): children[index] = .text(text.pythonStripped)
            case .element(let element): element.finalize()
            }
        }
    }

    /// How often `needle` occurs in this element (Django's `Element.count`): as an element
    /// anywhere inside, or, for a document of several nodes, as a run of this element's
    /// children.
    func count(_ needle: HTMLElement) -> Int {
        if self == needle { return 1 }
        if needle.isRoot, children == needle.children { return 1 }
        var found = 0
        var matched = 0
        for child in children {
            guard case .element(let element) = child else { continue }
            found += element.count(needle)
            if needle.isRoot, !needle.children.isEmpty {
                if needle.children[matched] == child {
                    matched += 1
                    if matched == needle.children.count {
                        found += 1
                        matched = 0
                    }
                } else {
                    matched = 0
                }
            }
        }
        return found
    }

    /// Python's `str()` of the element, which Django's messages show.
    var description: String {
        let inner = children.map(\.description).joined()
        guard let name else { return inner }
        var output = "<" + name
        for (key, value) in attributes {
            if let value { output += " \(key)=\"\(value)\"" } else { output += " \(key)" }
        }
        return children.isEmpty ? output + ">" : output + ">\n" + inner + "\n</\(name)>"
    }
}

/// A document that is not valid HTML: an end tag that closes nothing. `description` is
/// Python's `str()` of Django's `HTMLParseError`: `('Unexpected end tag `div` (Line 1,
/// Column 5)', (1, 5))`.
struct HTMLParseError: Error, CustomStringConvertible {
    let message: String
    let line: Int
    let column: Int

    var description: String { "(\(pythonRepr(message)), (\(line), \(column)))" }
}

/// Django's `parse_html`: the document, or its one element when it holds nothing else.
func parseHTML(_ html: String) throws(HTMLParseError) -> HTMLElement {
    let root = HTMLElement(name: nil, attributes: [])
    var open: [HTMLElement] = []

    func endTag(_ name: String) throws {
        while let element = open.popLast() {
            if element.name == name { return }
        }
        throw UnexpectedEndTag(name: name)
    }

    func handle(_ event: HTMLTokenizer.Event) throws {
        switch event {
        case .data(let text): (open.last ?? root).append(.text(text))
        case .startTag(let name, let text, let selfClosing):
            let element = HTMLElement(name: name, attributes: normalized(HTMLTokenizer.attributes(ofStartTag: text)))
            (open.last ?? root).append(.element(element))
            if !voidElements.contains(name) {
                // NB: comparing and printing recurse; Python stops near 1,000 levels with a
                // RecursionError, Pony before the stack could overflow.
                guard open.count < maximumDepth else { throw TooDeep() }
                open.append(element)
                if selfClosing { try endTag(name) }
            }
        case .endTag(let name): try endTag(name)
        case .charref, .entityref, .ignored: break
        }
    }

    var tokenizer = HTMLTokenizer(html, convertCharrefs: true)
    do {
        let stopped = try tokenizer.run(from: 0, end: false, handle)
        _ = try tokenizer.run(from: stopped, end: true, handle)
    } catch {
        // The tokenizer stopped at the construct that failed: Python's `getpos()`.
        let (line, column) = tokenizer.lineAndColumn(of: tokenizer.position)
        let message =
            switch error {
            case let end as UnexpectedEndTag: "Unexpected end tag `\(end.name)` (Line \(line), Column \(column))"
            case is TooDeep:
                "Elements are nested more than \(maximumDepth) deep (Line \(line), Column \(column))"
            case let failure as HTMLTokenizer.Failure: failure.message
            default: "\(error)"
            }
        throw HTMLParseError(message: message, line: line, column: column)
    }
    root.finalize()
    if root.children.count == 1, case .element(let only) = root.children[0] { return only }
    return root
}

/// How deep elements may nest in a document the assertions compare.
let maximumDepth = 512

/// An element nested deeper than ``maximumDepth``.
private struct TooDeep: Error {}

/// An end tag that closes no open element.
private struct UnexpectedEndTag: Error {
    let name: String
}

/// Django's `normalize_attributes`: `class` names sorted, boolean attributes without their
/// value, missing values empty.
private func normalized(_ attributes: [(name: String, value: String?)]) -> [(name: String, value: String?)] {
    attributes.map { name, value in
        var value = value
        if name == "class", let classes = value, !classes.isEmpty {
            value = classes.split(whereSeparator: isASCIIWhitespace).map(String.init).sorted().joined(separator: " ")
        }
        if booleanAttributes.contains(name) {
            if value == nil || value == "" || value == name { value = nil }
        } else if value == nil {
            value = ""
        }
        return (name, value)
    }
}

/// Django's `VOID_ELEMENTS`.
private let voidElements: Set<String> = [
    "area", "base", "br", "col", "embed", "frame", "hr", "img", "input", "link", "meta", "param", "source",
    "spacer", "track", "wbr",
]

/// Django's `BOOLEAN_ATTRIBUTES` (with its `"defer "`, whose space means `defer` is not one).
private let booleanAttributes: Set<String> = [
    "allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls", "default", "defer ",
    "disabled", "formnovalidate", "hidden", "ismap", "itemscope", "loop", "multiple", "muted", "nomodule",
    "novalidate", "open", "playsinline", "readonly", "required", "reversed", "selected", "truespeed",
]

private func isASCIIWhitespace(_ character: Character) -> Bool {
    character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}"
        || character == "\r\n"
}

/// Runs of ASCII whitespace as one space (Django's `normalize_whitespace`).
private func collapseWhitespace(_ text: String) -> String {
    var result = ""
    var inSpace = false
    for scalar in text.unicodeScalars {
        if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
            if !inSpace { result.unicodeScalars.append(" ") }
            inSpace = true
        } else {
            result.unicodeScalars.append(scalar)
            inSpace = false
        }
    }
    return result
}
