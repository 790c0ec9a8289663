internal import PonyORM

/// Django 5.2's English validation messages, with its plural forms.
enum Messages {
    static func maxLength(_ limit: Int, _ shown: Int) -> String {
        "Ensure this value has at most \(limit) character\(limit == 1 ? "" : "s") (it has \(shown))."
    }
    static func minLength(_ limit: Int, _ shown: Int) -> String {
        "Ensure this value has at least \(limit) character\(limit == 1 ? "" : "s") (it has \(shown))."
    }
    static func maxValue(_ limit: String) -> String { "Ensure this value is less than or equal to \(limit)." }
    static func minValue(_ limit: String) -> String { "Ensure this value is greater than or equal to \(limit)." }
    static func step(_ size: String) -> String { "Ensure this value is a multiple of step size \(size)." }
    static func step(_ size: String, offset: String, next: (String, String)) -> String {
        "Ensure this value is a multiple of step size \(size), starting from \(offset), e.g. \(offset), \(next.0),"
            + " \(next.1), and so on."
    }
    static func maxDigits(_ limit: Int) -> String {
        "Ensure that there are no more than \(limit) digit\(limit == 1 ? "" : "s") in total."
    }
    static func maxDecimalPlaces(_ limit: Int) -> String {
        "Ensure that there are no more than \(limit) decimal place\(limit == 1 ? "" : "s")."
    }
    static func maxWholeDigits(_ limit: Int) -> String {
        "Ensure that there are no more than \(limit) digit\(limit == 1 ? "" : "s") before the decimal point."
    }
    static func invalidChoice(_ value: String) -> String {
        "Select a valid choice. \(value) is not one of the available choices."
    }
    static let wholeNumber = "Enter a whole number."
    static let number = "Enter a number."
    static let email = "Enter a valid email address."
    static let url = "Enter a valid URL."
    static let slug = "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."
    static let uuid = "Enter a valid UUID."
    static let ipAddress = "Enter a valid IPv4 or IPv6 address."
    static let json = "Enter a valid JSON."
    static let date = "Enter a valid date."
    static let dateTime = "Enter a valid date/time."
    static let time = "Enter a valid time."
    static let list = "Enter a list of values."
}

/// A check of a cleaned value: throw a ``ValidationError`` with the message to show
/// (Django's validators).
///
/// ```swift
/// @IntegerField(validators: [Validator { if $0 % 2 == 1 { throw ValidationError("Even numbers only.") } }])
/// var pairs: Int
/// ```
public struct Validator<Value>: Sendable {
    let check: @Sendable (Value) throws -> Void

    /// A validator running `check`.
    public init(_ check: @escaping @Sendable (Value) throws -> Void) { self.check = check }
}

/// Runs every check and validator, collecting every message (Django's `run_validators`).
func runChecks<Value>(
    _ value: Value, _ checks: [@Sendable (Value) -> String?], _ validators: [Validator<Value>]
) throws(ValidationError) {
    var messages = checks.compactMap { $0(value) }
    for validator in validators {
        do {
            try validator.check(value)
        } catch let error as ValidationError {
            messages += error.errors.values.flatMap { $0 }
        } catch {
            messages.append("\(error)")
        }
    }
    if !messages.isEmpty { throw ValidationError([ValidationError.nonField: messages]) }
}

extension Messages {
    static let invalidImage =
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
}
