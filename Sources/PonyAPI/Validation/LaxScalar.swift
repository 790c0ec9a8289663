internal import Foundation
internal import PonyORM
internal import PonySupport

/// A value read from one JSON value, leniently as pydantic's "lax" mode reads it ("3" is the
/// integer 3, 1 is `true`), with its JSON Schema and a sample for schema generation.
protocol LaxScalar: Decodable, SendableMetatype {
    static func lax(_ value: JSONValue) -> Result<Self, Rejection>
    static var jsonSchema: JSONObject { get }
    /// A value for schema generation and for the fields of a refused input.
    static var sample: Self? { get }
    /// The first limit of `limit` the value breaks (none for values without a length or size).
    func violation(of limit: FieldLimit) -> Rejection?
    /// ``lax(_:)`` for callers that hold only the metatype.
    ///
    /// NB: a requirement, not only an extension method, so that each type's witness is the
    /// default below made for that type; through the extension alone, every call built
    /// `Result<Self, Rejection>`'s metadata at run time (a third of an `[Int]` item's cost).
    static func laxAny(_ value: JSONValue) -> Result<Any, Rejection>
    /// The items of a JSON array at `loc` as an array of this type, each refused item recorded
    /// at its index and replaced by a stand-in, as `[Self]`'s `Decodable` code would read them.
    ///
    /// NB: a requirement made per type like ``laxAny(_:)``. Through `Array`'s own `init(from:)`,
    /// every item took a decoder, a generic call and metadata looked up at run time: about
    /// 0.5 µs an item, which made a body of long lists slower than django-ninja's per item.
    static func laxArray(_ items: [JSONValue], at loc: [JSONValue], run: ValidationRun) throws -> [Self]
}

extension String: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<String, Rejection> {
        if case .string(let text) = value { return .success(text) }
        return .failure(.string)
    }
    static var jsonSchema: JSONObject { ["type": "string"] }
    static var sample: String? { "" }
    func violation(of limit: FieldLimit) -> Rejection? { limit.violation(ofText: self) }
}

extension Bool: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<Bool, Rejection> {
        switch value {
        case .bool(let flag): return .success(flag)
        case .int(0): return .success(false)
        case .int(1): return .success(true)
        case .int: return .failure(.booleanText)
        // NB: a whole float is read as the integer it is (1.0 is true); any other float is no
        // boolean at all, as in pydantic.
        case .double(let number) where number.rounded() == number && abs(number) < 0x1p63:
            return lax(.int(Int64(number)))
        case .double: return .failure(.boolean)
        case .string(let text):
            switch text.lowercased() {
            case "0", "off", "f", "false", "n", "no": return .success(false)
            case "1", "on", "t", "true", "y", "yes": return .success(true)
            default: return .failure(.booleanText)
            }
        default: return .failure(.boolean)
        }
    }
    static var jsonSchema: JSONObject { ["type": "boolean"] }
    static var sample: Bool? { false }
}

extension Double: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<Double, Rejection> {
        switch value {
        case .double(let number): return .success(number)
        case .int(let number): return .success(Double(number))
        case .bool(let flag): return .success(flag ? 1 : 0)
        case .string(let text):
            // NB: Swift also reads hexadecimal ("0x10") and "nan(…)"; Python's float does not.
            guard let digits = numberText(text), !digits.contains(where: { $0 == "x" || $0 == "X" || $0 == "(" }),
                let number = Double(digits)
            else { return .failure(.numberText) }
            return .success(number)
        default: return .failure(.number)
        }
    }
    static var jsonSchema: JSONObject { ["type": "number"] }
    static var sample: Double? { 0 }
    func violation(of limit: FieldLimit) -> Rejection? { limit.violation(ofNumber: .double(self)) }
}

extension Float: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<Float, Rejection> { Double.lax(value).map { Float($0) } }
    static var jsonSchema: JSONObject { ["type": "number"] }
    static var sample: Float? { 0 }
    func violation(of limit: FieldLimit) -> Rejection? { limit.violation(ofNumber: .double(Double(self))) }
}

