public import Foundation
internal import PonySupport

/// A Swift type a model field can hold, with the Django field it becomes and how it is
/// stored. Pony conforms `String`, the integer types, `Double`, `Bool`, `Date`, `UUID`,
/// `Data`, `Decimal`, `Optional`, ``ForeignKey`` and enums declared as ``Choices``; any other
/// `Codable` type is stored as JSON (Django's `JSONField`).
public protocol ModelValue: Codable, Sendable {
    /// The Django field class for this type, given the field's options.
    static func fieldType(_ options: FieldOptions) -> FieldType
    /// The value as the database stores it.
    var databaseValue: DatabaseValue { get }
    /// Reads a stored value; throws when it has another type.
    init(databaseValue: DatabaseValue) throws
}

/// An enum whose cases are a field's choices, like Django's `TextChoices`/`IntegerChoices`:
/// `enum Priority: String, Choices { case low, high }`.
///
/// Forms, the admin and `{{ task.get_priority_display }}` show each case's ``label``: by
/// default its name in words, as Django labels a choice declared without one
/// (`case inProgress` reads "In Progress", as Django's `IN_PROGRESS = "in_progress"`). Labels
/// are message ids, translated where they are shown; give your own with a `label` property,
/// written in `translate(…)` so that `makemessages` finds them (as Django's `_("…")` labels):
///
/// ```swift
/// enum Priority: Int, Choices {
///     case low = 1, high = 2
///     var label: String { self == .low ? translate("Can wait") : translate("Urgent") }
/// }
/// ```
public protocol Choices: ModelValue, CaseIterable, RawRepresentable where RawValue: ModelValue {
    /// How the case is shown.
    var label: String { get }
}

extension Choices {
    /// The raw value's field.
    public static func fieldType(_ options: FieldOptions) -> FieldType { RawValue.fieldType(options) }
    /// The raw value.
    public var databaseValue: DatabaseValue { rawValue.databaseValue }
    /// The case with that raw value.
    public init(databaseValue: DatabaseValue) throws {
        guard let value = Self(rawValue: try RawValue(databaseValue: databaseValue)) else {
            throw DatabaseError("\(databaseValue) is not one of \(Self.self)'s choices")
        }
        self = value
    }
    /// The raw values, for validation and forms.
    static var choiceValues: [DatabaseValue] { allCases.map(\.databaseValue) }
    /// The cases' labels, in the order of ``choiceValues``.
    static var choiceLabels: [String] { allCases.map(\.label) }

    /// The case's name in words, each capitalised (Django's `name.replace("_", " ").title()`):
    /// `inProgress` and `in_progress` read "In Progress".
    public var label: String { choiceLabel(caseName: String(describing: self)) }
}

/// A case name in words (split at `_` and where camel case starts a word: `inProgress`,
/// `HTTPError`), capitalised as Python's `str.title()` does.
func choiceLabel(caseName name: String) -> String {
    let characters = Array(name)
    var words = ""
    for (index, character) in characters.enumerated() {
        guard character != "_" else {
            words.append(" ")
            continue
        }
        if character.isUppercase, index > 0 {
            let previous = characters[index - 1]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                words.append(" ")
            }
        }
        words.append(character)
    }
    return pythonTitle(words)
}

/// A stored value of the wrong type.
func mismatch(_ value: DatabaseValue, _ type: Any.Type) -> DatabaseError {
    DatabaseError("Expected a \(type) in the database, found \(value)")
}

extension String: ModelValue {
    /// `CharField` with a maximum length, `TextField` without; email/URL/slug kinds keep theirs.
    public static func fieldType(_ options: FieldOptions) -> FieldType {
        switch options.kind {
        case .email: return .email(maxLength: options.maxLength ?? 254)
        case .url: return .url(maxLength: options.maxLength ?? 200)
        case .slug: return .slug(maxLength: options.maxLength ?? 50)
        case .ipAddress: return .genericIPAddress
        case .file: return .file(maxLength: options.maxLength ?? 100)
        case .image: return .image(maxLength: options.maxLength ?? 100)
        case nil: return options.maxLength.map { .char(maxLength: $0) } ?? .text
        }
    }
    public var databaseValue: DatabaseValue { .text(self) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .text(let text): self = text
        case .integer(let value): self = String(value)
        case .double(let value): self = String(value)
        default: throw mismatch(databaseValue, String.self)
        }
    }
}

