internal import PonySupport
public import Testing

/// Checks that two HTML snippets mean the same (Django's `assertHTMLEqual`): whitespace
/// collapsed and trimmed inside elements, attributes and `class` names in any order,
/// `<input checked>` the same as `<input checked="checked">`. Both must be valid HTML.
///
/// ```swift
/// let field = await client.get("/search/")
/// assertHTMLEqual(field.text, #"<input type="text" name="q" required id="id_q">"#)
/// ```
public func assertHTMLEqual(_ html1: String, _ html2: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let first = parsed(html1, "First argument is not valid HTML:", sourceLocation),
        let second = parsed(html2, "Second argument is not valid HTML:", sourceLocation)
    else { return }
    guard first != second else { return }
    let lines = { (element: HTMLElement) in element.description.split(separator: "\n", omittingEmptySubsequences: false)
    }
    let removed = Set(lines(second))
    let added = Set(lines(first))
    let diff =
        lines(first).map { removed.contains($0) ? "  \($0)" : "- \($0)" }
        + lines(second).filter { !added.contains($0) }.map { "+ \($0)" }
    fail("\(shortRepr(first)) != \(shortRepr(second))\n" + diff.joined(separator: "\n"), sourceLocation)
}

/// Checks that two HTML snippets do not mean the same (Django's `assertHTMLNotEqual`).
public func assertHTMLNotEqual(_ html1: String, _ html2: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let first = parsed(html1, "First argument is not valid HTML:", sourceLocation),
        let second = parsed(html2, "Second argument is not valid HTML:", sourceLocation)
    else { return }
    if first == second { fail("\(shortRepr(first)) == \(shortRepr(second))", sourceLocation) }
}

/// Checks that the HTML `needle` occurs in the HTML `haystack`: at least once, or exactly
/// `count` times (Django's `assertInHTML`). An element matches wherever it is nested; a
/// needle of several elements matches a run of siblings.
///
/// ```swift
/// assertInHTML(#"<option value="b" selected>Banana</option>"#, page.text)
/// ```
public func assertInHTML(
    _ needle: String, _ haystack: String, count: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let parsedNeedle = parsed(needle, "First argument is not valid HTML:", sourceLocation),
        let parsedHaystack = parsed(haystack, "Second argument is not valid HTML:", sourceLocation)
    else { return }
    let found = parsedHaystack.count(parsedNeedle)
    let shown = pythonRepr(haystack)
    if let count {
        guard found != count else { return }
        if count == 0 {
            fail("\(pythonRepr(needle)) unexpectedly found in the following response\n\(shown)", sourceLocation)
        } else {
            fail(
                "Found \(found) instances of \(pythonRepr(needle)) (expected \(count)) in the following response\n"
                    + shown, sourceLocation)
        }
    } else if found == 0 {
        fail("Couldn't find \(pythonRepr(needle)) in the following response\n\(shown)", sourceLocation)
    }
}

/// Checks that the HTML `needle` does not occur in the HTML `haystack` (Django's
/// `assertNotInHTML`).
public func assertNotInHTML(_ needle: String, _ haystack: String, sourceLocation: SourceLocation = #_sourceLocation) {
    assertInHTML(needle, haystack, count: 0, sourceLocation: sourceLocation)
}

/// `html` parsed, or `nil` with an issue saying why it is not valid (Django's
/// `assert_and_parse_html`).
func parsed(_ html: String, _ complaint: String, _ sourceLocation: SourceLocation) -> HTMLElement? {
    do {
        return try parseHTML(html)
    } catch {
        fail("\(complaint)\n\(error)", sourceLocation)
        return nil
    }
}

/// Python's `safe_repr(element, short=True)`: 80 characters at most.
private func shortRepr(_ element: HTMLElement) -> String {
    let text = element.description
    let scalars = text.unicodeScalars
    guard scalars.count >= 80 else { return text }
    return String(String.UnicodeScalarView(scalars.prefix(80))) + " [truncated]..."
}