extension Decimal: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<Decimal, Rejection> {
        switch value {
        case .int(let number): return .success(Decimal(number))
        case .double(let number) where number.isFinite: return .success(Decimal(number))
        case .string(let text):
            guard let digits = decimalText(text) else { return .failure(.decimal) }
            if ["nan", "snan", "inf", "infinity"].contains(
                digits.lowercased().trimmingPrefix(while: { "+-".contains($0) }))
            {
                return .failure(.finiteNumber)
            }
            // NB: Foundation reads the longest number at the start ("2026-12-24" as 2026), so
            // the whole text is checked first.
            guard isDecimalNumber(digits.utf8),
                let number = Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX")), !number.isNaN
            else { return .failure(.decimal) }
            return .success(number)
        default: return .failure(.decimalType)
        }
    }
    static var jsonSchema: JSONObject { ["type": "number"] }
    static var sample: Decimal? { 0 }
    func violation(of limit: FieldLimit) -> Rejection? {
        limit.violation(ofNumber: .double(NSDecimalNumber(decimal: self).doubleValue))
    }
}

/// `text` as pydantic reads a number from text: without the white space around it, and with
/// underscores between digits dropped (`1_000`); `nil` for text with other underscores or
/// with anything but ASCII.
func numberText(_ text: String) -> String? {
    // NB: most text has nothing to drop (a path's `42`): it is returned without a copy.
    if !text.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x80 || $0 == UInt8(ascii: "_") }) { return text }
    let bytes = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
    let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    var kept: [UInt8] = []
    kept.reserveCapacity(bytes.count)
    for (index, byte) in bytes.enumerated() {
        guard byte == UInt8(ascii: "_") else {
            kept.append(byte)
            continue
        }
        guard index > 0, index + 1 < bytes.count, isDigit(bytes[index - 1]), isDigit(bytes[index + 1]) else {
            return nil
        }
    }
    return String(decoding: kept, as: UTF8.self)
}

/// `text` as Python's `Decimal` reads it for pydantic: without the white space around it, its
/// underscores dropped, and decimal digits of any script as ASCII ones; `nil` for text with
/// anything else outside ASCII.
private func decimalText(_ text: String) -> String? {
    var kept = String.UnicodeScalarView()
    for scalar in text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars where scalar != "_" {
        if scalar.isASCII {
            kept.append(scalar)
        } else if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue,
            let digit = UInt8(exactly: value), digit < 10
        {
            kept.append(Unicode.Scalar(48 + digit))
        } else {
            return nil
        }
    }
    return String(kept)
}

/// `[+-]digits[.digits][e[+-]digits]` (either side of the point may be empty, not both).
private func isDecimalNumber(_ bytes: String.UTF8View) -> Bool {
    var index = bytes.startIndex
    func skipDigits() -> Int {
        var count = 0
        while index != bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            count += 1
            index = bytes.index(after: index)
        }
        return count
    }
    func skip(_ characters: String) -> Bool {
        guard index != bytes.endIndex, characters.utf8.contains(bytes[index]) else { return false }
        index = bytes.index(after: index)
        return true
    }
    _ = skip("+-")
    var digits = skipDigits()
    if skip(".") { digits += skipDigits() }
    guard digits > 0 else { return false }
    if skip("eE") {
        _ = skip("+-")
        guard skipDigits() > 0 else { return false }
    }
    return index == bytes.endIndex
}

/// Whole numbers of any width: JSON integers, floats without a fraction, numeric strings.
extension FixedWidthInteger {
    static func laxInteger(_ value: JSONValue) -> Result<Self, Rejection> {
        switch value {
        case .int(let number): return Self(exactly: number).map { .success($0) } ?? .failure(.integerSize)
        case .double(let number):
            guard number.isFinite, number.rounded(.towardZero) == number else { return .failure(.integerFraction) }
            return Self(exactly: number).map { .success($0) } ?? .failure(.integerSize)
        case .bool(let flag): return .success(flag ? 1 : 0)
        case .string(let text):
            guard let trimmed = numberText(text) else { return .failure(.integerText) }
            // "2.0" is 2, as Python's int parsing in pydantic reads it; "2.5" and "2." are not
            // integers.
            let whole =
                trimmed.firstIndex(of: ".").flatMap { point in
                    let fraction = trimmed[trimmed.index(after: point)...]
                    return !fraction.isEmpty && fraction.allSatisfy { $0 == "0" } ? trimmed[..<point] : nil
                } ?? Substring(trimmed)
            if let number = Int64(whole) { return Self(exactly: number).map { .success($0) } ?? .failure(.integerSize) }
            let digits = whole.drop { $0 == "-" || $0 == "+" }
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return .failure(.integerSize) }
            return .failure(.integerText)
        default: return .failure(.integer)
        }
    }

    /// `integer`, with the bounds of types narrower than 64 bits (and 0 for unsigned ones).
    static var integerSchema: JSONObject {
        guard bitWidth < 64 else { return Self.isSigned ? ["type": "integer"] : ["type": "integer", "minimum": 0] }
        return ["type": "integer", "minimum": .int(Int64(Self.min)), "maximum": .int(Int64(Self.max))]
    }
}

