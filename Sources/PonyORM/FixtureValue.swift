internal import Foundation
internal import PonySupport

/// One field's value in a fixture, as Django's serializers write and read it.
enum FixtureValue {
    /// `value`, stored in `field`'s column, as `dumpdata` writes it.
    static func json(_ value: DatabaseValue, _ field: FieldInfo) throws(FixtureError) -> JSONValue {
        if value == .null { return .null }
        do {
            return try json(notNull: value, field)
        } catch let error as FixtureError {
            throw error
        } catch {
            throw FixtureError("\(field.name): \(error)")
        }
    }

    private static func json(notNull value: DatabaseValue, _ field: FieldInfo) throws -> JSONValue {
        switch field.type {
        case .auto, .bigAuto, .integer, .bigInteger, .smallInteger, .positiveSmallInteger, .positiveInteger,
            .positiveBigInteger:
            return .int(try Int64(databaseValue: value))
        case .boolean: return .bool(try Bool(databaseValue: value))
        case .float: return .double(try Double(databaseValue: value))
        case .char, .email, .url, .slug, .file, .image, .text, .genericIPAddress:
            return .string(try String(databaseValue: value))
        case .dateTime: return .string(dateTime(try Date(databaseValue: value)))
        case .date: return .string(try CalendarDate(databaseValue: value).description)
        case .time:
            // NB: Django's encoder keeps the milliseconds of a time: `isoformat()[:12]`.
            let text = try TimeOfDay(databaseValue: value).description
            return .string(String(text.prefix(12)))
        case .decimal(_, let places): return .string(decimal(try Decimal(databaseValue: value), places: places))
        case .uuid: return .string(try UUID(databaseValue: value).uuidString.lowercased())
        case .duration: return .string(durationString(microseconds: try Int64(databaseValue: value)))
        case .binary: return .string(try Data(databaseValue: value).base64EncodedString())
        case .json:
            let text: String
            switch value {
            case .text(let stored): text = stored
            case .blob(let bytes): text = String(decoding: bytes, as: UTF8.self)
            default: throw FixtureError("\(field.name) holds no JSON")
            }
            return try JSONValue(parsing: text)
        case .foreignKey, .oneToOne:
            guard let target = field.relatedModel?.schemaInfo.primaryKey else {
                return value.jsonValue
            }
            return try json(notNull: value, target)
        }
    }

    /// A fixture's `value` for `field`, as stored; `null` only where `allowNull`.
    static func database(_ value: JSONValue, _ field: FieldInfo, allowNull: Bool) throws(FixtureError) -> DatabaseValue
    {
        if value == .null {
            guard allowNull else { throw FixtureError("'\(snakeCase(field.name))' cannot be null.") }
            return .null
        }
        guard let stored = stored(value, field) else {
            throw FixtureError(
                "'\(snakeCase(field.name))' cannot be \(value.pythonJSON(compact: false, asciiOnly: false).prefix(80))."
            )
        }
        return stored
    }

    /// What a field that a fixture's object leaves out gets: its default, else `NULL` or
    /// `""` as Django's `Field.get_default()` gives.
    static func missing(_ field: FieldInfo) throws(FixtureError) -> DatabaseValue {
        if let makeDefault = field.defaultValue { return makeDefault() }
        if field.isNullable || field.isAutomatic { return .null }
        switch field.type {
        case .char, .email, .url, .slug, .file, .image, .text, .genericIPAddress: return .text("")
        default: throw FixtureError("'\(snakeCase(field.name))' is missing and has no default.")
        }
    }

