internal import PonySupport
public import PonyWeb
public import Testing

// Django's `assertContains`, `assertNotContains` and `assertJSONEqual`, for Swift Testing:
// a failed assertion records an issue at the caller's line, with Django's message.

/// Checks that `response` has status `status` and that `text` occurs in its body: at least
/// once, or exactly `count` times (Django's `assertContains`).
///
/// ```swift
/// let page = await client.get("/tasks/")
/// assertContains(page, "Buy milk")
/// assertContains(page, "<li>", count: 2)
/// ```
///
/// On failure the issue says what was found, then the body as Django prints it
/// (`Couldn't find 'Buy milk' in the following response\nb'<html>…'`).
///
/// With `html: true`, the body and `text` are compared as HTML, as ``assertInHTML(_:_:count:sourceLocation:)``
/// does: `<input required name="q">` is found in a page that writes `<input name="q" required>`.
public func assertContains(
    _ response: TestResponse, _ text: String, count: Int? = nil, status: HTTPStatus = .ok, html: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let found = occurrences(of: text, in: response, status: status, html: html, sourceLocation) else { return }
    if let count {
        if found != count {
            fail(
                "Found \(found) instances of '\(text)' (expected \(count)) in the following response\n"
                    + pythonBytesRepr(response.body), sourceLocation)
        }
    } else if found == 0 {
        fail("Couldn't find '\(text)' in the following response\n" + pythonBytesRepr(response.body), sourceLocation)
    }
}

/// Checks that `response` has status `status` and that `text` does not occur in its body
/// (Django's `assertNotContains`); with `html: true`, compared as HTML.
public func assertNotContains(
    _ response: TestResponse, _ text: String, status: HTTPStatus = .ok, html: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let found = occurrences(of: text, in: response, status: status, html: html, sourceLocation), found != 0
    else { return }
    fail("'\(text)' unexpectedly found in the following response\n" + pythonBytesRepr(response.body), sourceLocation)
}

/// How often `text` occurs in the body, not overlapping (Python's `str.count`), or as HTML;
/// `nil`, with an issue recorded, when the status is not `status` or the HTML is not valid.
private func occurrences(
    of text: String, in response: TestResponse, status: HTTPStatus, html: Bool, _ sourceLocation: SourceLocation
) -> Int? {
    guard response.status.code == status.code else {
        fail(
            "Couldn't retrieve content: Response code was \(response.status.code) (expected \(status.code))",
            sourceLocation)
        return nil
    }
    if html {
        guard let content = parsed(response.text, "Response's content is not valid HTML:", sourceLocation),
            let needle = parsed(text, "Second argument is not valid HTML:", sourceLocation)
        else { return nil }
        return content.count(needle)
    }
    let needle = Array(text.utf8)
    let haystack = response.body
    // Python counts an empty string once per gap: len(text) + 1.
    guard !needle.isEmpty else { return response.text.count + 1 }
    var found = 0
    var index = 0
    while index + needle.count <= haystack.count {
        if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
            found += 1
            index += needle.count
        } else {
            index += 1
        }
    }
    return found
}

/// Checks that the response's body is JSON equal to `expected` (Django's `assertJSONEqual`):
/// objects compare without regard to key order, and `1` equals `1.0`, as in Python.
///
/// ```swift
/// assertJSONEqual(await client.get("/api/tasks/1"), #"{"id": 1, "name": "Buy milk"}"#)
/// ```
public func assertJSONEqual(
    _ response: TestResponse, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    assertJSONEqual(response.text, expected, sourceLocation: sourceLocation)
}

/// Checks that two JSON texts hold equal values (Django's `assertJSONEqual(raw, expected)`).
public func assertJSONEqual(_ raw: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual = try? JSONValue(parsing: raw) else {
        fail("First argument is not valid JSON: '\(raw)'", sourceLocation)
        return
    }
    guard let wanted = try? JSONValue(parsing: expected) else {
        fail("Second argument is not valid JSON: '\(expected)'", sourceLocation)
        return
    }
    if !jsonEqual(actual, wanted) {
        let left = actual.pythonJSON(compact: false, asciiOnly: false)
        let right = wanted.pythonJSON(compact: false, asciiOnly: false)
        fail("\(left) != \(right)", sourceLocation)
    }
}

/// Python's `==` on parsed JSON: dictionaries ignore order; integers equal floats of the
/// same value.
func jsonEqual(_ left: JSONValue, _ right: JSONValue) -> Bool {
    switch (left, right) {
    case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(exactly: a) == b
    case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy(jsonEqual)
    case (.object(let a), .object(let b)):
        guard a.keys.count == b.keys.count else { return false }
        for (key, value) in a {
            guard let other = b[key], jsonEqual(value, other) else { return false }
        }
        return true
    case (.bool(let a), .int(let b)), (.int(let b), .bool(let a)): return (a ? 1 : 0) == b
    default: return left == right
    }
}

/// Records a failed assertion at the caller's line.
func fail(_ message: String, _ sourceLocation: SourceLocation) {
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}
