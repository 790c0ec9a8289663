public import Foundation
internal import PonyORM
public import PonySupport

/// Python's `str.strip()`: whitespace off both ends (`text` itself when there is none).
func stripped(_ text: String) -> String {
    let result = pythonStripped(text[...])
    return result.startIndex == text.startIndex && result.endIndex == text.endIndex ? text : String(result)
}

/// Text of a widget value, stripped or not, or `nil` when empty (Django's `CharField.to_python`).
func textValue(_ value: WidgetValue, strip: Bool) -> String? {
    guard let text = value.text else { return nil }
    let result = strip ? stripped(text) : text
    return result.isEmpty ? nil : result
}

/// Length as Python counts it: code points.
func pythonLength(_ text: String) -> Int { text.unicodeScalars.count }

/// The spec of a text field: `CharField` and the fields built on it.
func textSpec(
    required: Bool, label: String?, initial: String?, helpText: String, disabled: Bool, widget: Widget,
    maxLength: Int?, minLength: Int?, strip: Bool, emptyIsNil: Bool,
    checks: [@Sendable (String) -> String?] = [], validators: [Validator<String>] = [],
    convert: @escaping @Sendable (String) throws(ValidationError) -> String = { $0 }
) -> FieldSpec {
    var widget = widget
    if let maxLength, !widget.isHidden { widget.attrs["maxlength"] = .text(String(maxLength)) }
    if let minLength, !widget.isHidden { widget.attrs["minlength"] = .text(String(minLength)) }
    var lengthChecks: [@Sendable (String) -> String?] = []
    if let maxLength {
        lengthChecks.append {
            pythonLength($0) > maxLength ? ValidationMessages.maxLength(maxLength, pythonLength($0)) : nil
        }
    }
    if let minLength {
        lengthChecks.append {
            pythonLength($0) < minLength ? ValidationMessages.minLength(minLength, pythonLength($0)) : nil
        }
    }
    let allChecks = lengthChecks + checks
    return FieldSpec(
        required: required, label: label, helpText: helpText, initial: initial, disabled: disabled, widget: widget,
        toValue: { value throws(ValidationError) in
            guard let text = textValue(value, strip: strip) else { return nil }
            return try convert(text)
        },
        validate: { value throws(ValidationError) in
            guard let text = value as? String else { return }
            try runChecks(text, allChecks, validators)
        },
        prepare: { value in (value as? String).map(WidgetValue.text) ?? .text("\(value)") },
        emptyValue: emptyIsNil ? nil : "")
}

/// Django's `CharField`: text, stripped of surrounding whitespace, `""` when empty (`nil`
/// for a `String?` property).
///
/// ```swift
/// @CharField(maxLength: 100) var subject: String
/// @CharField(widget: .textarea) var message: String
/// @CharField var nickname: String?          // optional: not required
/// ```
@propertyWrapper public struct CharField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == String {
    /// The field (`$subject`).
    public let field: FieldBox

    /// A text field; `required` defaults to whether `Value` is not optional.
    public init(
        required: Bool? = nil, label: String? = nil, initial: String? = nil, helpText: String = "",
        disabled: Bool = false, maxLength: Int? = nil, minLength: Int? = nil, strip: Bool = true,
        widget: Widget = .textInput(), validators: [Validator<String>] = [], errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            textSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, maxLength: maxLength, minLength: minLength, strip: strip,
                emptyIsNil: Value.isOptional, validators: validators), errorMessages: errorMessages)
    }

    /// The cleaned text.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? String) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `EmailField`: text checked as an email address (at most 320 characters).
@propertyWrapper public struct EmailField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == String {
    /// The field.
    public let field: FieldBox

    /// An email field.
    public init(
        required: Bool? = nil, label: String? = nil, initial: String? = nil, helpText: String = "",
        disabled: Bool = false, maxLength: Int? = 320, minLength: Int? = nil, widget: Widget = .emailInput(),
        validators: [Validator<String>] = [], errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            textSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, maxLength: maxLength, minLength: minLength, strip: true,
                emptyIsNil: Value.isOptional, checks: [{ TextFormats.isEmail($0) ? nil : ValidationMessages.email }],
                validators: validators), errorMessages: errorMessages)
    }

    /// The cleaned address.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? String) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `URLField`: a URL, `http://` added when no scheme is given.
@propertyWrapper public struct URLField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == String {
    /// The field.
    public let field: FieldBox

