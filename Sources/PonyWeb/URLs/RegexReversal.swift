/// The ways a `re_path` regex can be reversed, as Django's `regex_helper.normalize` finds them.
///
/// A regex made of literal text, named groups (`(?P<year>[0-9]{4})`), non-capturing groups
/// and the quantifiers `?`, `*` and `+` gives one list of parts per choice of the optional
/// pieces: `^archive/(?P<year>[0-9]{4})/(?:(?P<month>[0-9]{2})/)?$` gives `archive/<year>/`
/// and `archive/<year>/<month>/`, so reversing with only `year` works, as in Django. An
/// optional piece without a group is left out (Django drops it too). Anything else (`|`,
/// `.`, character classes outside a group, unnamed groups) makes the regex irreversible: `nil`.
struct RegexReversal {
    /// More choices than this (many optional groups) are not worth trying one by one.
    static let maxAlternatives = 64

    private let characters: [Character]
    private var index = 0

    /// The alternatives for `regex` (without its leading `^`), or `nil` when it cannot be reversed.
    static func alternatives(_ regex: String) -> [[RoutePattern.Part]]? {
        var parser = RegexReversal(characters: Array(regex))
        guard let result = parser.sequence(), parser.index == parser.characters.count else { return nil }
        return result
    }

    private init(characters: [Character]) { self.characters = characters }

    private var current: Character? { index < characters.count ? characters[index] : nil }

    /// A sequence up to a `)` (left for the caller) or the end: the product of its pieces' choices.
    private mutating func sequence() -> [[RoutePattern.Part]]? {
        var result: [[RoutePattern.Part]] = [[]]
        while let character = current, character != ")" {
            guard var piece = atom() else { return nil }
            switch current {
            case "?", "*":
                index += 1
                let hasCapture = piece.contains { $0.contains { if case .capture = $0 { true } else { false } } }
                piece = hasCapture ? [[]] + piece : [[]]
            case "+":
                index += 1
            case "{":
                return nil
            default:
                break
            }
            if current == "?" { index += 1 }  // a lazy quantifier changes nothing here
            var product: [[RoutePattern.Part]] = []
            for prefix in result {
                for suffix in piece { product.append(RegexReversal.joined(prefix, suffix)) }
            }
            guard product.count <= RegexReversal.maxAlternatives else { return nil }
            result = product
        }
        return result
    }

    /// One literal character, escape or group, with its choices.
    private mutating func atom() -> [[RoutePattern.Part]]? {
        guard let character = current else { return nil }
        index += 1
        switch character {
        case "\\":
            guard let escaped = current, !escaped.isLetter, !escaped.isNumber else { return nil }
            index += 1
            return [[.literal(Array(String(escaped).utf8))]]
        case "$":
            return index == characters.count ? [[]] : nil
        case "(":
            return group()
        case "^", ".", "|", "?", "*", "+", "[", "]", "{", "}":
            return nil
        default:
            return [[.literal(Array(String(character).utf8))]]
        }
    }

    /// After "(": a named group (one capture whose body is its regex) or a non-capturing group.
    private mutating func group() -> [[RoutePattern.Part]]? {
        guard current == "?" else { return nil }
        index += 1
        if current == ":" {
            index += 1
            guard let inner = sequence(), current == ")" else { return nil }
            index += 1
            return inner
        }
        if current == "P" { index += 1 }
        guard current == "<" else { return nil }
        index += 1
        var name = ""
        while let character = current, character != ">" {
            name.append(character)
            index += 1
        }
        guard current == ">", !name.isEmpty else { return nil }
        index += 1
        var depth = 1
        var body = ""
        while let character = current {
            index += 1
            if character == "\\", let next = current {
                body.append(character)
                body.append(next)
                index += 1
                continue
            }
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0 { break }
            }
            body.append(character)
        }
        guard depth == 0 else { return nil }
        return [[.capture(name: name, converter: PathConverter(name: "regex", regex: body))]]
    }

    /// `prefix + suffix`, merging adjacent literals.
    private static func joined(_ prefix: [RoutePattern.Part], _ suffix: [RoutePattern.Part]) -> [RoutePattern.Part] {
        guard case .literal(let left)? = prefix.last, case .literal(let right)? = suffix.first else {
            return prefix + suffix
        }
        return prefix.dropLast() + [.literal(left + right)] + suffix.dropFirst()
    }
}
