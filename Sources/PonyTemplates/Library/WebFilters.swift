import Foundation
internal import PonySupport

/// `json_script`, `{% csrf_token %}`, `{% static %}`, `{% get_static_prefix %}` and
/// `{% get_media_prefix %}`.
enum WebFilters {
    static let filters: [TemplateFilter] = [
        TemplateFilter("json_script", isSafe: true, argument: .optional) { value, argument, _ in
            let json = pythonJSON(value)
                .replacingOccurrences(of: ">", with: "\\u003E")
                .replacingOccurrences(of: "<", with: "\\u003C")
                .replacingOccurrences(of: "&", with: "\\u0026")
            let id = argument.map { " id=\"\(Escaping.html($0.text))\"" } ?? ""
            return .safe("<script\(id) type=\"application/json\">\(json)</script>")
        }
    ]

    static let tags: [String: TagParser] = [
        "csrf_token": { (_: inout Parser, _: Token) throws(TemplateSyntaxError) -> any Node in CSRFTokenNode() },
        "static": parseStatic,
        "get_static_prefix": { (parser: inout Parser, token: Token) throws(TemplateSyntaxError) -> any Node in
            PrefixNode(prefix: \.staticURL, standard: "/static/", target: try prefixTarget(token))
        },
        "get_media_prefix": { (parser: inout Parser, token: Token) throws(TemplateSyntaxError) -> any Node in
            PrefixNode(prefix: \.mediaURL, standard: "/media/", target: try prefixTarget(token))
        },
    ]

    /// `as name` after `{% get_static_prefix %}` or `{% get_media_prefix %}`, or `nil`.
    static func prefixTarget(_ token: Token) throws(TemplateSyntaxError) -> String? {
        let words = token.words
        guard words.count > 1 else { return nil }
        guard words[1] == "as", words.count == 3 else {
            throw TemplateSyntaxError("First argument in '\(words[0])' must be 'as'", at: token)
        }
        return words[2]
    }

    /// `{% static "css/site.css" %}` or `{% static path as url %}`.
    static func parseStatic(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        var words = Array(token.words.dropFirst())
        guard !words.isEmpty else {
            throw TemplateSyntaxError("'static' takes at least one argument (path to file)", at: token)
        }
        var target: String?
        if words.count == 3, words[1] == "as" {
            target = words.removeLast()
            words.removeLast()
        }
        return StaticNode(path: try parser.expression(words[0], at: token), target: target)
    }

    /// Python's `json.dumps` (with Django's encoder for dates): `", "` and `": "` separators,
    /// non-ASCII as `\uXXXX`.
    static func pythonJSON(_ value: TemplateValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let n): return String(n)
        case .double(let d):
            return d.isFinite ? PythonFormat.float(d) : (d.isNaN ? "NaN" : d > 0 ? "Infinity" : "-Infinity")
        case .string(let text), .safe(let text): return quote(text)
        // NB: Django's encoder writes a decimal as text, keeping its places.
        case .decimal: return quote(value.text)
        case .array(let values): return "[" + values.map(pythonJSON).joined(separator: ", ") + "]"
        case .dictionary(let dictionary):
            return "{" + dictionary.entries.map { "\(quote($0.key)): \(pythonJSON($0.value))" }.joined(separator: ", ")
                + "}"
        case .date(let date):
            return quote(DateFormat.format(date, "Y-m-d\\TH:i:s", in: DateFormat.utc) + "Z")
        case .object(let day as TemplateDay): return quote(day.isoFormat)
        case .object(let time as TemplateTime): return quote(time.isoFormat)
        case .object(let object): return quote(object.text)
        }
    }

    private static func quote(_ text: String) -> String { pythonJSONQuoted(text) }
}

/// `{% static %}`: the static URL plus the quoted path (Django's `FileSystemStorage.url`), or
/// the hashed name in production (`ManifestStaticFilesStorage.url`).
struct StaticNode: Node {
    let path: FilterExpression
    let target: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        var name = try path.resolve(context)?.text ?? ""
        if let names = context.engine?.staticNames {
            guard let hashed = names[name] else {
                throw TemplateRenderError(
                    "Missing staticfiles manifest entry for '\(name)': there is no such file in static/ (production "
                        + "serves static files under content-hashed names, so {% static %} must name an existing file)."
                )
            }
            name = hashed
        }
        let base = context.engine?.staticURL ?? "/static/"
        var relative = BuiltinFilters.quote(name.replacingOccurrences(of: "\\", with: "/"), safe: "/~!*()'")
        while relative.hasPrefix("/") { relative.removeFirst() }
        let url = base + relative
        if let target {
            context[target] = .string(url)
        } else {
            output += context.autoescape ? Escaping.html(url) : url
        }
    }
}

/// `{% csrf_token %}`: the hidden form field with the request's token (`csrf_token` in the
/// context); nothing when there is none, as in Django.
struct CSRFTokenNode: Node {
    func render(_ context: RenderContext, into output: inout String) {
        guard let token = context["csrf_token"]?.text, !token.isEmpty, token != "NOTPROVIDED" else { return }
        output += "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"\(Escaping.html(token))\">"
    }
}

/// `{% get_static_prefix %}` and `{% get_media_prefix %}`: the engine's `STATIC_URL` or
/// `MEDIA_URL` (`standard` without an engine), written as it is, or stored in `target`.
struct PrefixNode: Node {
    let prefix: any KeyPath<TemplateEngine, String> & Sendable
    let standard: String
    let target: String?

    func render(_ context: RenderContext, into output: inout String) throws {
        let value = context.engine?[keyPath: prefix] ?? standard
        if let target { context[target] = .string(value) } else { output += value }
    }
}