    private static func stored(_ value: JSONValue, _ field: FieldInfo) -> DatabaseValue? {
        switch field.type {
        case .auto, .bigAuto, .integer, .bigInteger, .smallInteger, .positiveSmallInteger, .positiveInteger,
            .positiveBigInteger:
            guard let number = integer(value), range(field.type).contains(number) else { return nil }
            return .integer(number)
        case .boolean:
            guard case .bool(let flag) = value else { return nil }
            return flag.databaseValue
        case .float:
            switch value {
            case .double(let number): return .double(number)
            case .int(let number): return .double(Double(number))
            default: return nil
            }
        case .char, .email, .url, .slug, .file, .image, .text, .genericIPAddress:
            return value.stringValue.map(DatabaseValue.text)
        case .dateTime:
            return value.stringValue.flatMap(DateText.parse).map(\.databaseValue)
        case .date:
            return value.stringValue.flatMap(CalendarDate.init).map(\.databaseValue)
        case .time:
            return value.stringValue.flatMap(TimeOfDay.init).map(\.databaseValue)
        case .decimal:
            let text: String?
            switch value {
            case .string(let string): text = string
            case .int(let number): text = String(number)
            case .double(let number) where number.isFinite: text = String(number)
            default: text = nil
            }
            return text.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }.map(\.databaseValue)
        case .uuid:
            return value.stringValue.flatMap { UUID(uuidString: $0) ?? undashedUUID($0) }.map(\.databaseValue)
        case .duration:
            return value.stringValue.flatMap(parseDuration).map(DatabaseValue.integer)
        case .binary:
            return value.stringValue.flatMap { Data(base64Encoded: $0) }.map { .blob(Array($0)) }
        case .json:
            return .text(value.pythonJSON(compact: false, asciiOnly: true))
        case .foreignKey, .oneToOne:
            guard let target = field.relatedModel?.schemaInfo.primaryKey else { return nil }
            return stored(value, target)
        }
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let number): return number
        case .double(let number): return Int64(exactly: number)
        default: return nil
        }
    }

    private static func range(_ type: FieldType) -> ClosedRange<Int64> {
        switch type {
        case .smallInteger: Int64(Int16.min)...Int64(Int16.max)
        case .integer, .auto: Int64(Int32.min)...Int64(Int32.max)
        case .positiveSmallInteger: 0...Int64(Int16.max)
        case .positiveInteger: 0...Int64(Int32.max)
        case .positiveBigInteger: 0...Int64.max
        default: Int64.min...Int64.max
        }
    }

    private static func undashedUUID(_ text: String) -> UUID? {
        try? UUID(databaseValue: .text(text))
    }

    /// Django's `DjangoJSONEncoder` of an aware `datetime` in UTC: ISO 8601 to the
    /// millisecond (cut, not rounded), with `Z`.
    static func dateTime(_ date: Date) -> String {
        let text = DateText.format(date)  // YYYY-MM-DD HH:MM:SS[.ffffff]
        let (wholePart, fraction) =
            text.firstIndex(of: ".").map { (text[..<$0], text[text.index(after: $0)...]) } ?? (text[...], "")
        let whole = wholePart.replacingOccurrences(of: " ", with: "T")
        return whole + (fraction.isEmpty || Int(fraction) == 0 ? "" : "." + fraction.prefix(3)) + "Z"
    }

    /// `value` with exactly `places` decimals, as Django's `DecimalField` gives it back.
    static func decimal(_ value: Decimal, places: Int) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, max(0, min(places, 38)), .plain)
        var text = rounded.description
        guard places > 0 else { return text }
        if !text.contains(".") { text += "." }
        let decimals =
            text.count - 1 - (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? 0)
        return text + String(repeating: "0", count: max(0, places - decimals))
    }

    /// Django's `duration_string`: `[D ]HH:MM:SS[.ffffff]`, days as `timedelta` counts them
    /// (negative durations have negative days and a positive rest).
    static func durationString(microseconds total: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        // NB: floor division without overflow, for any value a column holds (Int64.min too).
        var (days, rest) = total.quotientAndRemainder(dividingBy: perDay)
        if rest < 0 {
            days -= 1
            rest += perDay
        }
        let microseconds = rest % 1_000_000
        let seconds = rest / 1_000_000
        func two(_ number: Int64) -> String { number < 10 ? "0\(number)" : "\(number)" }
        var text = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if days != 0 { text = "\(days) " + text }
        if microseconds != 0 {
            let digits = String(microseconds)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return text
    }

    /// Django's `parse_duration` for what `duration_string` writes (`[D ]HH:MM:SS[.ffffff]`,
    /// `MM:SS`, or seconds), in microseconds; `nil` for anything else or out of range.
    static func parseDuration(_ text: String) -> Int64? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var days: Int64 = 0
        if let space = rest.firstIndex(of: " ") {
            let dayPart = rest[..<space].replacingOccurrences(of: "days", with: "").replacingOccurrences(
                of: "day", with: ""
            )
            .trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
            guard let number = Int64(dayPart), abs(number) < 100_000_000 else { return nil }
            days = number
            rest = rest[rest.index(after: space)...].drop { $0 == " " || $0 == "," }
        }
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        var fraction: Int64 = 0
        if let dot = rest.firstIndex(of: ".") {
            let digits = rest[rest.index(after: dot)...]
            guard !digits.isEmpty, digits.count <= 6, let value = Int64(digits), value >= 0 else { return nil }
            fraction = value * Int64(pow(10, Double(6 - digits.count)))
            rest = rest[..<dot]
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }) else {
            return nil
        }
        var seconds: Int64 = 0
        for part in parts {
            guard let number = Int64(part), number >= 0, number < 1_000_000_000 else { return nil }
            seconds = seconds * 60 + number
        }
        let micros = (seconds * 1_000_000 + fraction) * (negative ? -1 : 1)
        let (total, overflow) = (days * 86_400_000_000).addingReportingOverflow(micros)
        return overflow ? nil : total
    }
}

extension DatabaseValue {
    /// The value as plain JSON (a relation to a model Pony does not know).
    fileprivate var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .integer(let number): .int(number)
        case .double(let number): .double(number)
        case .text(let text): .string(text)
        case .blob(let bytes): .string(Data(bytes).base64EncodedString())
        }
    }
}
