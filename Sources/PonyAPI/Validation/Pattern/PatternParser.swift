/// Reads a pattern, in the syntax of Rust's `regex` crate, into a ``PatternNode``.
///
/// Not supported, each with an error that says so: look-around and backreferences (as in
/// pydantic), nested classes and class set operations (`[a&&b]`), Unicode scripts
/// (`\p{Greek}`; general categories such as `\p{L}` are), `\<`, `\>`, `\b{…}` and the `R` flag.
struct PatternParser {
    /// The flags in force: `i`, `m`, `s` and `x`.
    struct Flags {
        var caseless = false
        var multiline = false
        var dotMatchesNewline = false
        var verbose = false
    }

    /// A scalar or a class, read after a backslash.
    enum Escaped {
        case scalar(Unicode.Scalar)
        case member(ScalarClass.Member)
    }

    let scalars: [Unicode.Scalar]
    var position = 0
    var flags = Flags()
    private var depth = 0

    init(_ source: String) { scalars = Array(source.unicodeScalars) }

    /// The whole pattern.
    mutating func parse() throws(PatternError) -> PatternNode {
        let node = try alternation()
        if position < scalars.count {
            throw error("this ')' closes no group; escape it (\\)) to match it", at: position)
        }
        return node
    }

    var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    func error(_ message: String, at offset: Int? = nil) -> PatternError {
        PatternError(message: message, offset: offset ?? max(0, position - 1))
    }

