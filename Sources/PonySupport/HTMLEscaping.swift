/// Escapes text for safe inclusion in HTML, as Django's `django.utils.html.escape` does.
///
/// The five characters `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;`
/// and `&#x27;`; everything else is kept as is.
///
/// ```swift
/// escapeHTML("<b>\"Tom\" & 'Jerry'</b>")
/// // &lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;
/// ```
public func escapeHTML(_ text: some StringProtocol) -> String {
    // NB: scanning the UTF-8 view first keeps the common case (nothing to escape) copy-free.
    guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
        return String(text)
    }
    var result = ""
    result.reserveCapacity(text.utf8.count + 16)
    for character in text.unicodeScalars {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#x27;"
        default: result.unicodeScalars.append(character)
        }
    }
    return result
}
