/// A mistake in a template's source, reported with the template's name, the line and
/// column, the offending line and a caret under the spot.
///
/// ```
/// page.html:3:1: error: Invalid block tag on line 3: 'endfor', expected 'endif'. Did you forget to register or load this tag?
///     {% endfor %}
///     ^
/// ```
public struct TemplateSyntaxError: Error, CustomStringConvertible, Sendable {
    /// What is wrong (Django's wording).
    public let message: String
    /// The template's name.
    public internal(set) var templateName: String
    /// The 1-based line, or 0 when unknown.
    public internal(set) var line: Int
    /// The 1-based column, or 0 when unknown.
    public internal(set) var column: Int
    /// The source line, for the caret display.
    public internal(set) var sourceLine: String

    init(_ message: String, at token: Token? = nil) {
        self.message = message
        templateName = ""
        line = token?.line ?? 0
        column = token?.column ?? 0
        sourceLine = ""
    }

    /// `name:line:column: error: message`, then the line and a caret.
    public var description: String {
        guard line > 0 else { return "\(templateName): error: \(message)" }
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "\(templateName):\(line):\(column): error: \(message)\n    \(sourceLine)\n    \(caret)"
    }

    func located(in name: String, source: String) -> TemplateSyntaxError {
        var error = self
        error.templateName = name
        if line > 0 {
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            if line <= lines.count { error.sourceLine = String(lines[line - 1]) }
        }
        return error
    }
}

/// An error while rendering (as opposed to parsing), such as a `{% for %}` unpacking mismatch.
public struct TemplateRenderError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
