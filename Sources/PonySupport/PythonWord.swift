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
