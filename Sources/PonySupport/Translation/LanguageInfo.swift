/// What Django knows of a language (its `LANG_INFO`): its name in English and in itself, and
/// whether it is written right to left, for language switchers.
///
/// ```swift
/// LanguageInfo.of("de")?.nameLocal   // "Deutsch"
/// ```
public struct LanguageInfo: Sendable, Equatable {
    /// The code (`de`, `pt-br`).
    public let code: String
    /// The name in English ("German"), a message id: ``nameTranslated`` is its translation.
    public let name: String
    /// The name in the language itself ("Deutsch").
    public let nameLocal: String
    /// Whether Django's table writes it right to left.
    public let bidi: Bool

    /// The name in the current language (Django's `name_translated`).
    public var nameTranslated: String { translate(name) }

    /// Django's `get_language_info`: the language of `code`, through Django's fallbacks
    /// (`zh-cn` is `zh-hans`), else of its general code (`de` for `de-at`); `nil` for a code
    /// Django does not know.
    public static func of(_ code: String) -> LanguageInfo? {
        if let info = django[code] { return info }
        if let fallback = fallbacks[code] { return django[fallback] }
        guard let dash = code.firstIndex(of: "-") else { return nil }
        return django[String(code[..<dash])]
    }
}
