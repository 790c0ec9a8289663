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
        let found =
            caseless ? Self.caseVariants(of: scalar).contains(where: isMember) : isMember(scalar)
        return found != negated
    }

    private func isMember(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) }
            || members.contains { $0.property.holds(for: scalar) != $0.negated }
    }

    /// `scalar`, and its lower and upper case where each is one scalar (Unicode's simple case
    /// mappings).
    static func caseVariants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var variants = [scalar]
        for mapping in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
            let scalars = mapping.unicodeScalars
            if scalars.count == 1, let only = scalars.first, !variants.contains(only) { variants.append(only) }
        }
        return variants
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
