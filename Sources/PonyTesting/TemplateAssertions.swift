public import Testing

/// Checks that the template `name` rendered `response`: at all, or exactly `count` times
/// (Django's `assertTemplateUsed`). The templates a page extends and includes count too.
///
/// ```swift
/// let page = await client.get("/tasks/")
/// assertTemplateUsed(page, "tasks/list.html")
/// assertTemplateUsed(page, "tasks/row.html", count: 2)
/// ```
public func assertTemplateUsed(
    _ response: TestResponse, _ name: String, count: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    let names = response.templates
    guard !names.isEmpty else { return fail("No templates used to render the response", sourceLocation) }
    guard names.contains(name) else {
        return fail(
            "Template '\(name)' was not a template used to render the response. Actual template(s) used: "
                + names.joined(separator: ", "), sourceLocation)
    }
    let rendered = names.count { $0 == name }
    if let count, rendered != count {
        fail(
            "Template '\(name)' was expected to be rendered \(count) time(s) but was actually rendered"
                + " \(rendered) time(s).", sourceLocation)
    }
}

/// Checks that the template `name` did not render `response` (Django's
/// `assertTemplateNotUsed`).
public func assertTemplateNotUsed(
    _ response: TestResponse, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    if response.templates.contains(name) {
        fail("Template '\(name)' was used unexpectedly in rendering the response", sourceLocation)
    }
}