extension Int64: ModelValue {
    public static func fieldType(_ options: FieldOptions) -> FieldType { .bigInteger }
    public var databaseValue: DatabaseValue { .integer(self) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .integer(let value): self = value
        // NB: `Int64(exactly:)`, not `Int64(_:)`, which traps on 1e300 and on NaN.
        case .double(let value) where Int64(exactly: value) != nil: self = Int64(exactly: value) ?? 0
        case .text(let text) where Int64(text) != nil: self = Int64(text) ?? 0
        default: throw mismatch(databaseValue, Int64.self)
        }
    }
}

extension Int: ModelValue {
    public static func fieldType(_ options: FieldOptions) -> FieldType { .bigInteger }
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public init(databaseValue: DatabaseValue) throws { self = Int(try Int64(databaseValue: databaseValue)) }
}

extension Int32: ModelValue {
    /// `IntegerField` (`AutoField` for an automatic `var id: Int32?`).
    public static func fieldType(_ options: FieldOptions) -> FieldType { .integer }
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public init(databaseValue: DatabaseValue) throws { self = try narrowed(databaseValue) }
}

extension Int16: ModelValue {
    /// `SmallIntegerField`.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .smallInteger }
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public init(databaseValue: DatabaseValue) throws { self = try narrowed(databaseValue) }
}

extension UInt16: ModelValue {
    /// `PositiveSmallIntegerField`.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .positiveSmallInteger }
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public init(databaseValue: DatabaseValue) throws { self = try narrowed(databaseValue) }
}

extension UInt32: ModelValue {
    /// `PositiveIntegerField`.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .positiveInteger }
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public init(databaseValue: DatabaseValue) throws { self = try narrowed(databaseValue) }
}

extension UInt64: ModelValue {
    /// `PositiveBigIntegerField`: up to `Int64.max`, as the column holds. A larger value is
    /// stored as its digits, which the database refuses (PostgreSQL) or reading back reports.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .positiveBigInteger }
    public var databaseValue: DatabaseValue { Int64(exactly: self).map { .integer($0) } ?? .text(String(self)) }
    public init(databaseValue: DatabaseValue) throws { self = try narrowed(databaseValue) }
}

/// A stored integer as a narrower integer type; out of its range is a type mismatch.
private func narrowed<T: FixedWidthInteger>(_ value: DatabaseValue) throws -> T {
    guard let narrow = T(exactly: try Int64(databaseValue: value)) else { throw mismatch(value, T.self) }
    return narrow
}

extension Double: ModelValue {
    public static func fieldType(_ options: FieldOptions) -> FieldType { .float }
    public var databaseValue: DatabaseValue { .double(self) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .double(let value): self = value
        case .integer(let value): self = Double(value)
        case .text(let text) where Double(text) != nil: self = Double(text)!
        default: throw mismatch(databaseValue, Double.self)
        }
    }
}

extension Bool: ModelValue {
    public static func fieldType(_ options: FieldOptions) -> FieldType { .boolean }
    public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .integer(let value): self = value != 0
        case .text("t"), .text("true"): self = true
        case .text("f"), .text("false"): self = false
        default: throw mismatch(databaseValue, Bool.self)
        }
    }
}

extension Date: ModelValue {
    /// `DateTimeField`, stored as Django stores aware datetimes: UTC text
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .dateTime }
    public var databaseValue: DatabaseValue { .text(DateText.format(self)) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .text(let text):
            guard let date = DateText.parse(text) else { throw mismatch(databaseValue, Date.self) }
            self = date
        case .double(let seconds): self = Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): self = Date(timeIntervalSince1970: Double(seconds))
        default: throw mismatch(databaseValue, Date.self)
        }
    }
}

extension UUID: ModelValue {
    /// `UUIDField`: 32 hex digits on SQLite, as Django stores it.
    public static func fieldType(_ options: FieldOptions) -> FieldType { .uuid }
    public var databaseValue: DatabaseValue {
        .text(uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
    }
    public init(databaseValue: DatabaseValue) throws {
        guard case .text(var text) = databaseValue else { throw mismatch(databaseValue, UUID.self) }
        if text.utf8.count == 32 {
            let characters = Array(text)
            text =
                String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16])
                + "-" + String(characters[16..<20]) + "-" + String(characters[20...])
        }
        guard let uuid = UUID(uuidString: text) else { throw mismatch(databaseValue, UUID.self) }
        self = uuid
    }
}

