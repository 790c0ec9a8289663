/// The languages a site offers and the catalogs that translate them: Django's
/// `LANGUAGE_CODE`, `LANGUAGES` and the catalogs of its locale folders, with Django's rules
/// for choosing a request's language.
public struct Languages: Sendable {
    /// The language when a request asks for none the site offers (`LANGUAGE_CODE`).
    public let defaultLanguage: String
    /// The languages offered, with their names (`LANGUAGES`): the ones given, or else the
    /// default language and every language with a catalog, named as Django's `LANGUAGES`
    /// names them (in English: "German"), or by their codes when Django does not know them.
    public let offered: [(code: String, name: String)]
    /// The catalogs.
    public let translations: Translations
    /// Whether ``offered`` was given: then each language in it counts as available, as each of
    /// Django's `LANGUAGES` has a catalog in Django itself; otherwise only those with a catalog
    /// (and the default language) do.
    private let isGiven: Bool
    private let codes: Set<String>
    /// The translation of each language with a catalog, and of the default language, made once.
    private let prepared: [String: Translation]
    /// Whether nothing is translated and the language is `en-us`: requests then need no
    /// translation of their own.
    public let isUntranslated: Bool

    /// English (`en-us`), no catalogs: text stays as written.
    public init() { self.init(defaultLanguage: "en-us", offered: nil, translations: Translations()) }

    /// A site's languages: `offered` (`nil` for the default language and those with a catalog).
    public init(defaultLanguage: String, offered: [(code: String, name: String)]?, translations: Translations) {
        self.defaultLanguage = defaultLanguage
        self.translations = translations
        isGiven = offered != nil
        var list = offered ?? []
        if offered == nil {
            let named = { (code: String) in (code, LanguageInfo.of(code)?.name ?? code) }
            list.append(named(defaultLanguage))
            for locale in translations.catalogs.keys.sorted() {
                let code = String(locale.lowercased().map { $0 == "_" ? "-" : $0 })
                if !list.contains(where: { $0.code == code }) { list.append(named(code)) }
            }
        }
        self.offered = list
        codes = Set(list.map { $0.code.lowercased() })
        var prepared: [String: Translation] = [:]
        for code in list.map(\.code) + [defaultLanguage] {
            prepared[code] = translations.translation(for: code, defaultLanguage: defaultLanguage)
        }
        self.prepared = prepared
        isUntranslated = translations.isEmpty && defaultLanguage == "en-us"
    }

    /// The translation into `language` (made once for the offered languages).
    public func translation(for language: String) -> Translation {
        prepared[language] ?? translations.translation(for: language, defaultLanguage: defaultLanguage)
    }

