/// A compiled URL pattern: how one route's full pattern (prefixes included) matches a path.
///
/// Patterns in Django's path syntax made only of built-in converters use a byte matcher with
/// backtracking; anything with a regex (``URLPattern/rePath(_:methods:name:file:line:_:)`` or
/// a custom converter) is matched with Swift's `Regex`. Paths are matched without their
/// leading "/", as in Django.
struct RoutePattern: @unchecked Sendable {
    // NB: @unchecked because `Regex` is not declared Sendable; a compiled regex is immutable
    // and matching it is thread-safe.
    enum Part: Sendable {
        case literal([UInt8])
        case capture(name: String, converter: PathConverter)
    }

    enum Matcher {
        /// Only literal text: compared as a whole (and looked up in a dictionary by the resolver).
        case literal(String)
        case parts([Part])
        case regex(Regex<AnyRegexOutput>, names: [String])
    }

    let matcher: Matcher
    /// The pattern as written by the user (prefixes joined), for 404 pages and errors.
    let display: String
    /// The ways to build a path for `reverse` (several when a regex has optional groups); empty
    /// for regex routes that are not simple enough to reverse.
    let reverseAlternatives: [[Part]]

    /// Parses a Django path pattern into parts.
    static func parse(path pattern: String, converters: [String: PathConverter]) throws(PatternError) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "<") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                throw PatternError(message: "\"<\" without a closing \">\" in \"\(pattern)\".")
            }
            let inside = rest[rest.index(after: open)..<close]
            let pieces = inside.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let converterName = pieces.count == 2 ? String(pieces[0]) : "str"
            let name = String(pieces.count == 2 ? pieces[1] : pieces[0])
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true,
                name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else {
                throw PatternError(
                    message: "\"\(name)\" in \"\(pattern)\" is not a valid parameter name (use letters, digits and _)."
                )
            }
            guard let converter = converters[converterName] else {
                let known = converters.keys.sorted().joined(separator: ", ")
                throw PatternError(
                    message:
                        "Unknown path converter \"\(converterName)\" in \"\(pattern)\". Known converters: \(known)."
                        + " Register custom ones with app.converter(PathConverter(name:regex:))."
                )
            }
            if !literal.isEmpty { parts.append(.literal(Array(literal.utf8))) }
            literal = ""
            parts.append(.capture(name: name, converter: converter))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(Array(literal.utf8))) }
        return parts
    }

    /// Compiles a route from its pattern segments (include prefixes first).
    init(segments: [(pattern: String, isRegex: Bool)], converters: [String: PathConverter]) throws(PatternError) {
        display = segments.map { $0.isRegex ? $0.pattern : RoutePattern.withoutLeadingSlash($0.pattern) }.joined()
        let hasRegex = segments.contains { $0.isRegex }
        var pathParts: [Part] = []
        for segment in segments where !segment.isRegex {
            pathParts += try RoutePattern.parse(
                path: RoutePattern.withoutLeadingSlash(segment.pattern), converters: converters)
        }
        let needsRegex =
            hasRegex
            || pathParts.contains {
                if case .capture(_, let converter) = $0 { return converter.characterClass == nil }
                return false
            }
        guard needsRegex else {
            reverseAlternatives = [pathParts]
            if pathParts.allSatisfy({ if case .literal = $0 { true } else { false } }) {
                matcher = .literal(
                    pathParts.map {
                        if case .literal(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { "" }
                    }.joined())
            } else {
                matcher = .parts(pathParts)
            }
            return
        }
        // Build one regex: path segments become escaped literals and named groups.
        var source = "^"
        var names: [String] = []
        var reversible: [[Part]]? = [[]]
        for (index, segment) in segments.enumerated() {
            if segment.isRegex {
                var regex = Substring(segment.pattern)
                if regex.first == "^" { regex = regex.dropFirst() }
                let isLast = index == segments.count - 1
                if !isLast, regex.last == "$" { regex = regex.dropLast() }
                source += regex
                names += RoutePattern.groupNames(in: String(regex))
                reversible = reversible.flatMap { prefixes in
                    RegexReversal.alternatives(String(regex)).map { choices in
                        prefixes.flatMap { prefix in choices.map { prefix + $0 } }
                    }
                }
            } else {
                let parts = try RoutePattern.parse(
                    path: RoutePattern.withoutLeadingSlash(segment.pattern), converters: converters)
                for part in parts {
                    switch part {
                    case .literal(let bytes): source += RoutePattern.escape(String(decoding: bytes, as: UTF8.self))
                    case .capture(let name, let converter):
                        source += "(?<\(name)>\(converter.regex))"
                        names.append(name)
                    }
                }
                reversible = reversible.map { $0.map { $0 + parts } }
                if index == segments.count - 1 { source += "\\z" }
            }
        }
        do {
            matcher = .regex(try Regex(source), names: names)
        } catch {
            throw PatternError(message: "Invalid regular expression \"\(display)\": \(error)")
        }
        reverseAlternatives = reversible ?? []
    }

    /// Matches a path (without its leading "/"); returns the captured parameters or `nil`.
    func match(_ path: String) -> Parameters? {
        switch matcher {
        case .literal(let text):
            return text == path ? Parameters() : nil
        case .parts(let parts):
            var path = path
            return path.withUTF8 { bytes in
                var captures: [Capture] = []
                // NB: backtracking is quickest for real paths, but adjacent captures make it
                // polynomial (`<str:a>-<str:b>-<str:c>.html` against "a-a-a-…" is cubic): past a
                // budget linear in the path, the linear matcher below answers instead.
                var budget = 8 * bytes.count + 64
                if !RoutePattern.match(parts[...], bytes, from: 0, captures: &captures, budget: &budget) {
                    guard budget < 0 else { return nil }
                    guard let linear = RoutePattern.linearMatch(parts, bytes) else { return nil }
                    captures = linear
                }
                return Parameters(
                    pairs: captures.map {
                        Parameters.Pair(name: $0.name, value: String(decoding: bytes[$0.start..<$0.end], as: UTF8.self))
                    })
            }
        case .regex(let regex, let names):
            guard let match = try? regex.firstMatch(in: path) else { return nil }
            var parameters = Parameters()
            for name in names {
                if let value = match.output[name]?.substring {
                    parameters.pairs.append(Parameters.Pair(name: name, value: String(value)))
                }
            }
            return parameters
        }
    }

    /// Backtracking matcher over the path bytes; each capture tries its longest run first.
    /// Gives up (`false` with `budget` below 0) after `budget` steps.
    private static func match(
        _ parts: ArraySlice<Part>,
        _ bytes: UnsafeBufferPointer<UInt8>,
        from position: Int,
        captures: inout [Capture],
        budget: inout Int
    ) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        guard let part = parts.first else { return position == bytes.count }
        switch part {
        case .literal(let literal):
            guard bytes.count - position >= literal.count else { return false }
            for offset in 0..<literal.count where bytes[position + offset] != literal[offset] { return false }
            return match(parts.dropFirst(), bytes, from: position + literal.count, captures: &captures, budget: &budget)
        case .capture(let name, let converter):
            guard let characterClass = converter.characterClass else { return false }
            if characterClass == .uuid {
                let end = position + 36
                guard end <= bytes.count, characterClass.matches(bytes[position..<end]) else { return false }
                captures.append(Capture(name: name, start: position, end: end))
                if match(parts.dropFirst(), bytes, from: end, captures: &captures, budget: &budget) { return true }
                captures.removeLast()
                return false
            }
            var end = position
            while end < bytes.count, characterClass.allows(bytes[end]) { end += 1 }
            while end > position, budget >= 0 {
                captures.append(Capture(name: name, start: position, end: end))
                if match(parts.dropFirst(), bytes, from: end, captures: &captures, budget: &budget) { return true }
                captures.removeLast()
                end -= 1
            }
            return false
        }
    }

    /// The backtracking matcher's answer in time linear in the path (times the parts).
    ///
    /// Right to left, `reachable[i][p]` says whether `parts[i...]` match `bytes[p...]`; a
    /// capture's row comes from the next row's running count in O(1) per position. Then left
    /// to right each capture takes the longest run that still reaches the end, which is the
    /// run backtracking settles on.
    static func linearMatch(_ parts: [Part], _ bytes: UnsafeBufferPointer<UInt8>) -> [Capture]? {
        let n = bytes.count
        // runEnd[class][p]: where the run of bytes the class allows, starting at p, ends.
        var runEnds: [PathConverter.CharacterClass: [Int]] = [:]
        func runEnd(_ characterClass: PathConverter.CharacterClass) -> [Int] {
            if let cached = runEnds[characterClass] { return cached }
            var ends = [Int](repeating: n, count: n + 1)
            for p in stride(from: n - 1, through: 0, by: -1) {
                ends[p] = characterClass.allows(bytes[p]) ? ends[p + 1] : p
            }
            runEnds[characterClass] = ends
            return ends
        }
        var reachable = [[Bool]](repeating: [], count: parts.count + 1)
        reachable[parts.count] = (0...n).map { $0 == n }
        for index in stride(from: parts.count - 1, through: 0, by: -1) {
            let next = reachable[index + 1]
            var row = [Bool](repeating: false, count: n + 1)
            switch parts[index] {
            case .literal(let literal):
                for p in 0...n where p + literal.count <= n && next[p + literal.count] {
                    row[p] = literal.indices.allSatisfy { bytes[p + $0] == literal[$0] }
                }
            case .capture(_, let converter):
                guard let characterClass = converter.characterClass else { return nil }
                if characterClass == .uuid {
                    for p in 0...n where p + 36 <= n && next[p + 36] {
                        row[p] = characterClass.matches(UnsafeBufferPointer(rebasing: bytes[p..<(p + 36)]))
                    }
                } else {
                    // counts[e]: how many of next[0..<e] are true.
                    var counts = [Int](repeating: 0, count: n + 2)
                    for e in 0...n { counts[e + 1] = counts[e] + (next[e] ? 1 : 0) }
                    let ends = runEnd(characterClass)
                    for p in 0..<n where ends[p] > p {
                        row[p] = counts[ends[p] + 1] - counts[p + 1] > 0  // some e in p+1...ends[p]
                    }
                }
            }
            reachable[index] = row
        }
        guard reachable[0][0] else { return nil }
        var captures: [Capture] = []
        var position = 0
        for (index, part) in parts.enumerated() {
            switch part {
            case .literal(let literal): position += literal.count
            case .capture(let name, let converter):
                guard let characterClass = converter.characterClass else { return nil }
                var end = characterClass == .uuid ? position + 36 : runEnd(characterClass)[position]
                while end > position, !reachable[index + 1][end] { end -= 1 }
                guard end > position else { return nil }
                captures.append(Capture(name: name, start: position, end: end))
                position = end
            }
        }
        return captures
    }

    /// A captured range of the path.
    struct Capture {
        let name: String
        let start: Int
        let end: Int
    }

    static func withoutLeadingSlash(_ pattern: String) -> String {
        pattern.first == "/" ? String(pattern.dropFirst()) : pattern
    }

    private static func escape(_ literal: String) -> String {
        var escaped = ""
        for character in literal {
            if "\\^$.|?*+()[]{}".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Names of `(?<name>…)` / `(?P<name>…)` groups, in order.
    private static func groupNames(in regex: String) -> [String] {
        var names: [String] = []
        var rest = Substring(regex)
        while let range = rest.firstRange(of: "(?") {
            rest = rest[range.upperBound...]
            if rest.hasPrefix("P<") { rest = rest.dropFirst() }
            guard rest.hasPrefix("<"), !rest.hasPrefix("<="), !rest.hasPrefix("<!"),
                let close = rest.firstIndex(of: ">")
            else { continue }
            names.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[close...]
        }
        return names
    }
}

/// An invalid URL pattern.
struct PatternError: Error {
    var message: String
}
