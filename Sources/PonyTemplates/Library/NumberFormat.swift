package import PonySupport

/// Django's `numberformat.format` for a number already written out plainly (`-1234.5`,
/// `1.5e+300`): the language's decimal separator and, when grouping, its thousand separator
/// by its `NUMBER_GROUPING`, as templates print floats and `floatformat` and `intcomma` write
/// numbers.
package enum NumberFormat {
    /// Whether numbers are grouped (Django's `USE_THOUSAND_SEPARATOR`): set while a template
    /// renders (its engine's ``TemplateEngine/useThousandSeparator``) and, when the site's
    /// setting is on, for its whole request, where localized form fields read it.
    @TaskLocal package static var useThousandSeparator = false

    package static func localized(
        _ plain: String, grouping: Bool, formats: LocaleFormats = Translation.current.formats
    )
        -> String
    {
        if !grouping, formats.decimalSeparator == "." { return plain }
        if let e = plain.firstIndex(of: "e") {
            return localized(String(plain[..<e]), grouping: grouping, formats: formats) + plain[e...]
        }
        var text = Substring(plain)
        let sign = text.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { text = text.dropFirst() }
        let point = text.firstIndex(of: ".") ?? text.endIndex
        var whole = String(text[..<point])
        let decimals = point == text.endIndex ? "" : text[text.index(after: point)...]
        if grouping, !formats.numberGrouping.isEmpty { whole = grouped(whole, formats) }
        return sign + whole + (decimals.isEmpty ? "" : formats.decimalSeparator + decimals)
    }

    /// Django's grouping loop: from the right, a separator after each group, the group sizes
    /// taken in turn from `NUMBER_GROUPING` and the last one repeating.
    private static func grouped(_ digits: String, _ formats: LocaleFormats) -> String {
        var intervals = formats.numberGrouping.count == 1 ? formats.numberGrouping + [0] : formats.numberGrouping
        var active = intervals.removeFirst()
        let separator = Array(formats.thousandSeparator.reversed())
        var reversed: [Character] = []
        var count = 0
        for digit in digits.reversed() {
            if count != 0, count == active {
                if !intervals.isEmpty {
                    let next = intervals.removeFirst()
                    if next != 0 { active = next }
                }
                reversed += separator
                count = 0
            }
            reversed.append(digit)
            count += 1
        }
        return String(reversed.reversed())
    }
}
