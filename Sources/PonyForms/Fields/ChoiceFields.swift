internal import PonyORM
internal import PonySupport

/// Django's `BooleanField`: a checkbox. As in Django, a required one must be ticked (pass
/// `required: false` for a plain yes/no).
///
/// ```swift
/// @BooleanField(required: false) var ccMyself: Bool
/// @BooleanField var acceptTerms: Bool     // must be ticked
/// ```
@propertyWrapper public struct BooleanField: FormFieldWrapper {
    /// The field.
    public let field: FieldBox

    /// A checkbox field.
    public init(
        required: Bool = true, label: String? = nil, initial: Bool? = nil, helpText: String = "",
        disabled: Bool = false, widget: Widget = .checkboxInput(), errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            FieldSpec(
                required: required, label: label, helpText: helpText, initial: initial, disabled: disabled,
                widget: widget,
                toValue: { value in
                    let checked: Bool =
                        switch value {
                        case .bool(let flag): flag
                        case .text(let text): !["false", "0", ""].contains(text.lowercased())
                        case .list(let values): !values.isEmpty
                        case .none: false
                        case .file: true
                        }
                    // NB: Django's BooleanField counts False as empty for `required`.
                    return checked ? true : nil
                },
                prepare: { value in (value as? Bool).map(WidgetValue.bool) ?? .text("\(value)") },
                emptyValue: false), errorMessages: errorMessages)
    }

    /// Whether it was ticked.
    public var wrappedValue: Bool {
        get { field.cleaned as? Bool ?? false }
        nonmutating set { field.cleaned = newValue }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Makes ``Choice``s from value–label pairs.
func choices(_ pairs: [(String, String)]) -> [Choice] { pairs.map { Choice($0.0, $0.1) } }

/// Django's `ChoiceField`: one of `choices` (a `<select>` by default), `""` when left empty
/// and not required.
///
/// ```swift
/// @ChoiceField(choices: [("s", "Small"), ("l", "Large")]) var size: String
/// ```
@propertyWrapper public struct ChoiceField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == String {
    /// The field.
    public let field: FieldBox

    /// A choice field; `required` defaults to whether `Value` is not optional.
    public init(
        choices pairs: [(String, String)], required: Bool? = nil, label: String? = nil, initial: String? = nil,
        helpText: String = "", disabled: Bool = false, widget: Widget = .select(),
        validators: [Validator<String>] = [], errorMessages: [String: String] = [:]
    ) {
        self.init(
            choices: choices(pairs), required: required, label: label, initial: initial, helpText: helpText,
            disabled: disabled, widget: widget, validators: validators, errorMessages: errorMessages)
    }

    /// A choice field of ``Choice``s, which may be grouped (``Choice/group(_:_:)``).
    public init(
        choices options: [Choice], required: Bool? = nil, label: String? = nil, initial: String? = nil,
        helpText: String = "", disabled: Bool = false, widget: Widget = .select(),
        validators: [Validator<String>] = [], errorMessages: [String: String] = [:]
    ) {
        var widget = widget
        widget.choices = options
        let values = Set(options.map(\.value))
        field = FieldBox(
            FieldSpec(
                required: required ?? !Value.isOptional, label: label, helpText: helpText, initial: initial,
                disabled: disabled, widget: widget,
                toValue: { value in
                    guard let text = value.text, !text.isEmpty else { return nil }
                    return text
                },
                validate: { value throws(ValidationError) in
                    guard let text = value as? String else { return }
                    try runChecks(
                        text, [{ values.contains($0) ? nil : ValidationMessages.invalidChoice($0) }], validators)
                },
                prepare: { value in .text((value as? String) ?? "\(value)") },
                emptyValue: Value.isOptional ? nil : ""), errorMessages: errorMessages)
    }

    /// The chosen value.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? String) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `MultipleChoiceField`: any number of `choices` (a `<select multiple>` by default,
/// or `.checkboxSelectMultiple`).
@propertyWrapper public struct MultipleChoiceField: FormFieldWrapper {
    /// The field.
    public let field: FieldBox

    /// A multiple-choice field.
    public init(
        choices pairs: [(String, String)], required: Bool = true, label: String? = nil, initial: [String]? = nil,
        helpText: String = "", disabled: Bool = false, widget: Widget = .selectMultiple(),
        validators: [Validator<[String]>] = [], errorMessages: [String: String] = [:]
    ) {
        self.init(
            choices: choices(pairs), required: required, label: label, initial: initial, helpText: helpText,
            disabled: disabled, widget: widget, validators: validators, errorMessages: errorMessages)
    }

    /// A multiple-choice field of ``Choice``s, which may be grouped (``Choice/group(_:_:)``).
    public init(
        choices options: [Choice], required: Bool = true, label: String? = nil, initial: [String]? = nil,
        helpText: String = "", disabled: Bool = false, widget: Widget = .selectMultiple(),
        validators: [Validator<[String]>] = [], errorMessages: [String: String] = [:]
    ) {
        var widget = widget
        widget.choices = options
        let values = Set(options.map(\.value))
        field = FieldBox(
            FieldSpec(
                required: required, label: label, helpText: helpText, initial: initial, disabled: disabled,
                widget: widget,
                toValue: { value throws(ValidationError) in
                    switch value {
                    case .none: return nil
                    case .list(let list): return list.isEmpty ? nil : list
                    case .text(let text): return text.isEmpty ? nil : [text]
                    case .bool, .file: throw ValidationError(ValidationMessages.list)
                    }
                },
                validate: { value throws(ValidationError) in
                    guard let list = value as? [String] else { return }
                    if let wrong = list.first(where: { !values.contains($0) }) {
                        throw ValidationError(ValidationMessages.invalidChoice(wrong))
                    }
                    try runChecks(list, [], validators)
                },
                prepare: { value in .list((value as? [String]) ?? []) },
                emptyValue: [String]()), errorMessages: errorMessages)
    }

    /// The chosen values, in the order submitted.
    public var wrappedValue: [String] {
        get { field.cleaned as? [String] ?? [] }
        nonmutating set { field.cleaned = newValue }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

/// Django's `TypedChoiceField`: one of `choices`, whose values are of a type other than text
/// (`coerce` reads the submitted text; Django's `int`); `nil` when left empty.
///
/// ```swift
/// @TypedChoiceField(choices: [(1, "One"), (2, "Two")]) var count: Int
/// ```
@propertyWrapper public struct TypedChoiceField<Value: FormValue>: FormFieldWrapper
where Value.Wrapped: LosslessStringConvertible & Hashable {
    /// The field.
    public let field: FieldBox

    /// A typed choice field; `required` defaults to whether `Value` is not optional.
    public init(
        choices pairs: [(Value.Wrapped, String)], required: Bool? = nil, label: String? = nil,
        initial: Value.Wrapped? = nil, helpText: String = "", disabled: Bool = false, widget: Widget = .select(),
        errorMessages: [String: String] = [:]
    ) {
        var widget = widget
        widget.choices = pairs.map { Choice($0.0.description, $0.1) }
        let values = Set(pairs.map(\.0))
        field = FieldBox(
            FieldSpec(
                required: required ?? !Value.isOptional, label: label, helpText: helpText, initial: initial,
                disabled: disabled, widget: widget,
                toValue: { value throws(ValidationError) in
                    guard let text = value.text, !text.isEmpty else { return nil }
                    // NB: as Django's, a value that does not convert or is not offered is an
                    // invalid choice.
                    guard let typed = Value.Wrapped(text), values.contains(typed) else {
                        throw ValidationError(ValidationMessages.invalidChoice(text))
                    }
                    return typed
                },
                prepare: { value in .text((value as? Value.Wrapped)?.description ?? "\(value)") }),
            errorMessages: errorMessages)
    }

    /// The chosen value.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? Value.Wrapped) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}
