extension Unicode.Scalar {
    /// Python's `\w` in a text pattern: letters, digits and numbers of any script, and `_`.
    package var isPythonWordCharacter: Bool {
        if self == "_" { return true }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber:
            return true
        default: return false
        }
    }
}

/// Python's `str.title()`: each letter after a non-letter upper-cased, the others lower-cased.
package func pythonTitle(_ text: String) -> String {
    var result = ""
    var afterLetter = false
    for character in text {
        result += afterLetter ? character.lowercased() : character.uppercased()
        afterLetter = character.isLetter
    }
    return result
}
