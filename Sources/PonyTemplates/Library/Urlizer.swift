import Foundation
internal import PonySupport

/// Django's `urlize` and `urlizetrunc` (`django.utils.html.Urlizer`): links `http(s)://…`,
/// `www.…`, bare domains under the original gTLDs and e-mail addresses, trimming punctuation
/// around them as Django does. Every step is a forward scan; nothing backtracks.
enum Urlizer {
    static let filters: [TemplateFilter] = [
        TemplateFilter("urlize", isSafe: true) { value, _, autoescape in
            .safe(urlize(value, limit: nil, autoescape: autoescape))
        },
        TemplateFilter("urlizetrunc", isSafe: true, argument: .required) { value, argument, autoescape in
            guard let limit = BuiltinFilters.integer(argument) else {
                throw TemplateRenderError("urlizetrunc: the limit must be an integer, not '\(argument?.text ?? "")'")
            }
            return .safe(urlize(value, limit: limit, autoescape: autoescape))
        },
    ]

    /// Django's `MAX_URL_LENGTH`: longer words are never linked.
    static let maxURLLength = 2048

    static func urlize(_ value: TemplateValue, limit: Int?, autoescape: Bool) -> String {
        let safeInput = value.isSafe
        let scalars = value.text.unicodeScalars
        var output = ""
        var cache: [Substring: String] = [:]
        var start = scalars.startIndex
        while start < scalars.endIndex {
            let isSeparator = isWordSeparator(scalars[start])
            var end = scalars.index(after: start)
            while end < scalars.endIndex, isWordSeparator(scalars[end]) == isSeparator {
                end = scalars.index(after: end)
            }
            let word = Substring(scalars[start..<end])
            if let done = cache[word] {
                output += done
            } else {
                let done = handle(word, safeInput: safeInput, limit: limit, autoescape: autoescape)
                cache[word] = done
                output += done
            }
            start = end
        }
        return output
    }

