internal import PonySupport

/// Why one value was refused: pydantic's error type, message and context, without the
/// location (the decoder adds it).
struct Rejection: Error, Sendable {
    var type: String
    var msg: String
    var ctx: JSONObject? = nil

    static let missing = Rejection(type: "missing", msg: "Field required")
    static let string = Rejection(type: "string_type", msg: "Input should be a valid string")
    static let integer = Rejection(type: "int_type", msg: "Input should be a valid integer")
    static let integerText = Rejection(
        type: "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer")
    static let integerFraction = Rejection(
        type: "int_from_float", msg: "Input should be a valid integer, got a number with a fractional part")
    static let integerSize = Rejection(
        type: "int_parsing_size", msg: "Unable to parse input string as an integer, exceeded maximum size")
    static let number = Rejection(type: "float_type", msg: "Input should be a valid number")
    static let numberText = Rejection(
        type: "float_parsing", msg: "Input should be a valid number, unable to parse string as a number")
    static let decimal = Rejection(type: "decimal_parsing", msg: "Input should be a valid decimal")
    static let decimalType = Rejection(
        type: "decimal_type", msg: "Decimal input should be an integer, float, string or Decimal object")
    static let finiteNumber = Rejection(type: "finite_number", msg: "Input should be a finite number")
    static let boolean = Rejection(type: "bool_type", msg: "Input should be a valid boolean")
    static let booleanText = Rejection(
        type: "bool_parsing", msg: "Input should be a valid boolean, unable to interpret input")
    static let datetime = Rejection(type: "datetime_type", msg: "Input should be a valid datetime")
    /// pydantic's refusal of a date-time it parsed (or of a Unix time), with the reason.
    static func datetimeParsing(_ error: String) -> Rejection {
        Rejection(
            type: "datetime_parsing", msg: "Input should be a valid datetime, \(error)", ctx: ["error": .string(error)])
    }
    /// pydantic's refusal of text that is neither a date-time nor a date, with the reason the
    /// date did not parse.
    static func datetimeFromDateParsing(_ error: String) -> Rejection {
        Rejection(
            type: "datetime_from_date_parsing", msg: "Input should be a valid datetime or date, \(error)",
            ctx: ["error": .string(error)])
    }
    static let date = Rejection(type: "date_type", msg: "Input should be a valid date")
    /// pydantic's refusal of a date with year 0.
    static func dateParsing(_ error: String) -> Rejection {
        Rejection(
            type: "date_parsing", msg: "Input should be a valid date in the format YYYY-MM-DD, \(error)",
            ctx: ["error": .string(error)])
    }
    /// pydantic's refusal of text that is neither a date nor a date-time, with the reason.
    static func dateFromDatetimeParsing(_ error: String) -> Rejection {
        Rejection(
            type: "date_from_datetime_parsing", msg: "Input should be a valid date or datetime, \(error)",
            ctx: ["error": .string(error)])
    }
    static let dateFromDatetimeInexact = Rejection(
        type: "date_from_datetime_inexact",
        msg: "Datetimes provided to dates should have zero time - e.g. be exact dates")
    static let time = Rejection(type: "time_type", msg: "Input should be a valid time")
    /// pydantic's refusal of a time, with the reason.
    static func timeParsing(_ error: String) -> Rejection {
        Rejection(
            type: "time_parsing", msg: "Input should be in a valid time format, \(error)",
            ctx: ["error": .string(error)])
    }
    static let uuid = Rejection(type: "uuid_type", msg: "UUID input should be a string, bytes or UUID object")
    /// pydantic's refusal of text that is no UUID, with the reason.
    static func uuidParsing(_ error: String) -> Rejection {
        Rejection(type: "uuid_parsing", msg: "Input should be a valid UUID, \(error)", ctx: ["error": .string(error)])
    }
    static let url = Rejection(type: "url_parsing", msg: "Input should be a valid URL")
    static let list = Rejection(type: "list_type", msg: "Input should be a valid list")
    static let object = Rejection(
        type: "model_attributes_type", msg: "Input should be a valid dictionary or object to extract fields from")
    static let extra = Rejection(type: "extra_forbidden", msg: "Extra inputs are not permitted")

    /// `Input should be 'red' or 'green'`.
    static func choice(_ options: [JSONValue]) -> Rejection {
        let quoted = options.map { $0.stringValue.map { "'\($0)'" } ?? $0.pythonJSON }
        let expected =
            quoted.count > 1
            ? quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "") : quoted.joined()
        return Rejection(type: "enum", msg: "Input should be \(expected)", ctx: ["expected": .string(expected)])
    }
}