extension Data: ModelValue {
    public static func fieldType(_ options: FieldOptions) -> FieldType { .binary }
    public var databaseValue: DatabaseValue { .blob(Array(self)) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .blob(let bytes): self = Data(bytes)
        case .text(let text): self = Data(text.utf8)
        default: throw mismatch(databaseValue, Data.self)
        }
    }
}

extension Decimal: ModelValue {
    /// `DecimalField`; `maxDigits`/`decimalPlaces` default to 19 and 4 when not given.
    public static func fieldType(_ options: FieldOptions) -> FieldType {
        .decimal(maxDigits: options.maxDigits ?? 19, decimalPlaces: options.decimalPlaces ?? 4)
    }
    public var databaseValue: DatabaseValue { .text(description) }
    public init(databaseValue: DatabaseValue) throws {
        switch databaseValue {
        case .text(let text):
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw mismatch(databaseValue, Decimal.self)
            }
            self = value
        case .integer(let value): self = Decimal(value)
        case .double(let value): self = Decimal(string: String(value)) ?? Decimal(value)
        default: throw mismatch(databaseValue, Decimal.self)
        }
    }
}

extension Optional: ModelValue where Wrapped: ModelValue {
    public static func fieldType(_ options: FieldOptions) -> FieldType { Wrapped.fieldType(options) }
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
    public init(databaseValue: DatabaseValue) throws {
        self = databaseValue == .null ? nil : try Wrapped(databaseValue: databaseValue)
    }
}

/// Encoding and decoding of field values: ``ModelValue``s as they are, other `Codable`
/// values as JSON. Generated model code calls these; overload resolution picks the encoding.
public enum _DatabaseCoding {
    /// A field value as stored.
    public static func encode<Value: ModelValue>(_ value: Value) -> DatabaseValue { value.databaseValue }
    /// A JSON field's value as stored (compact, sorted keys: stable for comparisons).
    @_disfavoredOverload
    public static func encode<Value: Codable & Sendable>(_ value: Value) -> DatabaseValue {
        guard let bytes = try? CompactJSONEncoder.encode(value) else { return .null }
        return .text(String(decoding: bytes, as: UTF8.self))
    }
    /// An optional JSON field's value: `NULL` for `nil`.
    @_disfavoredOverload
    public static func encode<Value: Codable & Sendable>(_ value: Value?) -> DatabaseValue {
        value.map { encode($0) } ?? .null
    }

    static func decodeJSON<Value: Decodable>(_ value: DatabaseValue, as type: Value.Type) throws -> Value {
        let bytes: [UInt8]
        switch value {
        case .text(let text): bytes = Array(text.utf8)
        case .blob(let blob): bytes = blob
        default: throw mismatch(value, Value.self)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Value.self, from: Data(bytes))
    }
}

/// Django's storage format for datetimes on SQLite.
enum DateText {

    /// NB: a date outside years 1–9999 (`Date(timeIntervalSince1970: 1e300)` from a JSON body,
    /// say) is stored as the nearest end of that range, and NaN as the epoch: `time_t(_:)` of
    /// it would trap, and Django cannot hold such a date either.
    static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = PythonDates.clamped(interval)
        var whole = seconds.rounded(.down)
        var micros = Int(((seconds - whole) * 1_000_000).rounded())
        if micros == 1_000_000 {
            whole += 1
            micros = 0
        }
        seconds = whole
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text =
            "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if micros != 0 { text += "." + pad(Int32(micros), 6) }
        return text
    }

    /// Parses `YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH:MM]` or `YYYY-MM-DD` as UTC.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip(0x2D), let month = number(2), skip(0x2D), let day = number(2) else {
            return nil
        }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        var offset = 0
        if index < bytes.count {
            guard skip(0x20) || skip(0x54), let h = number(2), skip(0x3A), let m = number(2) else { return nil }
            hour = h
            minute = m
            if skip(0x3A) {
                guard let s = number(2) else { return nil }
                second = s
                if skip(0x2E) {
                    var scale = 0.1
                    while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                        fraction += Double(bytes[index] - 0x30) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
            if skip(0x5A) {
            } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
                let sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let oh = number(2) else { return nil }
                _ = skip(0x3A)
                let om = number(2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            }
            guard index == bytes.count else { return nil }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: Double(seconds - offset) + fraction)
    }
}