    /// A URL field; `assumeScheme` is added to a URL typed without one.
    public init(
        required: Bool? = nil, label: String? = nil, initial: String? = nil, helpText: String = "",
        disabled: Bool = false, maxLength: Int? = nil, minLength: Int? = nil, assumeScheme: String = "http",
        widget: Widget = .urlInput(), validators: [Validator<String>] = [], errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            textSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, maxLength: maxLength, minLength: minLength, strip: true,
                emptyIsNil: Value.isOptional, checks: [{ TextFormats.isURL($0) ? nil : ValidationMessages.url }],
                validators: validators, convert: { TextFormats.withScheme($0, assumeScheme) }),
            errorMessages: errorMessages)
    }

    /// The cleaned URL.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? String) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `SlugField`: ASCII letters, digits, hyphens and underscores.
@propertyWrapper public struct SlugField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == String {
    /// The field.
    public let field: FieldBox

    /// A slug field.
    public init(
        required: Bool? = nil, label: String? = nil, initial: String? = nil, helpText: String = "",
        disabled: Bool = false, maxLength: Int? = nil, minLength: Int? = nil, widget: Widget = .textInput(),
        validators: [Validator<String>] = [], errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            textSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, maxLength: maxLength, minLength: minLength, strip: true,
                emptyIsNil: Value.isOptional, checks: [{ TextFormats.isSlug($0) ? nil : ValidationMessages.slug }],
                validators: validators), errorMessages: errorMessages)
    }

    /// The cleaned slug.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? String) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `GenericIPAddressField`: an IPv4 or IPv6 address (IPv6 written compressed).
@propertyWrapper public struct GenericIPAddressField<Value: FormValue>: FormFieldWrapper
where Value.Wrapped == String {
    /// The field.
    public let field: FieldBox

    /// An IP address field.
    public init(
        required: Bool? = nil, label: String? = nil, initial: String? = nil, helpText: String = "",
        disabled: Bool = false, widget: Widget = .textInput(), errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            textSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, maxLength: 39, minLength: nil, strip: true,
                emptyIsNil: Value.isOptional,
                convert: { text throws(ValidationError) in
                    guard let address = TextFormats.ipAddress(text) else {
                        throw ValidationError(ValidationMessages.ipAddress)
                    }
                    return address
                }), errorMessages: errorMessages)
    }

    /// The cleaned address.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? String) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `UUIDField`: a UUID, in any of the spellings Python's `uuid.UUID` reads.
@propertyWrapper public struct UUIDField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == UUID {
    /// The field.
    public let field: FieldBox

    /// A UUID field.
    public init(
        required: Bool? = nil, label: String? = nil, initial: UUID? = nil, helpText: String = "",
        disabled: Bool = false, widget: Widget = .textInput(), errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            FieldSpec(
                required: required ?? !Value.isOptional, label: label, helpText: helpText, initial: initial,
                disabled: disabled, widget: widget,
                toValue: { value throws(ValidationError) in
                    guard let text = textValue(value, strip: true) else { return nil }
                    guard let uuid = TextFormats.uuid(text) else { throw ValidationError(ValidationMessages.uuid) }
                    return uuid
                },
                prepare: { value in
                    (value as? UUID).map { .text($0.uuidString.lowercased()) } ?? .text("\(value)")
                }), errorMessages: errorMessages)
    }

    /// The cleaned UUID.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? UUID) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

extension UUID: PlainFormValue {
    /// The nil UUID.
    public static var emptyValue: UUID { UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
}

/// Django's `JSONField`: JSON text in a `<textarea>`, cleaned to a ``JSONValue``.
@propertyWrapper public struct JSONField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == JSONValue {
    /// The field.
    public let field: FieldBox

    /// A JSON field.
    public init(
        required: Bool? = nil, label: String? = nil, initial: JSONValue? = nil, helpText: String = "",
        disabled: Bool = false, widget: Widget = .textarea(), errorMessages: [String: String] = [:]
    ) {
        var spec = FieldSpec(
            required: required ?? !Value.isOptional, label: label, helpText: helpText, initial: initial,
            disabled: disabled, widget: widget,
            toValue: { value throws(ValidationError) in
                guard let text = value.text, !text.isEmpty else { return nil }
                guard let json = try? JSONValue(parsing: text) else { throw ValidationError(ValidationMessages.json) }
                return json
            },
            prepare: { value in .text(((value as? JSONValue) ?? .null).pythonJSON(compact: false, asciiOnly: false)) })
        // NB: as Django's, an unbound field shows `null`, and valid submitted JSON is shown as
        // Python writes it again; invalid JSON is shown as typed.
        spec.emptyWidgetValue = .text("null")
        spec.boundData = { value in
            guard let text = value.text, let json = try? JSONValue(parsing: text) else { return value }
            return .text(json.pythonJSON(compact: false, asciiOnly: false))
        }
        field = FieldBox(spec, errorMessages: errorMessages)
    }

    /// The cleaned JSON.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? JSONValue) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

extension JSONValue: PlainFormValue {
    /// `null`.
    public static var emptyValue: JSONValue { .null }
}
