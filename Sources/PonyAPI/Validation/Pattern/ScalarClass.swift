/// A set of Unicode scalars: what one position of a pattern accepts (`[a-z]`, `\d`, `.`).
///
/// Scalars below 128 are looked up in a bitmap made once; others are tested against the
/// ranges and Unicode properties.
struct ScalarClass: Equatable, Sendable {
    /// A Unicode property, as Rust's `regex` crate defines its classes.
    enum Property: Equatable, Sendable {
        /// `\d`: `Decimal_Number`.
        case digit
        /// `\w`: alphabetic, marks, decimal numbers, connector punctuation, join controls.
        case word
        /// `\s`: `White_Space`.
        case space
        /// `\p{L}`, `\p{Lu}`…: a general category.
        case categories([Unicode.GeneralCategory])
        /// `\p{Alphabetic}`.
        case alphabetic
        /// `\p{Uppercase}`.
        case uppercase
        /// `\p{Lowercase}`.
        case lowercase
        /// `\p{Any}`.
        case any
        /// `\p{ASCII}`.
        case ascii

        func holds(for scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .digit: scalar.properties.numericType == .decimal
            case .word: ScalarClass.isWord(scalar)
            case .space: scalar.properties.isWhitespace
            case .categories(let categories): categories.contains(scalar.properties.generalCategory)
            case .alphabetic: scalar.properties.isAlphabetic
            case .uppercase: scalar.properties.isUppercase
            case .lowercase: scalar.properties.isLowercase
            case .any: true
            case .ascii: scalar.isASCII
            }
        }
    }

    /// A property, or its complement (`\D`, `\P{L}`).
    struct Member: Equatable, Sendable {
        let property: Property
        let negated: Bool
    }

    private let ranges: [ClosedRange<UInt32>]
    private let members: [Member]
    private let negated: Bool
    private let caseless: Bool
    /// Whether each scalar below 128 is in the class, as two 64-bit words.
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// The scalars in `ranges` or with one of `members`' properties; with `negated`, every
    /// other scalar. With `caseless`, a scalar is in the class when its lower or upper case is.
    init(ranges: [ClosedRange<UInt32>] = [], members: [Member] = [], negated: Bool = false, caseless: Bool = false) {
        self.ranges = ranges
        self.members = members
        self.negated = negated
        self.caseless = caseless
        for value in 0..<UInt32(128) where slowContains(Unicode.Scalar(UInt8(value))) {
            if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
        }
    }

    /// `.`: any scalar but `\n` (any at all with `dotMatchesNewline`).
    static func dot(matchesNewline: Bool) -> ScalarClass {
        matchesNewline
            ? ScalarClass(members: [Member(property: .any, negated: false)])
            : ScalarClass(ranges: [10...10], negated: true)
    }

    /// Whether `scalar` is in the class.
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 64 { return low & (1 << UInt64(value)) != 0 }
        if value < 128 { return high & (1 << UInt64(value - 64)) != 0 }
        return slowContains(scalar)
    }

    private func slowContains(_ scalar: Unicode.Scalar) -> Bool {
        let found = caseless ? isMember(Self.caseVariants(of: scalar)) : isMember(CollectionOfOne(scalar))
        return found != negated
    }

    /// Whether one of `variants` (a scalar's cases) is in the ranges or has a property.
    ///
    /// Each part of the class is closed under case first and negated after, as in Rust:
    /// `(?i)\P{Lu}` is every scalar that is no case of an uppercase letter.
    private func isMember(_ variants: some Collection<Unicode.Scalar>) -> Bool {
        ranges.contains { range in variants.contains { range.contains($0.value) } }
            || members.contains { member in variants.contains(where: member.property.holds) != member.negated }
    }

    /// `scalar` and its other cases: its lower, upper and title case where each is one scalar
    /// (Unicode's simple case mappings), the lower case of its upper case (θ for ϑ), and the few
    /// that fold to one of those but no mapping reaches (ẞ for ß, the Kelvin sign for k).
    static func caseVariants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var variants = [scalar]
        let properties = scalar.properties
        for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
            if let only = single(mapping), !variants.contains(only) { variants.append(only) }
        }
        let folded = folded(scalar)
        if !variants.contains(folded) { variants.append(folded) }
        for variant in variants {
            if let extra = unmappedCase(of: variant), !variants.contains(extra) { variants.append(extra) }
        }
        return variants
    }

    /// The scalar whose lower case is `lower` though `lower`'s own mappings do not lead to it
    /// (CaseFolding.txt less UnicodeData.txt).
    private static func unmappedCase(of lower: Unicode.Scalar) -> Unicode.Scalar? {
        switch lower.value {
        case 0x6B: "\u{212A}"  // k, KELVIN SIGN
        case 0xDF: "\u{1E9E}"  // ß, LATIN CAPITAL LETTER SHARP S
        case 0xE5: "\u{212B}"  // å, ANGSTROM SIGN
        case 0x3B8: "\u{3F4}"  // θ, GREEK CAPITAL THETA SYMBOL
        case 0x3C9: "\u{2126}"  // ω, OHM SIGN
        default: nil
        }
    }

    /// The scalar that stands for all cases of `scalar`: the lower case of its upper case.
    static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            let value = scalar.value
            return (65...90).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : scalar
        }
        let upper = single(scalar.properties.uppercaseMapping) ?? scalar
        return single(upper.properties.lowercaseMapping) ?? upper
    }

    private static func single(_ text: String) -> Unicode.Scalar? {
        let scalars = text.unicodeScalars
        return scalars.count == 1 ? scalars.first : nil
    }

    /// Whether `scalar` is a word scalar for `\w` and `\b` (`nil`, outside the text, is not).
    static func isWord(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        if scalar.isASCII {
            let value = scalar.value
            return (48...57).contains(value) || (65...90).contains(value) || (97...122).contains(value) || value == 95
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation, .decimalNumber: return true
        default: return properties.isAlphabetic || properties.isJoinControl
        }
    }
}
