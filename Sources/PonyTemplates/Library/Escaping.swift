internal import PonySupport

/// Django's escaping functions.
enum Escaping {
    /// `django.utils.html.escape`.
    static func html(_ text: String) -> String { escapeHTML(text) }

    /// `conditional_escape`: safe text as is, anything else escaped.
    static func conditional(_ value: TemplateValue) -> String {
        if case .safe(let text) = value { return text }
        return escapeHTML(value.text)
    }
}
