public import Foundation
internal import PonyORM
internal import PonySupport

/// Python's `int()` of text, after Django's `IntegerField` drops a trailing `.0…`: optional
/// whitespace and sign, digits of any script with single underscores between them; `nil`
/// otherwise, and for numbers past `Int`.
func pythonInteger(_ text: String) -> Int? {
    var text = stripped(text)
    if let dot = text.lastIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) {
        text = stripped(String(text[..<dot]))
    }
    guard case .value(let value) = PythonInt(Substring(text)) else { return nil }
    return value
}

/// ASCII digits, with single underscores only between two digits.
func isPythonDigits(_ text: Substring) -> Bool {
    guard let first = text.first, let last = text.last, first.isASCII, first.isNumber, last.isASCII, last.isNumber
    else { return false }
    var previousWasUnderscore = false
    for character in text {
        if character == "_" {
            if previousWasUnderscore { return false }
            previousWasUnderscore = true
        } else {
            guard character.isASCII, character.isNumber else { return false }
            previousWasUnderscore = false
        }
    }
    return true
}

/// Python's `float()` of text: whitespace around, `inf`/`nan`, exponents, underscores between
/// digits; no hexadecimal.
func pythonFloat(_ text: String) -> Double? {
    let text = stripped(text)
    guard !text.isEmpty, !text.contains(where: { "xXpP".contains($0) }) else { return nil }
    if text.contains("_") {
        let pieces = text.split(whereSeparator: { !$0.isNumber && $0 != "_" })
        guard pieces.allSatisfy({ !$0.contains("_") || isPythonDigits($0) }) else { return nil }
    }
    return Double(text.contains("_") ? String(text.filter { $0 != "_" }) : text)
}

/// The limits checks of a number field, in Django's order (maximum, minimum, step).
func limitChecks<Number: Comparable & Sendable>(
    max: Number?, min: Number?, describe: @escaping @Sendable (Number) -> String
) -> [@Sendable (Number) -> String?] {
    var checks: [@Sendable (Number) -> String?] = []
    if let max { checks.append { $0 > max ? ValidationMessages.maxValue(describe(max)) : nil } }
    if let min { checks.append { $0 < min ? ValidationMessages.minValue(describe(min)) : nil } }
    return checks
}

/// Django's `IntegerField`: a whole number (`7`, ` 7 `, `7.0`), with optional limits and
/// step; a `<input type="number">`.
@propertyWrapper public struct IntegerField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == Int {
    /// The field.
    public let field: FieldBox

    /// An integer field; `required` defaults to whether `Value` is not optional. With
    /// `localize`, it reads and writes the language's separators (`1.234` in German, with
    /// ``Settings/useThousandSeparator``) in a text input, as Django's `localize=True` does.
    public init(
        required: Bool? = nil, label: String? = nil, initial: Int? = nil, helpText: String = "",
        disabled: Bool = false, minValue: Int? = nil, maxValue: Int? = nil, stepSize: Int? = nil,
        localize: Bool = false, widget: Widget? = nil, validators: [Validator<Int>] = [],
        errorMessages: [String: String] = [:]
    ) {
        var widget = numberWidget(widget, localize: localize)
        if widget.kind == .input("number") {
            if let minValue { widget.attrs["min"] = .text(String(minValue)) }
            if let maxValue { widget.attrs["max"] = .text(String(maxValue)) }
            if let stepSize { widget.attrs["step"] = .text(String(stepSize)) }
        }
        var checks = limitChecks(max: maxValue, min: minValue) { String($0) }
        if let stepSize, stepSize != 0 {
            let offset = minValue ?? 0
            checks.append { value in
                // NB: in 128 bits, so no submitted number can overflow the check.
                let distance = Int128(value) - Int128(offset)
                guard distance % Int128(stepSize) != 0 else { return nil }
                return minValue == nil
                    ? ValidationMessages.step(String(stepSize))
                    : ValidationMessages.step(
                        String(stepSize), offset: String(offset),
                        next: (
                            String(Int128(offset) + Int128(stepSize)), String(Int128(offset) + 2 * Int128(stepSize))
                        ))
            }
        }
        field = FieldBox(
            FieldSpec(
                required: required ?? !Value.isOptional, label: label, helpText: helpText, initial: initial,
                disabled: disabled, widget: widget,
                toValue: { value throws(ValidationError) in
                    guard let text = value.text, !text.isEmpty else { return nil }
                    guard let number = pythonInteger(localize ? sanitizeSeparators(text) : text) else {
                        throw ValidationError(ValidationMessages.wholeNumber)
                    }
                    return number
                },
                validate: { [checks] value throws(ValidationError) in
                    if let number = value as? Int { try runChecks(number, checks, validators) }
                },
                prepare: { value in
                    guard let number = value as? Int else { return .text("\(value)") }
                    return .text(localize ? localizedInput(String(number)) : String(number))
                }), errorMessages: errorMessages)
    }

