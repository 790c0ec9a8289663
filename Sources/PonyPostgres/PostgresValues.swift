internal import Foundation
internal import NIOCore
internal import PonyORM
internal import PonySupport
internal import PostgresNIO

/// How Pony's values cross PostgreSQL's wire.
///
/// Binds go as text with no declared type, so the server reads each one as the type its place
/// in the statement asks for, as it reads a quoted literal: the `1` of a ``DatabaseValue/integer(_:)``
/// becomes `true` for a boolean column, the text of a date a `timestamp with time zone`, 32 hex
/// digits a `uuid`. (Pony's values follow Django's SQLite storage, which PostgreSQL's input
/// syntax accepts for every field type.) Results come back in binary and are read by their type.
enum PostgresValues {
    /// A bind in text format whose type the server infers (OID 0, "unspecified").
    struct UntypedText: PostgresDynamicTypeEncodable {
        let text: String
        var psqlType: PostgresDataType { .null }
        var psqlFormat: PostgresFormat { .text }
        func encode<JSONEncoder: PostgresJSONEncoder>(
            into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
        ) {
            byteBuffer.writeString(text)
        }
    }

    /// `sql`, written with PostgreSQL's placeholders (`$1`, `$2`, …), and `binds` encoded.
    static func query(_ sql: String, _ binds: [DatabaseValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(UntypedText(text: String(number)))
            case .double(let number): bindings.append(UntypedText(text: text(number)))
            case .text(let text): bindings.append(UntypedText(text: text))
            case .blob(let bytes): bindings.append(UntypedText(text: "\\x" + hexString(bytes)))
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// SQL written by hand with `?` placeholders, each `?` outside quotes ('…', "…") replaced
    /// with `$n` (statements without binds are left alone). What the ORM renders from its SQL
    /// tree is numbered as it is written and never comes here.
    static func numberPlaceholders(_ sql: String, _ binds: [DatabaseValue]) -> String {
        binds.isEmpty ? sql : numberPlaceholders(sql)
    }

    /// Replaces each `?` outside quotes ('…', "…") with `$n`.
    static func numberPlaceholders(_ sql: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(sql.utf8.count + 16)
        var quote: UInt8?
        var number = 0
        for byte in sql.utf8 {
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "?") {
                number += 1
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: String(number).utf8)
                continue
            }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A double as PostgreSQL's `float8` input reads it.
    private static func text(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return String(number)
    }

    /// The rows of a result, with the values Pony's models decode.
    static func rows(_ rows: [PostgresRow]) throws -> [DatabaseRow] {
        guard let first = rows.first else { return [] }
        let columns = first.map(\.columnName)
        return try rows.map { row in DatabaseRow(columns: columns, values: try row.map(value)) }
    }

    /// One cell as a ``DatabaseValue``, in the form Django's SQLite backend stores it:
    /// booleans as 0/1, datetimes as UTC text, UUIDs as 32 hex digits, decimals as text.
    static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard let bytes = cell.bytes else { return .null }
        switch cell.dataType {
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .int2, .int4, .int8, .oid: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .numeric:
            // NB: as Django's integer output fields, whole numbers (a SUM of bigints) are integers.
            let text = try cell.decode(Decimal.self).description
            return Int64(text).map(DatabaseValue.integer) ?? .text(text)
        case .timestamptz, .timestamp: return try cell.decode(Date.self).databaseValue
        case .date:
            guard case .text(let text) = try cell.decode(Date.self).databaseValue else { return .null }
            return .text(String(text.prefix(10)))
        case .uuid:
            return .text(try cell.decode(UUID.self).uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        case .bytea: return .blob(Array(bytes.readableBytesView))
        case .time: return try time(bytes)
        case .inet: return try inet(bytes)
        case .interval: return try interval(bytes)
        default: return .text(try cell.decode(String.self))
        }
    }

    /// A `time` (microseconds since midnight) as Python prints it, as Django's SQLite stores it.
    static func time(_ bytes: ByteBuffer) throws -> DatabaseValue {
        var bytes = bytes
        guard let micros = bytes.readInteger(as: Int64.self), let time = TimeOfDay(microsecondsOfDay: micros) else {
            throw DatabaseError("A PostgreSQL time value is malformed.")
        }
        return .text(time.description)
    }

    /// An `interval` as Django's SQLite stores a duration: microseconds. Months count 30 days,
    /// as psycopg reads them into a `timedelta`.
    static func interval(_ bytes: ByteBuffer) throws -> DatabaseValue {
        var bytes = bytes
        guard let micros = bytes.readInteger(as: Int64.self), let days = bytes.readInteger(as: Int32.self),
            let months = bytes.readInteger(as: Int32.self)
        else { throw DatabaseError("A PostgreSQL interval value is malformed.") }
        let dayMicros: Int64 = 86_400_000_000
        let (fromDays, o1) = (Int64(days) + Int64(months) * 30).multipliedReportingOverflow(by: dayMicros)
        let (total, o2) = micros.addingReportingOverflow(fromDays)
        guard !o1, !o2 else { throw DatabaseError("A PostgreSQL interval is too long for a Duration in microseconds.") }
        return .integer(total)
    }

    /// An `inet` as PostgreSQL prints it (`192.0.2.1`, `2001:db8::1`, `/bits` for a network).
    static func inet(_ bytes: ByteBuffer) throws -> DatabaseValue {
        let raw = Array(bytes.readableBytesView)
        guard raw.count >= 4, raw.count == 4 + Int(raw[3]), raw[3] == 4 || raw[3] == 16 else {
            throw DatabaseError("A PostgreSQL inet value is malformed.")
        }
        let address = Array(raw[4...])
        let bits = Int(raw[1])
        var text = address.count == 4 ? address.map(String.init).joined(separator: ".") : ipv6Text(address)
        if bits != address.count * 8 { text += "/\(bits)" }
        return .text(text)
    }

    /// RFC 5952 text: lower-case groups, the longest run of two or more zero groups as `::`
    /// (the first of equal runs), and an IPv4-mapped address with its dotted tail.
    static func ipv6Text(_ address: [UInt8]) -> String {
        let groups = (0..<8).map { Int(address[2 * $0]) << 8 | Int(address[2 * $0 + 1]) }
        if groups[0..<5].allSatisfy({ $0 == 0 }), groups[5] == 0xFFFF {
            return "::ffff:" + address[12...].map(String.init).joined(separator: ".")
        }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }
}
