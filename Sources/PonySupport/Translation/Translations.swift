internal import Foundation

/// An app's catalogs by locale (`de`, `pt_BR`), read from `<folder>/<locale>/LC_MESSAGES/django.po`
/// in its locale folders (Django's `LOCALE_PATHS` and the app's `locale/`).
public struct Translations: Sendable {
    /// The catalogs by locale name (`pt_BR`, as ``locale(of:)`` writes it).
    public private(set) var catalogs: [String: Catalog]

    /// Translations holding `catalogs`, by locale name.
    public init(catalogs: [String: Catalog] = [:]) { self.catalogs = catalogs }

    /// Whether there is no catalog at all.
    public var isEmpty: Bool { catalogs.isEmpty }

    /// Reads every `django.po` (or the `domain`'s file: `djangojs.po`) under `folders`; where
    /// two folders translate the same message for a locale, the earlier folder wins (as
    /// Django's `LOCALE_PATHS` order). A folder that does not exist is skipped; a file that
    /// cannot be read throws ``CatalogError`` naming it.
    public static func load(from folders: [String], domain: String = "django") throws(CatalogError) -> Translations {
        var translations = Translations()
        let files = FileManager.default
        for folder in folders {
            guard let locales = try? files.contentsOfDirectory(atPath: folder) else { continue }
            for locale in locales.sorted() {
                let path = folder + "/" + locale + "/LC_MESSAGES/" + domain + ".po"
                guard files.fileExists(atPath: path) else { continue }
                guard let data = files.contents(atPath: path) else {
                    var error = CatalogError(line: 0, "the file cannot be read")
                    error.file = path
                    throw error
                }
                do {
                    let catalog = try Catalog(po: String(decoding: data, as: UTF8.self))
                    if var known = translations.catalogs[locale] {
                        known.merge(catalog)
                        translations.catalogs[locale] = known
                    } else {
                        translations.catalogs[locale] = catalog
                    }
                } catch var error {
                    error.file = path
                    throw error
                }
            }
        }
        return translations
    }

    /// Django's `to_locale`: `pt-br` → `pt_BR`, `sr-latn` → `sr_Latn`, `de` → `de`.
    public static func locale(of language: String) -> String {
        let lowered = language.lowercased()
        guard let dash = lowered.firstIndex(of: "-") else {
            return String(language.prefix(3)).lowercased() + String(language.dropFirst(3))
        }
        let code = lowered[..<dash]
        var country = lowered[lowered.index(after: dash)...]
        var tail = ""
        if let next = country.firstIndex(of: "-") {
            tail = "-" + country[country.index(after: next)...]
            country = country[..<next]
        }
        let region = country.count > 2 ? country.prefix(1).uppercased() + country.dropFirst() : country.uppercased()
        return code + "_" + region + tail
    }

    /// Whether a catalog translates `language` (its locale, or the language without its
    /// region: `de` for `de-at`), as Django's `check_for_language` asks.
    public func hasCatalog(for language: String) -> Bool { !catalogs(for: language).isEmpty }

    /// The catalogs `language` reads, most specific first: `de_AT`, then `de`.
    func catalogs(for language: String) -> [Catalog] {
        let locale = Translations.locale(of: language)
        var names = [locale]
        if let underscore = locale.firstIndex(of: "_") { names.append(String(locale[..<underscore])) }
        return names.compactMap { catalogs[$0] }
    }

    /// The translation into `language`. Messages its catalogs lack come from
    /// `defaultLanguage`'s (Django's fallback to `LANGUAGE_CODE`), unless it is that language or
    /// English, which Django leaves as written.
    public func translation(for language: String, defaultLanguage: String) -> Translation {
        var chain = catalogs(for: language)
        if language != defaultLanguage, !language.hasPrefix("en") {
            chain += catalogs(for: defaultLanguage)
        }
        return Translation(language: language, catalogs: chain)
    }
}

/// The language text is translated into, with its catalogs: the current one is a task-local
/// value that `LocaleMiddleware` sets per request (Django's `translation.activate`).
public struct Translation: Sendable {
    /// The language code (`de`, `pt-br`), as templates' `get_current_language` shows it.
    public let language: String
    /// How the language writes dates and numbers (Django's `get_format`).
    public let formats: LocaleFormats
    let catalogs: [Catalog]

    /// English with no catalogs: messages stay as written.
    public static let untranslated = Translation(language: "en-us", catalogs: [])

    /// The translation of the current task (Django's `get_language()` and its catalog).
    @TaskLocal public static var current = Translation.untranslated

    init(language: String, catalogs: [Catalog]) {
        self.language = language
        self.catalogs = catalogs
        formats = LocaleFormats.of(language: language)
    }

    /// Every message the translation knows, with its forms (the first catalog's where several
    /// have it): what Django's JavaScript catalog sends.
    public var messages: [String: [String]] {
        var merged: [String: [String]] = [:]
        for catalog in catalogs { merged.merge(catalog.messages) { mine, _ in mine } }
        return merged
    }

    /// The plural rule of the language's own catalog (English's without one).
    public var pluralRule: PluralRule { catalogs.first?.pluralRule ?? .english }

    /// Runs `body` with this translation current (Django's `translation.override`).
    public func activate<Result>(_ body: () throws -> Result) rethrows -> Result {
        try Translation.$current.withValue(self, operation: body)
    }

    /// Runs `body` with this translation current, across its awaits.
    public func activate<Result: Sendable>(_ body: () async throws -> Result) async rethrows -> Result {
        try await Translation.$current.withValue(self, operation: body)
    }

    /// Django's `gettext` (and `pgettext` with a `context`): the message in this language, or
    /// as written when no catalog has it.
    public func translate(_ message: String, context: String? = nil) -> String {
        for catalog in catalogs {
            if let text = catalog.translation(message, context: context) { return text }
        }
        return message
    }

    /// Django's `ngettext` (and `npgettext`): the form for `count` by the language's plural
    /// rule, or `singular` for 1 and `plural` otherwise when no catalog has the message.
    public func translate(_ singular: String, plural: String, count: Int, context: String? = nil) -> String {
        for catalog in catalogs {
            if let text = catalog.translation(singular, plural: plural, count: count, context: context) {
                return text
            }
        }
        return count == 1 ? singular : plural
    }
}

/// Django's `gettext` (`_("…")`): `message` in the current language, or as written.
///
/// ```swift
/// let title = translate("Welcome")                        // "Willkommen" for a German request
/// let morning = translate("May", context: "month")        // pgettext
/// let items = translate("%d item", plural: "%d items", count: n)   // ngettext; format it after
/// ```
public func translate(_ message: String, context: String? = nil) -> String {
    Translation.current.translate(message, context: context)
}

/// Django's `ngettext` and `npgettext`: the form of the message for `count` in the current
/// language.
public func translate(_ singular: String, plural: String, count: Int, context: String? = nil) -> String {
    Translation.current.translate(singular, plural: plural, count: count, context: context)
}