// Whole numbers of every width share one reading and one schema.
extension LaxScalar where Self: FixedWidthInteger {
    static func lax(_ value: JSONValue) -> Result<Self, Rejection> { laxInteger(value) }
    static var jsonSchema: JSONObject { integerSchema }
    static var sample: Self? { 0 }
    func violation(of limit: FieldLimit) -> Rejection? {
        limit.violation(ofNumber: Int64(exactly: self).map(JSONValue.int) ?? .double(Double(self)))
    }
}

extension Int: LaxScalar {}
extension Int8: LaxScalar {}
extension Int16: LaxScalar {}
extension Int32: LaxScalar {}
extension Int64: LaxScalar {}
extension UInt: LaxScalar {}
extension UInt8: LaxScalar {}
extension UInt16: LaxScalar {}
extension UInt32: LaxScalar {}
extension UInt64: LaxScalar {}

extension Date: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<Date, Rejection> {
        switch value {
        case .string(let text): return ISODateTime.read(text)
        case .int, .double:
            guard case .success(let seconds) = Double.lax(value) else { return .failure(.datetime) }
            return ISODateTime.unixTime(seconds).mapError { .datetimeParsing($0.reason) }
        default: return .failure(.datetime)
        }
    }
    static var jsonSchema: JSONObject { ["type": "string", "format": "date-time"] }
    static var sample: Date? { Date(timeIntervalSince1970: 0) }
}

extension UUID: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<UUID, Rejection> {
        guard case .string(let text) = value else { return .failure(.uuid) }
        return UUIDText.read(text)
    }
    static var jsonSchema: JSONObject { ["type": "string", "format": "uuid"] }
    static var sample: UUID? { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
}

extension URL: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<URL, Rejection> {
        guard case .string(let text) = value, let url = URL(string: text), url.scheme != nil, url.host != nil else {
            return .failure(.url)
        }
        return .success(url)
    }
    static var jsonSchema: JSONObject { ["type": "string", "format": "uri", "minLength": 1] }
    static var sample: URL? { URL(fileURLWithPath: "/") }
}

extension CalendarDate: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<CalendarDate, Rejection> { ISODateTime.calendarDate(value) }
    static var jsonSchema: JSONObject { ["type": "string", "format": "date"] }
    static var sample: CalendarDate? { CalendarDate(year: 2000, month: 1, day: 1) }
}

extension TimeOfDay: LaxScalar {
    static func lax(_ value: JSONValue) -> Result<TimeOfDay, Rejection> { ISODateTime.timeOfDay(value) }
    static var jsonSchema: JSONObject { ["type": "string", "format": "time"] }
    static var sample: TimeOfDay? { TimeOfDay(hour: 0, minute: 0) }
}

extension LaxScalar {
    static func laxAny(_ value: JSONValue) -> Result<Any, Rejection> {
        switch lax(value) {
        case .success(let value): .success(value)
        case .failure(let rejection): .failure(rejection)
        }
    }
    static var sampleAny: Any? { sample.map { $0 as Any } }

    static func laxArray(_ items: [JSONValue], at loc: [JSONValue], run: ValidationRun) throws -> [Self] {
        var values: [Self] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            values.append(try InputDecoder.scalar(item, limit: nil, run: run) { loc + [.int(Int64(index))] })
        }
        return values
    }
}

/// No limit applies to dates, identifiers and the like.
extension LaxScalar {
    func violation(of limit: FieldLimit) -> Rejection? { nil }
}

/// What a field's limit checks in a decoded value held as `Any` (an optional, an array): its
/// text or number, or its count.
func limitViolation(_ limit: FieldLimit, _ value: Any) -> Rejection? {
    if let scalar = value as? any LaxScalar { return scalar.violation(of: limit) }
    if let items = value as? any Collection { return limit.constraint.violation(ofCount: items.count) }
    return nil
}
