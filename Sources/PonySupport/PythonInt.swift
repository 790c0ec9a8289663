/// What Python's `int()` makes of text, for the places Django calls it on request data (a page
/// number, a form's whole number).
package enum PythonInt: Equatable, Sendable {
    /// A number that fits in `Int`.
    case value(Int)
    /// A number Python reads but `Int` cannot hold; `negative` gives its side.
    case outOfRange(negative: Bool)
    /// Not a number: Python's `ValueError`.
    case invalid

    /// Python's digit limit for `int()` of text (`sys.get_int_max_str_digits()`, since 3.11):
    /// longer text is a `ValueError`, whatever its value.
    static let maximumDigits = 4300

    /// Reads `text` as `int(text)` does: whitespace of any script around it, an optional sign,
    /// then decimal digits of any script (`"٣"` is 3), with single underscores between them.
    package init(_ text: Substring) {
        var scalars = pythonStripped(text).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        var magnitude = 0
        var digits = 0
        var overflowed = false
        var previousWasDigit = false
        for scalar in scalars {
            if scalar == "_" {
                guard previousWasDigit else {
                    self = .invalid
                    return
                }
                previousWasDigit = false
                continue
            }
            guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
                let digit = Int(exactly: value)
            else {
                self = .invalid
                return
            }
            digits += 1
            previousWasDigit = true
            guard !overflowed else { continue }
            let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { overflowed = true } else { magnitude = sum }
        }
        guard digits > 0, previousWasDigit, digits <= Self.maximumDigits else {
            self = .invalid
            return
        }
        self = overflowed ? .outOfRange(negative: negative) : .value(negative ? -magnitude : magnitude)
    }
}
