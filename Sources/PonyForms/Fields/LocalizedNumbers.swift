internal import Foundation
internal import PonySupport
internal import PonyTemplates

// Number fields made with `localize: true` (Django's `Field(localize=True)`): a text input,
// since browsers handle localized number inputs badly; typed text read with the language's
// separators; initial values written with them.

/// Django's `formats.sanitize_separators`: `text` with the language's decimal separator made
/// a point, and, with `USE_THOUSAND_SEPARATOR`, its thousand separator removed (unless it is a
/// point that looks like a decimal point: one, not followed by three digits).
func sanitizeSeparators(_ text: String) -> String {
    let formats = Translation.current.formats
    var value = text
    var parts: [String] = []
    if let separator = value.range(of: formats.decimalSeparator) {
        parts.append(String(value[separator.upperBound...]))
        value = String(value[..<separator.lowerBound])
    }
    if NumberFormat.useThousandSeparator {
        let separator = formats.thousandSeparator
        let pieces = value.split(separator: ".", omittingEmptySubsequences: false)
        let looksDecimal = separator == "." && pieces.count == 2 && pieces[1].count != 3
        if !looksDecimal, !separator.isEmpty {
            for replacement in Set([separator, separator.decomposedStringWithCompatibilityMapping]) {
                value = value.replacingOccurrences(of: replacement, with: "")
            }
        }
    }
    parts.append(value)
    return parts.reversed().joined(separator: ".")
}

/// Django's `formats.localize_input` of a number written plainly (`1234567.50`): the
/// language's decimal separator, and its grouping with `USE_THOUSAND_SEPARATOR`.
func localizedInput(_ plain: String) -> String {
    NumberFormat.localized(plain, grouping: NumberFormat.useThousandSeparator)
}

/// The widget of a number field: the one given, else a text input when localized (Django's
/// `IntegerField.__init__`), else a number input.
func numberWidget(_ widget: Widget?, localize: Bool) -> Widget {
    widget ?? (localize ? .textInput() : .numberInput())
}