    /// Django's language-code pattern: `de`, `pt-br`, `sr-latn`, `de-ch@x`.
    public static func isLanguageCode(_ code: String) -> Bool {
        var main = Substring(code)
        if let at = code.firstIndex(of: "@") {
            let variant = code[code.index(after: at)...]
            guard (1...20).contains(variant.count), variant.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else { return false }
            main = code[..<at]
        }
        let parts = main.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// Whether the site offers `code` or a more general form of it (`de` for `de-at`): what the
    /// `set_language` view accepts (Django's `check_for_language`, which asks for a catalog).
    public func isOffered(_ code: String) -> Bool { supportedVariant(of: code, strict: true) != nil }

    /// Django's `check_for_language`: a well-formed code the site can translate into.
    func isAvailable(_ code: String) -> Bool {
        guard Languages.isLanguageCode(code) else { return false }
        return isGiven || code.lowercased() == defaultLanguage.lowercased() || translations.hasCatalog(for: code)
    }

    /// Django's `get_supported_language_variant`: `code` if offered, else a more general code
    /// (`zh-hant` then `zh` for `zh-hant-tw`, with Django's fallbacks for Chinese regions),
    /// else unless `strict` an offered variant of the general language (`fr-ca` for `fr-fr`).
    public func supportedVariant(of code: String, strict: Bool = false) -> String? {
        // NB: Django's LANGUAGE_CODE_MAX_LENGTH, against denial of service by long codes.
        guard !code.isEmpty, code.utf8.count <= 500 else { return nil }
        var candidates = [code]
        candidates += Languages.fallbacks[code] ?? []
        var end = code.endIndex
        while let dash = code[..<end].lastIndex(of: "-") {
            candidates.append(String(code[..<dash]))
            end = dash
        }
        let general = candidates[candidates.count - 1]
        for candidate in candidates where codes.contains(candidate.lowercased()) && isAvailable(candidate) {
            return candidate
        }
        if !strict {
            for (offered, _) in offered where offered.hasPrefix(general + "-") { return offered }
        }
        return nil
    }

    /// Django's `get_language_from_path`: the offered language (or a variant of it) whose code
    /// is the path's first segment (`/de/about/`, `/pt-br/`), or `nil`.
    public func language(fromPath path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        let rest = path.dropFirst()
        let code = rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)]
        // NB: Django's `^/(\w+([@-]\w+){0,2})(/|$)`.
        let pieces = code.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "@" }
        let isWord = { (character: Character) in character.isLetter || character.isNumber || character == "_" }
        guard (1...3).contains(pieces.count), pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isWord) }) else {
            return nil
        }
        return supportedVariant(of: String(code))
    }

    /// Django's `get_language_from_request` (without URL prefixes): the language cookie when
    /// it names an offered language, else the first of `Accept-Language` the site offers,
    /// else the default language.
    public func language(cookie: String?, acceptLanguage: String?) -> String {
        if let cookie {
            if codes.contains(cookie), isAvailable(cookie) { return cookie }
            if let variant = supportedVariant(of: cookie) { return variant }
        }
        for (code, _) in Languages.parseAcceptLanguage(acceptLanguage ?? "") {
            if code == "*" { break }
            guard Languages.isLanguageCode(code) else { continue }
            if let variant = supportedVariant(of: code) { return variant }
        }
        return supportedVariant(of: defaultLanguage) ?? defaultLanguage
    }

    /// Django's `parse_accept_lang_header`: the languages of an `Accept-Language` value,
    /// lower-cased, by quality (highest first, in order among equals); none for a value that
    /// does not parse. Of a value over 500 bytes, only the entries before the last comma
    /// within them are read.
    public static func parseAcceptLanguage(_ header: String) -> [(code: String, quality: Double)] {
        var value = Substring(header.lowercased())
        if value.utf8.count > 500 {
            let head = value.utf8.prefix(500)
            guard let comma = head.lastIndex(of: UInt8(ascii: ",")), comma > value.startIndex else { return [] }
            value = value[..<comma]
        }
        var result: [(code: String, quality: Double)] = []
        var scanner = AcceptScanner(Array(value.utf8))
        while !scanner.isAtEnd {
            guard let entry = scanner.entry() else { return [] }
            result.append(entry)
        }
        // NB: Python's sort is stable; so is this, by position among equal qualities.
        return result.enumerated().sorted { ($0.element.quality, -$0.offset) > ($1.element.quality, -$1.offset) }
            .map(\.element)
    }

    /// Django's `LANG_INFO` fallbacks.
    static let fallbacks: [String: [String]] = [
        "zh-cn": ["zh-hans"], "zh-hk": ["zh-hant"], "zh-mo": ["zh-hant"], "zh-my": ["zh-hans"],
        "zh-sg": ["zh-hans"], "zh-tw": ["zh-hant"],
    ]

    /// Django's `LANGUAGES_BIDI`: the languages written right to left.
    public static let rightToLeft: Set<String> = ["he", "ar", "ar-dz", "ckb", "fa", "ug", "ur"]
}

/// Django's `accept_language_re`, one entry at a time: a code (`en`, `es-419`, `*`), an
/// optional `;q=` weight, then a comma or the end.
private struct AcceptScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    mutating func skipSpaces() { while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 } }

    mutating func entry() -> (code: String, quality: Double)? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "*") {
            index += 1
        } else {
            guard run(of: Self.isLetter) else { return nil }
            while index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                index += 1
                guard run(of: { Self.isLetter($0) || Self.isDigit($0) }) else { return nil }
            }
        }
        let code = String(decoding: bytes[start..<index], as: UTF8.self)
        var quality = 1.0
        let beforeWeight = index
        skipSpaces()
        if index < bytes.count, bytes[index] == UInt8(ascii: ";") {
            index += 1
            skipSpaces()
            guard let weight = weight() else { return nil }
            quality = weight
        } else {
            index = beforeWeight
        }
        skipSpaces()
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            skipSpaces()
        }
        return (code, quality)
    }

    /// 1 to 8 bytes passing `test`.
    mutating func run(of test: (UInt8) -> Bool) -> Bool {
        let start = index
        while index < bytes.count, index - start < 8, test(bytes[index]) { index += 1 }
        return index > start && (index >= bytes.count || !test(bytes[index]))
    }

    /// `q=0`, `q=0.5`, `q=0.125`, `q=1`, `q=1.000`.
    mutating func weight() -> Double? {
        guard bytes.count - index >= 3, bytes[index] == UInt8(ascii: "q"), bytes[index + 1] == UInt8(ascii: "=")
        else { return nil }
        index += 2
        let start = index
        guard index < bytes.count, bytes[index] == UInt8(ascii: "0") || bytes[index] == UInt8(ascii: "1") else {
            return nil
        }
        let one = bytes[index] == UInt8(ascii: "1")
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, digits < 3, one ? bytes[index] == UInt8(ascii: "0") : Self.isDigit(bytes[index])
            {
                index += 1
                digits += 1
            }
        }
        return Double(String(decoding: bytes[start..<index], as: UTF8.self))
    }
}
