internal import PonyORM
internal import PonySupport
internal import Synchronization

/// What one form field does (Django's `forms.Field`): turn the widget's value into a typed
/// value or an error, and turn a typed value back into what the widget writes.
///
/// Field types (``CharField``, ``IntegerField``, …) build one; ``Form`` runs it.
public struct FieldSpec: Sendable {
    /// Whether a value must be given.
    public var required: Bool
    /// The label; `nil` makes one from the name (`cc_myself` → "Cc myself").
    public var label: String?
    /// A model field's verbose name ("first name"), which the label shows translated and
    /// capitalised, as Django's `capfirst(verbose_name)` does with a lazy verbose name.
    var verboseName: String?
    /// Help shown beside the input (HTML, as Django's: not escaped).
    public var helpText: String
    /// A value shown before anything is submitted (overridden by the form's `initial`).
    public var initial: (any Sendable)?
    /// A disabled field shows its initial value and ignores what is submitted.
    public var disabled: Bool
    /// The widget.
    public var widget: Widget
    /// Messages that replace Django's, by Django's error code (`required`, `invalid`,
    /// `max_length`, `invalid_choice`, …), with `%(limit_value)s` and the like filled in as
    /// Django fills them (Django's `error_messages`).
    public var errorMessages: [String: String] = [:]
    /// Django's `to_python`: the typed value of a non-empty widget value, or `nil` for an empty
    /// one; throws the field's "invalid" message.
    var toValue: @Sendable (WidgetValue) throws(ValidationError) -> (any Sendable)?
    /// Django's `validate` and `run_validators` for a non-empty value.
    var validate: @Sendable (any Sendable) throws(ValidationError) -> Void = { _ in }
    /// A typed value (an initial one, or what `clean` hooks set) as the widget writes it
    /// (Django's `prepare_value` and `format_value`).
    var prepare: @Sendable (any Sendable) -> WidgetValue
    /// What a bound field shows: the submitted value (Django's `bound_data`), which a
    /// `JSONField` writes again.
    var boundData: @Sendable (WidgetValue) -> WidgetValue = { $0 }
    /// What the widget shows with no initial value (Django's `prepare_value(None)`).
    var emptyWidgetValue: WidgetValue = .none
    /// The value of an empty field that is not required (`""` for text, `nil` otherwise).
    var emptyValue: (any Sendable)?
    /// The rows a model choice field offers, once ``Form/loaded()`` has read them.
    var loadedChoices: LoadedChoices?
    /// A `clean` that also sees the initial value (Django's `FileField.clean(data, initial)`),
    /// used instead of the steps above.
    var cleanWithInitial: (@Sendable (WidgetValue, WidgetValue) throws(ValidationError) -> (any Sendable)?)?

}

/// One field of one form: its spec, the name the form gives it, and the cleaned value. A
/// field type's `projectedValue` (`$subject`).
public final class FieldBox: Sendable {
    /// What the field does.
    public let spec: FieldSpec
    private let state = Mutex<(name: String, swiftName: String, cleaned: (any Sendable)?)>(("", "", nil))

    init(_ spec: FieldSpec, name: String = "", errorMessages: [String: String] = [:]) {
        var spec = spec
        spec.errorMessages.merge(errorMessages) { $1 }
        self.spec = spec
        if !name.isEmpty {
            state.withLock {
                $0.name = name; $0.swiftName = name
            }
        }
    }

    /// The field's name in the form (the property's, in snake_case).
    public var name: String {
        get { state.withLock { $0.name } }
        set { state.withLock { $0.name = newValue } }
    }

    /// The property's name (`ccMyself`).
    public var swiftName: String {
        get { state.withLock { $0.swiftName } }
        set { state.withLock { $0.swiftName = newValue } }
    }

    /// The cleaned value, once the form validated (or a `clean` hook set it).
    public var cleaned: (any Sendable)? {
        get { state.withLock { $0.cleaned } }
        set { state.withLock { $0.cleaned = newValue } }
    }

    /// Django's `Field.clean`: the typed value of `value`, or the field's errors (in its own
    /// words where ``FieldSpec/errorMessages`` gives them).
    func clean(_ value: WidgetValue, initial: WidgetValue = .none) throws(ValidationError) -> (any Sendable)? {
        guard !spec.errorMessages.isEmpty else { return try cleanValue(value, initial: initial) }
        do {
            return try ValidationMessages.$overrides.withValue(spec.errorMessages) {
                try cleanValue(value, initial: initial)
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func cleanValue(_ value: WidgetValue, initial: WidgetValue) throws(ValidationError) -> (any Sendable)? {
        if let clean = spec.cleanWithInitial { return try clean(value, initial) }
        guard let typed = try spec.toValue(value) else {
            if spec.required { throw ValidationError(ValidationMessages.required) }
            return spec.emptyValue
        }
        try spec.validate(typed)
        return typed
    }
}

/// A property wrapper that declares a form field; ``Form`` finds them by reflection.
protocol FormFieldWrapper {
    var field: FieldBox { get }
}

/// A type a field can clean to: the field's value type itself, or its `Optional` (a field
/// that is not required by default, and is `nil` when left empty).
public protocol FormValue: Sendable {
    /// The value type without `Optional`.
    associatedtype Wrapped: Sendable
    /// What the property reads before the form is valid.
    static var emptyValue: Self { get }
    /// Whether the type is an `Optional`.
    static var isOptional: Bool { get }
    /// The property's value for a cleaned value (`nil`: empty).
    static func from(_ value: Wrapped?) -> Self
    /// The value without `Optional`, or `nil`.
    var wrapped: Wrapped? { get }
}

/// A non-optional ``FormValue``: the value itself.
public protocol PlainFormValue: FormValue where Wrapped == Self {}

extension PlainFormValue {
    /// Not optional.
    public static var isOptional: Bool { false }
    /// The value, or the empty value.
    public static func from(_ value: Self?) -> Self { value ?? emptyValue }
    /// The value.
    public var wrapped: Self? { self }
}

extension Optional: FormValue where Wrapped: PlainFormValue {
    /// `nil`.
    public static var emptyValue: Self { nil }
    /// Optional.
    public static var isOptional: Bool { true }
    /// The value.
    public static func from(_ value: Wrapped?) -> Self { value }
    /// The value.
    public var wrapped: Wrapped? { self }
}

extension String: PlainFormValue {
    /// `""`.
    public static var emptyValue: String { "" }
}
extension Int: PlainFormValue {
    /// `0`.
    public static var emptyValue: Int { 0 }
}
extension Double: PlainFormValue {
    /// `0`.
    public static var emptyValue: Double { 0 }
}
extension Bool: PlainFormValue {
    /// `false`.
    public static var emptyValue: Bool { false }
}
extension Array: PlainFormValue, FormValue where Element == String {
    /// `[]`.
    public static var emptyValue: [String] { [] }
}