    /// The cleaned number.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? Int) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `FloatField`: a finite number (`2.5`, `1e3`); `step="any"` on its input.
@propertyWrapper public struct FloatField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == Double {
    /// The field.
    public let field: FieldBox

    /// A number field; `required` defaults to whether `Value` is not optional. `localize` is
    /// ``IntegerField``'s.
    public init(
        required: Bool? = nil, label: String? = nil, initial: Double? = nil, helpText: String = "",
        disabled: Bool = false, minValue: Double? = nil, maxValue: Double? = nil, localize: Bool = false,
        widget: Widget? = nil, validators: [Validator<Double>] = [], errorMessages: [String: String] = [:]
    ) {
        var widget = numberWidget(widget, localize: localize)
        if widget.kind == .input("number") {
            if let minValue { widget.attrs["min"] = .text(pythonRepr(minValue)) }
            if let maxValue { widget.attrs["max"] = .text(pythonRepr(maxValue)) }
            if widget.attrs["step"] == nil { widget.attrs["step"] = "any" }
        }
        let checks = limitChecks(max: maxValue, min: minValue) { pythonRepr($0) }
        field = FieldBox(
            FieldSpec(
                required: required ?? !Value.isOptional, label: label, helpText: helpText, initial: initial,
                disabled: disabled, widget: widget,
                toValue: { value throws(ValidationError) in
                    guard let text = value.text, !text.isEmpty else { return nil }
                    guard let number = pythonFloat(localize ? sanitizeSeparators(text) : text), number.isFinite else {
                        throw ValidationError(ValidationMessages.number)
                    }
                    return number
                },
                validate: { value throws(ValidationError) in
                    if let number = value as? Double { try runChecks(number, checks, validators) }
                },
                prepare: { value in
                    guard let number = value as? Double else { return .text("\(value)") }
                    return .text(localize ? localizedInput(pythonRepr(number)) : pythonRepr(number))
                }), errorMessages: errorMessages)
    }

    /// The cleaned number.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? Double) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `DecimalField`: an exact decimal number, with Django's digit limits.
///
/// A Swift `Decimal` keeps no trailing zeros, so initial values are written with
/// `decimalPlaces` digits after the point (`9.90` for places 2), as Django writes a
/// `Decimal("9.90")`.
@propertyWrapper public struct DecimalField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == Decimal {
    /// The field.
    public let field: FieldBox

