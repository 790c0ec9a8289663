extension PatternParser {
    /// A bracketed class, after its `[`: `[abc]`, `[^a-z]`, `[\d_]`, `[[:alpha:]]`.
    mutating func bracketClass() throws(PatternError) -> ScalarClass {
        let open = position - 1
        var negated = false
        if peek == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var members: [ScalarClass.Member] = []
        var isFirst = true
        while true {
            skipClassSpace()
            guard let scalar = peek else { throw error("this class is never closed with ']'", at: open) }
            if scalar == "]" && !isFirst {
                position += 1
                break
            }
            isFirst = false
            if "&-~".unicodeScalars.contains(scalar), peek(1) == scalar {
                throw error("class set operations (&&, --, ~~) are not supported", at: position)
            }
            if scalar == "[" {
                guard peek(1) == ":" else {
                    throw error("classes inside classes are not supported; escape '[' (\\[) to match it", at: position)
                }
                ranges += try asciiClass()
                continue
            }
            let low = try classItem()
            skipClassSpace()
            guard peek == "-", let after = peek(1), after != "]" else {
                switch low {
                case .scalar(let single): ranges.append(single.value...single.value)
                case .member(let member): members.append(member)
                }
                continue
            }
            position += 1
            skipClassSpace()
            guard case .scalar(let first) = low, case .scalar(let last) = try classItem() else {
                throw error("a range runs between two single characters, not classes such as \\d")
            }
            guard first <= last else { throw error("the range \(first)-\(last) ends before it starts") }
            ranges.append(first.value...last.value)
        }
        return ScalarClass(ranges: ranges, members: members, negated: negated, caseless: flags.caseless)
    }

    private mutating func classItem() throws(PatternError) -> Escaped {
        guard let scalar = peek else { throw error("this class is never closed with ']'") }
        position += 1
        guard scalar == "\\" else { return .scalar(scalar) }
        guard let escapedScalar = peek else { throw error("the pattern ends with a lone '\\'") }
        position += 1
        return try escaped(escapedScalar)
    }

    /// Spaces are not part of a class in verbose mode (`x`), as in Rust.
    private mutating func skipClassSpace() {
        guard flags.verbose else { return }
        while let scalar = peek, scalar.properties.isWhitespace { position += 1 }
    }

    /// `[:name:]` or `[:^name:]` inside a class: the ASCII classes of POSIX.
    private mutating func asciiClass() throws(PatternError) -> [ClosedRange<UInt32>] {
        let open = position
        position += 2
        var negated = false
        if peek == "^" {
            negated = true
            position += 1
        }
        var name = ""
        while let scalar = peek, scalar != ":" {
            name.unicodeScalars.append(scalar)
            position += 1
        }
        guard peek == ":", peek(1) == "]" else { throw error("an ASCII class is written [:alpha:]", at: open) }
        position += 2
        guard let ranges = Self.asciiClasses[name] else {
            let names = Self.asciiClasses.keys.sorted().joined(separator: ", ")
            throw error("unknown ASCII class '\(name)'; the classes are \(names)", at: open)
        }
        return negated ? Self.complement(ranges) : ranges
    }

    private static let asciiClasses: [String: [ClosedRange<UInt32>]] = [
        "alnum": [48...57, 65...90, 97...122], "alpha": [65...90, 97...122], "ascii": [0...127],
        "blank": [9...9, 32...32], "cntrl": [0...31, 127...127], "digit": [48...57], "graph": [33...126],
        "lower": [97...122], "print": [32...126], "punct": [33...47, 58...64, 91...96, 123...126],
        "space": [9...13, 32...32], "upper": [65...90], "word": [48...57, 65...90, 95...95, 97...122],
        "xdigit": [48...57, 65...70, 97...102],
    ]

    /// Every scalar value outside the sorted, disjoint `ranges`.
    private static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        result.append(next...0x10FFFF)
        return result
    }

    /// What a backslash and `scalar` stand for (in a class or outside one).
    mutating func escaped(_ scalar: Unicode.Scalar) throws(PatternError) -> Escaped {
        switch scalar {
        case "d", "D": return .member(ScalarClass.Member(property: .digit, negated: scalar == "D"))
        case "w", "W": return .member(ScalarClass.Member(property: .word, negated: scalar == "W"))
        case "s", "S": return .member(ScalarClass.Member(property: .space, negated: scalar == "S"))
        case "p", "P": return .member(try unicodeClass(negated: scalar == "P"))
        case "t": return .scalar("\t")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "f": return .scalar("\u{0C}")
        case "v": return .scalar("\u{0B}")
        case "a": return .scalar("\u{07}")
        case "x": return .scalar(try hexScalar(digits: 2))
        case "u": return .scalar(try hexScalar(digits: 4))
        case "U": return .scalar(try hexScalar(digits: 8))
        case "0"..."9":
            throw error(
                "backreferences and octal escapes are not supported: patterns are matched in linear time, as pydantic's are"
            )
        case "<", ">": throw error("\\\(scalar) word boundaries are not supported; use \\b")
        default:
            guard scalar.isASCII, scalar.value >= 32, !ScalarClass.isWord(scalar) else {
                throw error("unknown escape '\\\(scalar)'")
            }
            return .scalar(scalar)
        }
    }

    /// `\xHH`, `\uHHHH`, `\UHHHHHHHH` (`digits` hex digits), or any of them as `\x{H…}`.
    private mutating func hexScalar(digits: Int) throws(PatternError) -> Unicode.Scalar {
        let start = position - 2
        let braced = peek == "{"
        if braced { position += 1 }
        var value: UInt32 = 0
        var count = 0
        while let scalar = peek, let digit = Self.hexValue(scalar), braced ? count < 8 : count < digits {
            value = value * 16 + digit
            count += 1
            position += 1
        }
        if braced {
            guard peek == "}", count > 0 else { throw error("a braced escape is written \\x{1F600}", at: start) }
            position += 1
        } else if count < digits {
            throw error("this escape needs \(digits) hexadecimal digits", at: start)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar", at: start)
        }
        return scalar
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 48...57: scalar.value - 48
        case 65...70: scalar.value - 55
        case 97...102: scalar.value - 87
        default: nil
        }
    }
}
