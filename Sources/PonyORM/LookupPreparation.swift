internal import Foundation
internal import PonySupport

/// A lookup's value that its field cannot hold: `filter("id", "abc")`. Django's fields raise
/// `ValueError` or `ValidationError` from `get_prep_value` for these, with the same messages;
/// Pony throws this before any SQL runs, so that both backends answer alike (PostgreSQL would
/// fail the statement, and the transaction around it; SQLite would match nothing). A view that
/// lets it escape answers 400.
public struct LookupValueError: Error, CustomStringConvertible, Sendable {
    /// The lookup path as written (`owner__id__in`).
    public let lookup: String
    /// Django's message: "Field 'id' expected a number but got 'abc'."
    public let message: String

    /// The message.
    public var description: String { message }
}

/// Which way an integer field rounds a fractional value: Django truncates (`int()`), except
/// for `gte` and `lt`, which round up so that `pages__gte=1.5` keeps its meaning.
enum FractionRounding {
    case truncate, up

    init(lookup: String) { self = lookup == "gte" || lookup == "lt" ? .up : .truncate }
}

/// The lookups whose value Django converts to the field's type (`prepare_rhs`): not the
/// pattern lookups, `iexact` or `isnull`, which compare text or take a flag.
let preparedLookups: Set<String> = ["exact", "gt", "gte", "lt", "lte", "in", "range"]

/// The values `isnull` takes: a `Bool` (Django takes nothing else), or its name as text.
let isNullFlags: Set<DatabaseValue> = [
    .integer(0), .integer(1), .text("false"), .text("False"), .text("true"), .text("True"),
]

extension FieldInfo {
    /// `value` as this field's column holds it (see ``FieldType/prepared(_:field:rounding:lookup:)``);
    /// for a foreign key, as the target's primary key holds it.
    func prepared(_ value: DatabaseValue, rounding: FractionRounding, lookup: String) throws(LookupValueError)
        -> DatabaseValue
    {
        guard type.relationTarget != nil else {
            return try type.prepared(value, field: name, rounding: rounding, lookup: lookup)
        }
        var field = self
        // NB: a key may be a one-to-one key to another model's (Django's parent links); a few
        // steps reach any real chain, and a model that points to itself cannot loop.
        for _ in 0..<8 {
            guard field.type.relationTarget != nil, let key = field.relatedModel?.schemaInfo.primaryKey else { break }
            field = key
        }
        return try field.type.prepared(value, field: field.name, rounding: rounding, lookup: lookup)
    }
}

extension FieldType {
    /// `value` as a column of this type holds it, as Django's `get_prep_value` converts a
    /// lookup's value: text to a number for a number field (`"12"` is 12), a number to text for
    /// a text field, dates, times, UUIDs and IP addresses in their stored form. `field` names
    /// the field in messages.
    func prepared(_ value: DatabaseValue, field: String, rounding: FractionRounding, lookup: String)
        throws(LookupValueError) -> DatabaseValue
    {
        func fail(_ message: String) -> LookupValueError { LookupValueError(lookup: lookup, message: message) }
        if value == .null { return value }
        switch self {
        case .foreignKey, .oneToOne:
            return value
        case .bigAuto, .auto, .bigInteger, .integer, .smallInteger, .positiveSmallInteger, .positiveInteger,
            .positiveBigInteger:
            if case .integer = value { return value }
            let number: Int64? =
                switch value {
                case .text(let text): PythonNumber.integer(text)
                case .double(let double): PythonNumber.integer(double, roundingUp: rounding == .up)
                case .integer, .blob, .null: nil
                }
            guard let number else {
                throw fail("Field '\(field)' expected a number but got \(Self.pythonRepr(value)).")
            }
            return .integer(number)
        case .float:
            switch value {
            case .integer(let number): return .double(Double(number))
            case .text(let text):
                if let number = PythonNumber.double(text) { return .double(number) }
            case .double: return value
            case .blob, .null: break
            }
            throw fail("Field '\(field)' expected a number but got \(Self.pythonRepr(value)).")
        case .boolean:
            switch value {
            case .integer(0), .double(0), .text("f"), .text("False"), .text("0"): return .integer(0)
            case .integer(1), .double(1), .text("t"), .text("True"), .text("1"): return .integer(1)
            default: throw fail("“\(Self.pythonText(value))” value must be either True or False.")
            }
        case .char, .email, .url, .slug, .file, .image, .text:
            return .text(Self.pythonText(value))
        case .genericIPAddress:
            let text = Self.pythonText(value)
            return .text(text.contains(":") ? TextFormats.ipv6(text) ?? text : text)
        case .decimal:
            guard case .text(let text) = value else { return value }
            guard let number = PythonNumber.decimal(text) else {
                throw fail("“\(text)” value must be a decimal number.")
            }
            return .text(number)
        case .uuid:
            switch value {
            case .text(let text):
                if let uuid = TextFormats.uuid(text) { return uuid.databaseValue }
            case .integer(let number) where number >= 0:
                let hex = String(number, radix: 16)
                return .text(String(repeating: "0", count: 32 - hex.count) + hex)
            default: break
            }
            throw fail("“\(Self.pythonText(value))” is not a valid UUID.")
        case .date:
            guard case .text(let text) = value else { return value }
            switch DjangoDateText.date(text) {
            case .valid(let date): return .text(date.description)
            case .invalid:
                throw fail("“\(text)” value has the correct format (YYYY-MM-DD) but it is an invalid date.")
            case .unreadable:
                // NB: Pony writes a `Date` as UTC text; given for a date, it is its day in
                // `ORM.timeZone`, as Django takes an aware datetime's.
                if let date = DateText.parse(text), let day = CalendarDate(date, in: ORM.timeZone) {
                    return .text(day.description)
                }
                throw fail("“\(text)” value has an invalid date format. It must be in YYYY-MM-DD format.")
            }
        case .dateTime:
            guard case .text(let text) = value else { return value }
            switch DjangoDateText.dateTime(text) {
            case .valid(let date): return date.databaseValue
            case .invalid:
                throw fail(
                    "“\(text)” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
                )
            case .unreadable:
                throw fail(
                    "“\(text)” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.")
            }
        case .time:
            guard case .text(let text) = value else { return value }
            switch DjangoDateText.time(text) {
            case .valid(let time): return .text(time.description)
            case .invalid:
                throw fail("“\(text)” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time.")
            case .unreadable:
                throw fail("“\(text)” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.")
            }
        case .duration:
            guard case .text(let text) = value else { return value }
            guard let micros = FixtureValue.parseDuration(text) else {
                throw fail("“\(text)” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.")
            }
            return .integer(micros)
        case .binary, .json:
            return value
        }
    }

