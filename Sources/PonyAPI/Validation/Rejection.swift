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
    static let date = Rejection(type: "date_type", msg: "Input should be a valid date")
    static let time = Rejection(type: "time_type", msg: "Input should be a valid time")
    static let uuid = Rejection(type: "uuid_type", msg: "UUID input should be a string, bytes or UUID object")

    // pydantic's refusals that say why, each with the reason as `ctx.error`.

    /// A date-time that parsed but does not exist (year 0), or a Unix time out of range.
    static func datetimeParsing(_ error: String) -> Rejection {
        explained("datetime_parsing", "a valid datetime", error)
    }
    /// Text that is neither a date-time nor a date, with the reason its date did not parse.
    static func datetimeFromDateParsing(_ error: String) -> Rejection {
        explained("datetime_from_date_parsing", "a valid datetime or date", error)
    }
    /// Text that is no date (pydantic's strict mode).
    static func dateParsing(_ error: String) -> Rejection {
        explained("date_parsing", "a valid date in the format YYYY-MM-DD", error)
    }
    static func timeParsing(_ error: String) -> Rejection { explained("time_parsing", "in a valid time format", error) }
    static func uuidParsing(_ error: String) -> Rejection { explained("uuid_parsing", "a valid UUID", error) }

    /// "Input should be \(what), \(error)", with `error` as the context.
    private static func explained(_ type: String, _ what: String, _ error: String) -> Rejection {
        Rejection(type: type, msg: "Input should be \(what), \(error)", ctx: ["error": .string(error)])
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