    /// `[\s<>"']`.
    private static func isWordSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "<" || scalar == ">" || scalar == "\"" || scalar == "'" || scalar.isPythonSpace
    }

    private static func handle(_ word: Substring, safeInput: Bool, limit: Int?, autoescape: Bool) -> String {
        let plain = safeInput || !autoescape ? String(word) : Escaping.html(String(word))
        guard word.contains(where: { $0 == "." || $0 == "@" || $0 == ":" }) else { return plain }
        let (leadScalars, trimmed, trailScalars) = trimPunctuation(Array(word.unicodeScalars))
        var middle = trimmed
        var lead = String(String.UnicodeScalarView(leadScalars))
        var trail = String(String.UnicodeScalarView(trailScalars))
        let text = String(String.UnicodeScalarView(middle))
        var relation = " rel=\"nofollow\""
        let url: String
        if middle.count <= maxURLLength, isSimpleURL(middle) {
            url = smartURLQuote(HTMLEntities.unescape(text))
        } else if middle.count <= maxURLLength, isBareDomainURL(middle) {
            url = smartURLQuote("http://" + HTMLEntities.unescape(text))
        } else if !middle.contains(":"), EmailAddress.isValid(text), let at = middle.lastIndex(of: "@") {
            let local = String(String.UnicodeScalarView(middle[..<at]))
            let domain = String(String.UnicodeScalarView(middle[(at + 1)...]))
            url = "mailto:\(BuiltinFilters.quote(local, safe: ""))@\(BuiltinFilters.quote(domain, safe: ""))"
            relation = ""
        } else {
            return plain
        }
        if let limit, middle.count > limit { middle = Array(middle.prefix(max(0, limit - 1))) + ["…"] }
        var shown = String(String.UnicodeScalarView(middle))
        if autoescape && !safeInput {
            lead = Escaping.html(lead)
            trail = Escaping.html(trail)
            shown = Escaping.html(shown)
        }
        return lead + "<a href=\"\(Escaping.html(url))\"\(relation)>\(shown)</a>" + trail
    }

    // MARK: - Punctuation

    /// `Urlizer.trim_punctuation`: opening brackets off the front, unbalanced closing ones and
    /// `.,:;!` off the end, without breaking a trailing entity such as `&amp;`.
    static func trimPunctuation(
        _ word: [Unicode.Scalar]
    ) -> (lead: [Unicode.Scalar], middle: [Unicode.Scalar], trail: [Unicode.Scalar]) {
        let leadLength = word.prefix { $0 == "(" || $0 == "[" }.count
        var middle = Array(word[leadLength...])
        var trail: [Unicode.Scalar] = []
        let pairs: [(Unicode.Scalar, Unicode.Scalar)] = [("(", ")"), ("[", "]")]
        var counts: [Unicode.Scalar: Int] = [:]
        for (opening, closing) in pairs {
            counts[opening] = middle.count { $0 == opening }
            counts[closing] = middle.count { $0 == closing }
        }
        var trimmedSomething = true
        while trimmedSomething && !middle.isEmpty {
            trimmedSomething = false
            for (opening, closing) in pairs where counts[opening]! < counts[closing]! && middle.last == closing {
                let strip = min(counts[closing]! - counts[opening]!, middle.count)
                trail = Array(middle.suffix(strip))
                middle.removeLast(strip)
                trimmedSomething = true
                counts[closing]! -= strip
            }
            let amp = middle.lastIndex(of: "&")
            let stripped = rstrip(middle, amp == nil ? ".,:;!" : ".,:!")
            if stripped.count != middle.count {
                trail = Array(middle[stripped.count...]) + trail
                middle = stripped
                trimmedSomething = true
            }
            guard middle.last == ";" else { continue }
            let entity = String(String.UnicodeScalarView(middle[(amp ?? (middle.count - 1))...]))
            let unescaped = HTMLEntities.unescape(entity)
            guard unescaped == entity || unescaped.hasSuffix(";") else { continue }
            let kept = rstrip(middle, ".,:;!")
            let trailStart = kept.count
            let semicolons = middle.count - rstrip(middle, ";").count
            if amp != nil && semicolons > 1, let first = middle[trailStart...].firstIndex(of: ";") {
                trail = Array(middle[(first + 1)...]) + trail
                middle = kept + middle[trailStart...first]
            } else {
                trail = Array(middle[trailStart...]) + trail
                middle = kept
            }
            trimmedSomething = true
        }
        return (Array(word[..<leadLength]), middle, trail)
    }

    private static func rstrip(_ scalars: [Unicode.Scalar], _ characters: String) -> [Unicode.Scalar] {
        var end = scalars.count
        while end > 0, characters.unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
        return Array(scalars[..<end])
    }

    // MARK: - Recognising links

    /// `^https?://\[?\w` (case-insensitive).
    static func isSimpleURL(_ s: [Unicode.Scalar]) -> Bool {
        var i = 0
        for expected in "http" {
            guard i < s.count, Character(s[i]).lowercased() == String(expected) else { return false }
            i += 1
        }
        if i < s.count, s[i] == "s" || s[i] == "S" { i += 1 }
        guard i + 3 <= s.count, s[i] == ":", s[i + 1] == "/", s[i + 2] == "/" else { return false }
        i += 3
        if i < s.count, s[i] == "[" { i += 1 }
        return i < s.count && s[i].isPythonWordCharacter
    }

    /// `^www\.|^(?!http)\w[^@]+\.(com|edu|gov|int|mil|net|org)($|/.*)$` (case-insensitive).
    static func isBareDomainURL(_ s: [Unicode.Scalar]) -> Bool {
        let lower = String(String.UnicodeScalarView(s)).lowercased()
        if lower.hasPrefix("www.") { return true }
        guard !lower.hasPrefix("http"), let first = s.first, first.isPythonWordCharacter else { return false }
        let tlds: Set<String> = ["com", "edu", "gov", "int", "mil", "net", "org"]
        for dot in 1..<max(1, s.count) {
            if s[dot] == "@" { return false }
            guard dot >= 2, s[dot] == ".", dot + 4 <= s.count else { continue }
            let tld = String(String.UnicodeScalarView(s[(dot + 1)..<(dot + 4)])).lowercased()
            if tlds.contains(tld), dot + 4 == s.count || s[dot + 4] == "/" { return true }
        }
        return false
    }

    // MARK: - Quoting (django.utils.html.smart_urlquote)

    private static let urlSafe = "!$&'()*+,;=:/?#[]@~"

    /// Quotes a URL unless it is already quoted: each part unquoted then quoted again.
    static func smartURLQuote(_ url: String) -> String {
        guard let parts = URLParts(splitting: url) else { return unquoteQuote(url) }
        var query = parts.query
        if !query.isEmpty {
            query = query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
                let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = unquote(unquote(halves[0].replacingOccurrences(of: "+", with: " ")))
                let value = halves.count > 1 ? unquote(unquote(halves[1].replacingOccurrences(of: "+", with: " "))) : ""
                return BuiltinFilters.quotePlus(name) + "=" + BuiltinFilters.quotePlus(value)
            }.joined(separator: "&")
        }
        var result = parts.scheme.isEmpty ? "" : parts.scheme + ":"
        let path = unquoteQuote(parts.path)
        result += "//" + unquoteQuote(parts.netloc) + (path.isEmpty || path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty { result += "?" + query }
        let fragment = unquoteQuote(parts.fragment)
        if !fragment.isEmpty { result += "#" + fragment }
        return result
    }

    private static func unquoteQuote(_ segment: String) -> String {
        BuiltinFilters.quote(unquote(segment), safe: urlSafe)
    }

    /// Python's `unquote`: `%XX` runs decoded as UTF-8, invalid bytes replaced.
    static func unquote(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count, let byte = hexByte(utf8[i + 1], utf8[i + 2]) {
                bytes.append(byte)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexByte(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let h = Unicode.Scalar(high).hexValue, let l = Unicode.Scalar(low).hexValue else { return nil }
        return UInt8(h * 16 + l)
    }
}

/// Python's `urllib.parse.urlsplit` for the absolute URLs `urlize` builds.
struct URLParts {
    var scheme = "", netloc = "", path = "", query = "", fragment = ""

    /// Fails where Python raises `ValueError` (unbalanced or invalid brackets in the host).
    init?(splitting url: String) {
        var rest = Substring(url.drop { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } })
        rest.removeAll { $0 == "\t" || $0 == "\r" || $0 == "\n" }
        if let colon = rest.firstIndex(of: ":"), colon > rest.startIndex, let first = rest.first, first.isASCII,
            first.isLetter,
            rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        {
            scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            netloc = String(rest[afterSlashes..<end])
            rest = rest[end...]
            let open = netloc.contains("["), close = netloc.contains("]")
            if open != close { return nil }
            if open, let start = netloc.firstIndex(of: "[") {
                let host = netloc[netloc.index(after: start)...].prefix { $0 != "]" }
                guard Self.isValidBracketedHost(String(host)) else { return nil }
            }
        }
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        path = String(rest)
        if !netloc.allSatisfy(\.isASCII) {
            let stripped = netloc.filter { !"@:#?".contains($0) }
            let normalized = stripped.precomposedStringWithCompatibilityMapping
            if normalized != stripped, normalized.contains(where: { "/?#@:".contains($0) }) { return nil }
        }
    }

    private static func isValidBracketedHost(_ host: String) -> Bool {
        if host.hasPrefix("v") {
            let parts = host.dropFirst().split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy(\.isHexDigit) && !parts[1].isEmpty
        }
        return IPAddress.isIPv6(host)
    }
}

extension Unicode.Scalar {
    var hexValue: UInt8? {
        switch value {
        case 0x30...0x39: UInt8(value - 0x30)
        case 0x41...0x46: UInt8(value - 0x37)
        case 0x61...0x66: UInt8(value - 0x57)
        default: nil
        }
    }
}