    /// Python's `str()` of the value, as Django's messages and text fields write it.
    static func pythonText(_ value: DatabaseValue) -> String {
        switch value {
        case .integer(let number): String(number)
        case .double(let number): PonySupport.pythonRepr(number)
        case .text(let text): text
        case .blob(let bytes): "b'" + bytes.map { String($0) }.joined(separator: ",") + "'"
        case .null: "None"
        }
    }

    /// Python's `repr()` of the value (`'abc'`, `nan`).
    static func pythonRepr(_ value: DatabaseValue) -> String {
        if case .text(let text) = value { return PonySupport.pythonRepr(text) }
        return pythonText(value)
    }
}

/// Numbers read from text as Python's `int()`, `float()` and `decimal.Decimal()` read them:
/// surrounding whitespace, a sign, and `_` between digits allowed.
enum PythonNumber {
    /// Python's `int(text)`, within `Int64`.
    static func integer(_ text: String) -> Int64? {
        guard var digits = plain(text), !digits.isEmpty else { return nil }
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits.removeFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(negative ? "-" + digits : digits)
    }

    /// Python's `int(number)` (or `math.ceil` when `roundingUp`), within `Int64`.
    static func integer(_ number: Double, roundingUp: Bool) -> Int64? {
        Int64(exactly: number.rounded(roundingUp ? .up : .towardZero))
    }

    /// Python's `float(text)`: a decimal number, `inf`, `infinity` or `nan`.
    static func double(_ text: String) -> Double? {
        guard let number = plain(text) else { return nil }
        let unsigned = number.first == "-" || number.first == "+" ? String(number.dropFirst()) : number
        if ["inf", "infinity", "nan"].contains(unsigned.lowercased()) {
            return Double(number.first == "-" ? "-" + unsigned.lowercased() : unsigned.lowercased())
        }
        guard isDecimal(unsigned) else { return nil }
        return Double(number)
    }

    /// Python's `Decimal(text)` when finite (Django refuses `NaN` and `Infinity`), as text
    /// without the whitespace and underscores.
    static func decimal(_ text: String) -> String? {
        guard let number = plain(text) else { return nil }
        let unsigned = number.first == "-" || number.first == "+" ? number.dropFirst() : Substring(number)
        return isDecimal(unsigned) ? number : nil
    }

    /// The text without surrounding whitespace, with its underscores removed and its digits in
    /// ASCII (Python reads any Unicode decimal digit), or `nil` when an underscore is not
    /// between two digits.
    private static func plain(_ text: String) -> String? {
        var scalars = String.UnicodeScalarView()
        for scalar in text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars {
            if !scalar.isASCII, scalar.properties.numericType == .decimal,
                let digit = scalar.properties.numericValue.flatMap(UInt8.init(exactly:)), digit < 10
            {
                scalars.append(Unicode.Scalar(0x30 + digit))
            } else {
                scalars.append(scalar)
            }
        }
        let trimmed = Array(String(scalars).utf8)
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        for (index, byte) in trimmed.enumerated() where byte == UInt8(ascii: "_") {
            guard index > 0, index + 1 < trimmed.count, isDigit(trimmed[index - 1]), isDigit(trimmed[index + 1])
            else { return nil }
        }
        return String(decoding: trimmed.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
    }

    /// `digits[.digits][e[±]digits]` with a digit before or after the point (no sign).
    private static func isDecimal<S: StringProtocol>(_ text: S) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

extension LookupValue {
    /// The lookup with `transform` applied to each value it holds.
    func mapValues(_ transform: (DatabaseValue) throws(LookupValueError) -> DatabaseValue) throws(LookupValueError)
        -> LookupValue
    {
        switch self {
        case .value(let value): .value(try transform(value))
        case .list(let values): .list(try values.map(transform))
        case .range(let low, let high): .range(try transform(low), try transform(high))
        case .expression, .json: self
        }
    }
}
