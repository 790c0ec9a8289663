import Foundation

/// The HTML shell shared by Pony's development pages: error pages in DEBUG and the compile
/// error page of `pony run`.
///
/// Callers pass already-escaped HTML fragments; ``escapeHTML(_:)`` is the way to make them.
public struct DebugPage: Sendable {
    /// The page title, as plain text.
    public var title: String
    /// A one-line summary under the title, as plain text.
    public var summary: String
    /// The page's sections, each an already-escaped HTML fragment.
    public var sections: [String]
    /// JavaScript run on the page (for example, reloading when a new build is up).
    public var script: String?
    /// Whether the header is drawn in the warning colour instead of the error colour.
    public var isWarning: Bool

    /// Creates a page.
    public init(title: String, summary: String, sections: [String] = [], script: String? = nil, isWarning: Bool = false)
    {
        self.title = title
        self.summary = summary
        self.sections = sections
        self.script = script
        self.isWarning = isWarning
    }

    /// The complete HTML document.
    public var html: String {
        let colour = isWarning ? "#ffc" : "#ffe8e8"
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE">
            <title>\(escapeHTML(title))</title>
            <style>
            html * { padding: 0; margin: 0; }
            body { font: small sans-serif; background: #eee; color: #000; }
            body > div { border-bottom: 1px solid #ddd; padding: 10px 20px; }
            h1 { font-weight: normal; margin-bottom: .4em; }
            h2 { margin-bottom: .8em; }
            h1 span, h2 span { font-size: 80%; color: #666; font-weight: normal; }
            table { border: none; border-collapse: collapse; width: 100%; }
            td, th { vertical-align: top; padding: 2px 3px; text-align: left; }
            th { width: 12em; text-align: right; color: #666; padding-right: .5em; }
            pre { font-family: monospace; font-size: 12px; white-space: pre-wrap; overflow-x: auto; }
            pre.source { background: #f6f6f6; padding: .6em; border: 1px solid #ddd; }
            pre.source .current { background: #fdd; display: block; font-weight: bold; }
            code { font-family: monospace; }
            #summary { background: \(colour); }
            #info { background: #f6f6f6; }
            ol li { margin-left: 2em; font-family: monospace; }
            </style></head>
            <body>
            <div id="summary"><h1>\(escapeHTML(title))</h1><pre class="exception_value">\(escapeHTML(summary))</pre></div>

            """
        for section in sections {
            page += "<div>\(section)</div>\n"
        }
        page += """
            <div id="info"><p>You're seeing this page because Pony is running in development mode (DEBUG).
            In production (<code>pony serve</code>, DEBUG off) a plain page without these details is shown.</p></div>

            """
        if let script {
            page += "<script>\(script)</script>\n"
        }
        page += "</body></html>\n"
        return page
    }

    /// Renders lines of a source file around `line` (1-based) as an HTML fragment, with the
    /// given line highlighted; `nil` when the file cannot be read.
    public static func sourceExcerpt(file: String, line: Int, context: Int = 5) -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let first = max(1, line - context)
        let last = min(lines.count, line + context)
        var html = "<pre class=\"source\">"
        for number in first...last {
            let body = escapeHTML(lines[number - 1])
            let label = String(number).leftPadded(to: 5)
            if number == line {
                html += "<span class=\"current\">\(label)  \(body)</span>"
            } else {
                html += "\(label)  \(body)\n"
            }
        }
        return html + "</pre>"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