    private mutating func alternation() throws(PatternError) -> PatternNode {
        var branches = [try sequence()]
        while peek == "|" {
            position += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func sequence() throws(PatternError) -> PatternNode {
        var items: [PatternNode] = []
        while true {
            skipVerboseSpace()
            guard let next = peek, next != "|", next != ")" else { break }
            guard let atom = try atom() else { continue }
            items.append(try quantified(atom))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .sequence(items)
        }
    }

    /// `atom`, repeated as the quantifiers after it (`*`, `+`, `?`, `{n,m}`) say; `a**` is
    /// `(a*)*`, as in Rust.
    private mutating func quantified(_ atom: PatternNode) throws(PatternError) -> PatternNode {
        var node = atom
        // NB: a limit on repetitions of repetitions, as on nested groups, keeps the tree shallow
        // enough for the compiler's recursion.
        for _ in 0..<3 {
            skipVerboseSpace()
            guard let (min, max) = try quantifier() else { return node }
            node = .repetition(node, min: min, max: max)
            skipVerboseSpace()
            // NB: a lazy quantifier finds a match exactly when the greedy one does.
            if peek == "?" { position += 1 }
        }
        skipVerboseSpace()
        if let next = peek, "*+?{".unicodeScalars.contains(next) {
            throw error("more than three repetitions in a row (a***\(next)) are not supported", at: position)
        }
        return node
    }

    private mutating func quantifier() throws(PatternError) -> (Int, Int?)? {
        switch peek {
        case "*":
            position += 1
            return (0, nil)
        case "+":
            position += 1
            return (1, nil)
        case "?":
            position += 1
            return (0, 1)
        case "{":
            position += 1
            return try counts()
        default:
            return nil
        }
    }

    /// `{n}`, `{n,}` or `{n,m}`, after the `{`.
    private mutating func counts() throws(PatternError) -> (Int, Int?) {
        let open = position - 1
        let usage = "a repetition is written {n}, {n,} or {n,m}; escape a brace (\\{) to match it"
        skipVerboseSpace()
        guard let min = try count() else { throw error(usage, at: open) }
        skipVerboseSpace()
        if peek == "}" {
            position += 1
            return (min, min)
        }
        guard peek == "," else { throw error(usage, at: open) }
        position += 1
        skipVerboseSpace()
        let max = try count()
        skipVerboseSpace()
        guard peek == "}" else { throw error(usage, at: open) }
        position += 1
        if let max, max < min { throw error("the repetition {\(min),\(max)} allows more than it must", at: open) }
        return (min, max)
    }

    /// A decimal count, or `nil` when no digit is next.
    private mutating func count() throws(PatternError) -> Int? {
        var value: Int?
        while let digit = peek, (48...57).contains(digit.value) {
            let next = (value ?? 0) * 10 + Int(digit.value - 48)
            guard next <= PatternProgram.sizeLimit else {
                throw error("a repetition count is limited to \(PatternProgram.sizeLimit)")
            }
            value = next
            position += 1
        }
        return value
    }

    /// One atom, or `nil` for a group that only sets flags (`(?i)`).
    private mutating func atom() throws(PatternError) -> PatternNode? {
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case "(": return try group()
        case "[": return .scalars(try bracketClass())
        case ".": return .scalars(.dot(matchesNewline: flags.dotMatchesNewline))
        case "^": return .assertion(flags.multiline ? .lineStart : .textStart)
        case "$": return .assertion(flags.multiline ? .lineEnd : .textEnd)
        case "\\": return try escapeAtom()
        case "*", "+", "?", "{":
            throw error("'\(scalar)' has nothing before it to repeat; escape it (\\\(scalar)) to match it")
        default: return literal(scalar)
        }
    }

    func literal(_ scalar: Unicode.Scalar) -> PatternNode {
        .scalar(scalar, caseless: flags.caseless && ScalarClass.caseVariants(of: scalar).count > 1)
    }

    /// A group, after its `(`: `(…)`, `(?:…)`, `(?P<name>…)`, `(?<name>…)`, `(?flags:…)` or
    /// `(?flags)`, which sets flags until the enclosing group ends.
    private mutating func group() throws(PatternError) -> PatternNode? {
        let open = position - 1
        let outerFlags = flags
        if peek == "?" {
            position += 1
            switch peek {
            case ":": position += 1
            case "P" where peek(1) == "<":
                position += 2
                try groupName(open)
            case "<" where peek(1) != "=" && peek(1) != "!":
                position += 1
                try groupName(open)
            case "=", "!", "<":
                throw error(
                    "look-around ((?=…), (?!…), (?<=…), (?<!…)) is not supported: patterns are matched in linear time, as pydantic's are",
                    at: open)
            default:
                if try flagSettings(open) { return nil }
            }
        }
        depth += 1
        guard depth <= 100 else { throw error("groups are nested more than 100 deep", at: open) }
        let inner = try alternation()
        depth -= 1
        guard peek == ")" else { throw error("this group is never closed with ')'", at: open) }
        position += 1
        flags = outerFlags
        return inner
    }

    private mutating func groupName(_ open: Int) throws(PatternError) {
        let start = position
        while let scalar = peek, scalar != ">" {
            guard ScalarClass.isWord(scalar) || ".[]".unicodeScalars.contains(scalar) else {
                throw error("a group name may hold letters, digits and '_'", at: position)
            }
            position += 1
        }
        guard peek == ">", position > start else { throw error("a group name is written (?P<name>…)", at: open) }
        position += 1
    }

    /// The flags of `(?flags)` or `(?flags:`, set in `flags`; whether the group ended there.
    private mutating func flagSettings(_ open: Int) throws(PatternError) -> Bool {
        var negated = false
        var named = false
        while let scalar = peek {
            position += 1
            switch scalar {
            case "i": flags.caseless = !negated
            case "m": flags.multiline = !negated
            case "s": flags.dotMatchesNewline = !negated
            case "x": flags.verbose = !negated
            // NB: `U` swaps greed, which does not change whether there is a match; `u` (Unicode)
            // is always on.
            case "U", "u": break
            case "-" where !negated:
                negated = true
                continue
            case ")", ":":
                guard named else { throw error("a flag group names at least one flag: (?i), (?-i), (?i:…)", at: open) }
                return scalar == ")"
            default:
                throw error("unknown flag '\(scalar)': the flags are i, m, s, x, U and u")
            }
            named = true
        }
        throw error("this group is never closed with ')'", at: open)
    }

    /// After a backslash outside a class: an assertion, a class or a scalar.
    private mutating func escapeAtom() throws(PatternError) -> PatternNode {
        guard let scalar = peek else { throw error("the pattern ends with a lone '\\'") }
        position += 1
        switch scalar {
        case "A": return .assertion(.textStart)
        case "z": return .assertion(.textEnd)
        // NB: `\b{2}` repeats `\b`, as in Rust; `\b{start}` and its kin are not supported.
        case "b" where peek == "{" && peek(1).map { !(48...57).contains($0.value) } ?? false:
            throw error("\\b{…} word boundaries are not supported; use \\b")
        case "b": return .assertion(.wordBoundary)
        case "B": return .assertion(.notWordBoundary)
        default:
            switch try escaped(scalar) {
            case .scalar(let literal): return self.literal(literal)
            case .member(let member): return .scalars(ScalarClass(members: [member], caseless: flags.caseless))
            }
        }
    }

    /// Skips spaces and `#` comments in verbose mode (`x`).
    mutating func skipVerboseSpace() {
        guard flags.verbose else { return }
        while let scalar = peek {
            if scalar.properties.isWhitespace {
                position += 1
            } else if scalar == "#" {
                while let skipped = peek, skipped != "\n" { position += 1 }
            } else {
                return
            }
        }
    }
}
