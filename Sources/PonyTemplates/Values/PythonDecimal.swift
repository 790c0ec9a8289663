import Foundation
internal import PonySupport

/// What Django's code does with a Python `Decimal`, for ``TemplateValue/decimal(_:places:)``.
///
/// A Swift `Decimal` keeps no trailing zeros (`Decimal(string: "9.90")` is 9.9), so the value
/// carries the places it prints with, as a `DecimalField`'s value carries its field's.
enum PythonDecimal {
    /// The most decimal places written out; past it the value prints with its own digits
    /// (a value made with absurd places must not fill the memory with zeros).
    static let maximumPlaces = 200

    /// `"{:f}".format(value)`, as `number_format` and `str()` write a decimal: every digit,
    /// no exponent, at least `places` digits after the point (`9.90`, `100`, `0.0000001`).
    static func text(_ value: Decimal, places: Int) -> String {
        var text = NSDecimalNumber(decimal: value).stringValue
        guard value.isFinite else { return value.isNaN ? "NaN" : text }
        if text == "-0" { text = "0" }
        let wanted = min(max(places, 0), maximumPlaces)
        guard wanted > 0 else { return text }
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            return text + String(repeating: "0", count: max(0, wanted - decimals))
        }
        return text + "." + String(repeating: "0", count: wanted)
    }

    /// The places a plain Swift `Decimal` prints with: its own digits after the point.
    static func places(of value: Decimal) -> Int { value.isFinite ? max(0, -Int(value.exponent)) : 0 }

    /// The digits of `int(value)` (truncated toward zero, `-` for negatives), also beyond
    /// `Int`'s range as Python's integers are; `nil` for NaN, where Python raises.
    static func integerText(_ value: Decimal) -> String? {
        guard value.isFinite else { return nil }
        var whole = Decimal()
        var source = value
        // NB: `.down` rounds toward negative infinity; Python's int() truncates toward zero.
        NSDecimalRound(&whole, &source, 0, value < 0 ? .up : .down)
        let text = NSDecimalNumber(decimal: whole).stringValue
        return text == "-0" ? "0" : text
    }

    /// `int(value)` when it fits an `Int`; `nil` for NaN and beyond `Int`'s range.
    static func integer(_ value: Decimal) -> Int? { integerText(value).flatMap { Int($0) } }

    /// `int(value)` held to `Int`'s range, as a count or a timeout needs it; `nil` for NaN.
    static func saturatedInteger(_ value: Decimal) -> Int? {
        guard value.isFinite else { return nil }
        return integer(value) ?? (value > 0 ? Int.max : Int.min)
    }

    /// The value with the language's separators when it is a number (NaN prints as it is).
    static func localized(_ value: Decimal, places: Int, formats: LocaleFormats, grouping: Bool = false) -> String {
        let text = text(value, places: places)
        return value.isFinite ? NumberFormat.localized(text, grouping: grouping, formats: formats) : text
    }

    /// `float(value)`.
    static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }

    /// `decimal == other`, as Python compares a `Decimal` with a number: exactly; other values
    /// are never equal.
    static func equals(_ decimal: Decimal, _ other: TemplateValue) -> Bool {
        switch other {
        case .decimal(let value, _): decimal == value
        case .double(let value): equals(decimal, value)
        case .int(let value): decimal == Decimal(value)
        case .bool(let value): decimal == (value ? 1 : 0)
        default: false
        }
    }

    /// `Decimal == float`, which Python decides exactly: `Decimal("0.5") == 0.5`, but
    /// `Decimal("9.9") != 9.9`, whose binary value is 9.9000000000000003552…
    static func equals(_ decimal: Decimal, _ double: Double) -> Bool {
        guard double.isFinite, decimal.isFinite, Self.double(decimal) == double else { return false }
        // NB: a decimal with p places is a double's exact value only when its denominator,
        // after reducing, is a power of two: when `decimal × 2^p` is whole.
        let places = Self.places(of: decimal)
        guard places <= 64 else { return false }
        var scaled = decimal
        for _ in 0..<places { scaled *= 2 }
        var whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .down)
        return whole == scaled
    }
}
