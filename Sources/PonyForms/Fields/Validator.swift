internal import PonyORM
internal import PonySupport

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
