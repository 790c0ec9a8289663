extension PatternParser {
    /// `\pL`, `\p{Lu}` or `\p{Letter}` after the `\p` (or `\P`, `negated`).
    mutating func unicodeClass(negated: Bool) throws(PatternError) -> ScalarClass.Member {
        let start = position - 2
        var name = ""
        if peek == "{" {
            position += 1
            while let scalar = peek, scalar != "}" {
                name.unicodeScalars.append(scalar)
                position += 1
            }
            guard peek == "}" else { throw error("this Unicode class is never closed with '}'", at: start) }
            position += 1
        } else if let scalar = peek {
            name.unicodeScalars.append(scalar)
            position += 1
        }
        guard let property = Self.unicodeProperty(named: name) else {
            throw error(
                "unknown Unicode class '\(name)': general categories (L, Lu, Nd, Letter…) and Alphabetic, White_Space,"
                    + " Uppercase, Lowercase, ASCII and Any are supported, scripts are not",
                at: start)
        }
        return ScalarClass.Member(property: property, negated: negated)
    }

    /// The property `name` stands for, compared as Unicode's loose matching does (case, spaces,
    /// `_` and `-` ignored; `gc=` allowed before a category).
    static func unicodeProperty(named name: String) -> ScalarClass.Property? {
        var key = String(name.lowercased().unicodeScalars.filter { !" _-".unicodeScalars.contains($0) })
        for prefix in ["gc=", "generalcategory=", "gc:", "generalcategory:"] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
        }
        if let property = binaryProperties[key] { return property }
        return categories[key].map(ScalarClass.Property.categories)
    }

    private static let binaryProperties: [String: ScalarClass.Property] = [
        "any": .any, "ascii": .ascii, "alphabetic": .alphabetic, "alpha": .alphabetic, "whitespace": .space,
        "wspace": .space, "space": .space, "uppercase": .uppercase, "upper": .uppercase, "lowercase": .lowercase,
        "lower": .lowercase,
    ]

    private static let categories: [String: [Unicode.GeneralCategory]] = {
        let table: [(String, String, [Unicode.GeneralCategory])] = [
            ("lu", "uppercaseletter", [.uppercaseLetter]), ("ll", "lowercaseletter", [.lowercaseLetter]),
            ("lt", "titlecaseletter", [.titlecaseLetter]), ("lm", "modifierletter", [.modifierLetter]),
            ("lo", "otherletter", [.otherLetter]),
            ("lc", "casedletter", [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]),
            ("mn", "nonspacingmark", [.nonspacingMark]), ("mc", "spacingmark", [.spacingMark]),
            ("me", "enclosingmark", [.enclosingMark]), ("nd", "decimalnumber", [.decimalNumber]),
            ("nl", "letternumber", [.letterNumber]), ("no", "othernumber", [.otherNumber]),
            ("pc", "connectorpunctuation", [.connectorPunctuation]), ("pd", "dashpunctuation", [.dashPunctuation]),
            ("ps", "openpunctuation", [.openPunctuation]), ("pe", "closepunctuation", [.closePunctuation]),
            ("pi", "initialpunctuation", [.initialPunctuation]), ("pf", "finalpunctuation", [.finalPunctuation]),
            ("po", "otherpunctuation", [.otherPunctuation]), ("sm", "mathsymbol", [.mathSymbol]),
            ("sc", "currencysymbol", [.currencySymbol]), ("sk", "modifiersymbol", [.modifierSymbol]),
            ("so", "othersymbol", [.otherSymbol]), ("zs", "spaceseparator", [.spaceSeparator]),
            ("zl", "lineseparator", [.lineSeparator]), ("zp", "paragraphseparator", [.paragraphSeparator]),
            ("cc", "control", [.control]), ("cf", "format", [.format]), ("cs", "surrogate", [.surrogate]),
            ("co", "privateuse", [.privateUse]), ("cn", "unassigned", [.unassigned]),
        ]
        var categories: [String: [Unicode.GeneralCategory]] = ["digit": [.decimalNumber], "cntrl": [.control]]
        for (short, long, members) in table {
            categories[short] = members
            categories[long] = members
            // The one-letter groups: L, M, N, P, S, Z and C.
            if short != "lc", let first = short.first {
                categories[String(first), default: []].append(contentsOf: members)
            }
        }
        for (letter, long) in [
            ("l", "letter"), ("m", "mark"), ("n", "number"), ("p", "punctuation"), ("s", "symbol"), ("z", "separator"),
            ("c", "other"),
        ] {
            categories[long] = categories[letter]
        }
        categories["combiningmark"] = categories["m"]
        categories["punct"] = categories["p"]
        return categories
    }()
}
