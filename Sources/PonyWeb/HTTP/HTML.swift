internal import PonySupport
public import PonyTemplates

/// HTML built in Swift, with Django's autoescaping: every value interpolated into it is
/// escaped unless it is `HTML` itself or marked `safe`.
///
/// ```swift
/// app.get("hello/<str:name>/") { request in
///     let name = try request.parameter("name", as: String.self)
///     return HTML("<h1>Hello, \(name)!</h1>")          // "<script>" arrives as "&lt;script&gt;"
/// }
/// let items: [HTML] = tasks.map { HTML("<li>\($0.name)</li>") }
/// let page: HTML = "<ul>\(items)</ul>\(safe: trustedWidget)"
/// ```
///
/// The literal parts are the markup you wrote; only interpolations are escaped. A view may
/// return it (a `text/html` response), and in a template context it renders unescaped, like
/// Django's `SafeString`.
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public let markup: String

    /// Markup taken as it is, without escaping (Django's `mark_safe`): only for text you trust.
    public static func safe(_ markup: String) -> HTML { HTML(markup: markup) }

    private init(markup: String) { self.markup = markup }

    /// A literal is markup written by the programmer, so it is not escaped.
    public init(stringLiteral markup: String) { self.markup = markup }

    /// Markup with its interpolations escaped.
    public init(stringInterpolation: StringInterpolation) { markup = stringInterpolation.markup }

    /// The markup.
    public var description: String { markup }

    /// Builds the markup: literal parts as they are, interpolations escaped.
    public struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        /// Reserves room for the literal parts.
        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 8)
        }

        /// A literal part: markup, kept as it is.
        public mutating func appendLiteral(_ literal: String) { markup += literal }

        /// A value, escaped: `\(name)`.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            appendEscapedHTML(value.description, to: &markup)
        }

        /// An optional value, escaped; `nil` adds nothing.
        public mutating func appendInterpolation(_ value: (some CustomStringConvertible)?) {
            if let value { appendEscapedHTML(value.description, to: &markup) }
        }

        /// HTML, which is already escaped: `\(row)`.
        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        /// A list of HTML fragments, one after the other: `<ul>\(items)</ul>`.
        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }

        /// Markup you trust, not escaped (Django's `mark_safe`): `\(safe: widget)`.
        public mutating func appendInterpolation(safe markup: String) { self.markup += markup }
    }
}

extension HTML: ResponseConvertible {
    /// A `text/html` response.
    public func makeResponse() -> Response { .html(markup) }
}

extension HTML: TemplateRepresentable {
    /// Safe text: `{{ fragment }}` does not escape it again.
    public var templateValue: TemplateValue { .safe(markup) }
}