    /// A decimal field; `required` defaults to whether `Value` is not optional. `localize` is
    /// ``IntegerField``'s.
    public init(
        required: Bool? = nil, label: String? = nil, initial: Decimal? = nil, helpText: String = "",
        disabled: Bool = false, minValue: Decimal? = nil, maxValue: Decimal? = nil, maxDigits: Int? = nil,
        decimalPlaces: Int? = nil, localize: Bool = false, widget: Widget? = nil,
        validators: [Validator<Decimal>] = [], errorMessages: [String: String] = [:]
    ) {
        var widget = numberWidget(widget, localize: localize)
        if widget.kind == .input("number") {
            if let minValue { widget.attrs["min"] = .text("\(minValue)") }
            if let maxValue { widget.attrs["max"] = .text("\(maxValue)") }
            if widget.attrs["step"] == nil {
                widget.attrs["step"] = .text(decimalPlaces.map(DecimalText.step) ?? "any")
            }
        }
        let checks = limitChecks(max: maxValue, min: minValue) { "\($0)" }
        field = FieldBox(
            FieldSpec(
                required: required ?? !Value.isOptional, label: label, helpText: helpText, initial: initial,
                disabled: disabled, widget: widget,
                toValue: { value throws(ValidationError) in
                    guard let text = value.text, !text.isEmpty else { return nil }
                    guard let parsed = DecimalText(localize ? sanitizeSeparators(text) : text) else {
                        throw ValidationError(ValidationMessages.number)
                    }
                    if let message = parsed.digitsMessage(maxDigits: maxDigits, decimalPlaces: decimalPlaces) {
                        // NB: checked on the text, which keeps the digits a `Decimal` drops.
                        throw ValidationError(message)
                    }
                    return parsed.value
                },
                validate: { value throws(ValidationError) in
                    if let number = value as? Decimal { try runChecks(number, checks, validators) }
                },
                prepare: { value in
                    guard let number = value as? Decimal else { return .text("\(value)") }
                    let text = DecimalText.format(number, places: decimalPlaces)
                    return .text(localize ? localizedInput(text) : text)
                }), errorMessages: errorMessages)
    }

    /// The cleaned number.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? Decimal) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

extension Decimal: PlainFormValue {
    /// `0`.
    public static var emptyValue: Decimal { 0 }
}

/// Decimal text as Python's `Decimal` reads it, with its digits and exponent.
struct DecimalText {
    /// The value.
    let value: Decimal
    /// The coefficient's digits, without leading zeros (at least one).
    let digits: Int
    /// The exponent (negative: digits after the point).
    let exponent: Int

    init?(_ text: String) {
        var text = Substring(stripped(text))
        var sign = ""
        if let first = text.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var power = text[text.index(after: e)...]
            var negative = false
            if let first = power.first, first == "-" || first == "+" {
                negative = first == "-"
                power = power.dropFirst()
            }
            guard isPythonDigits(power), let magnitude = Int(power.filter { $0 != "_" }), magnitude < 100_000 else {
                return nil
            }
            exponent = negative ? -magnitude : magnitude
            text = text[..<e]
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), whole.isEmpty || isPythonDigits(whole),
            fraction.isEmpty || isPythonDigits(fraction)
        else { return nil }
        let coefficient = (whole + fraction).filter { $0 != "_" }
        exponent -= fraction.filter { $0 != "_" }.count
        let significant = coefficient.drop { $0 == "0" }
        guard
            let value = Decimal(
                string: sign + (significant.isEmpty ? "0" : String(significant)) + "e" + String(exponent),
                locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self.value = value
        self.digits = max(significant.count, 1)
        self.exponent = exponent
    }

    /// Django's `DecimalValidator` message for these digits, or `nil`.
    func digitsMessage(maxDigits: Int?, decimalPlaces: Int?) -> String? {
        var total = digits
        let decimals: Int
        if exponent >= 0 {
            if value != 0 { total += exponent }
            decimals = 0
        } else if -exponent > digits {
            total = -exponent
            decimals = -exponent
        } else {
            decimals = -exponent
        }
        if let maxDigits, total > maxDigits { return ValidationMessages.maxDigits(maxDigits) }
        if let decimalPlaces, decimals > decimalPlaces { return ValidationMessages.maxDecimalPlaces(decimalPlaces) }
        if let maxDigits, let decimalPlaces, total - decimals > maxDigits - decimalPlaces {
            return ValidationMessages.maxWholeDigits(maxDigits - decimalPlaces)
        }
        return nil
    }

    /// Django's `step` for `places` digits after the point: `0.01`, `1`, `1e-7`.
    static func step(_ places: Int) -> String {
        if places <= 0 { return "1" }
        if places > 6 { return "1e-\(places)" }
        return "0." + String(repeating: "0", count: places - 1) + "1"
    }

    /// `value` with `places` digits after the point when given.
    static func format(_ value: Decimal, places: Int?) -> String {
        var text = "\(value)"
        guard let places, places > 0 else { return text }
        let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        if fraction < 0 { text += "." }
        if fraction < places { text += String(repeating: "0", count: places - max(fraction, 0)) }
        return text
    }
}
