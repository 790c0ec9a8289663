public import Foundation
public import PonyORM
internal import PonySupport

/// UTC, the zone dates without an offset are read and shown in.
let utc = TimeZone(secondsFromGMT: 0) ?? .current

extension DateParsing.Parts {
    init(_ date: CalendarDate) { (year, month, day) = (date.year, date.month, date.day) }

    init(_ time: TimeOfDay) {
        (hour, minute, second, microsecond) = (time.hour, time.minute, time.second, time.microsecond)
    }

    init(_ instant: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
        hour = parts.hour ?? 0
        minute = parts.minute ?? 0
        second = parts.second ?? 0
    }
}

/// The spec of a date or time field: text read by `parse` (an `invalid` message when it
/// reads nothing), typed values written with the widget's format (or, as Django's widgets,
/// the first of the current language's input formats that `defaultFormats` picks).
func temporalSpec<T: Sendable>(
    required: Bool, label: String?, initial: T?, helpText: String, disabled: Bool, widget: Widget,
    defaultFormats: @escaping @Sendable (LocaleFormats) -> [String], invalid: String,
    parse: @escaping @Sendable (String) -> T?,
    parts: @escaping @Sendable (T) -> DateParsing.Parts
) -> FieldSpec {
    let format = widget.dateFormat
    return FieldSpec(
        required: required, label: label, helpText: helpText, initial: initial, disabled: disabled, widget: widget,
        toValue: { value throws(ValidationError) in
            guard let text = textValue(value, strip: true) else { return nil }
            guard let typed = parse(text) else { throw ValidationError(invalid) }
            return typed
        },
        prepare: { value in
            guard let typed = value as? T else { return .text("\(value)") }
            let chosen = format ?? defaultFormats(Translation.current.formats).first ?? "%Y-%m-%d"
            return .text(DateParsing.format(chosen, parts(typed)))
        })
}

/// Django's `DateField`: a day, typed as `2026-12-03`, `12/03/2026`, `Dec 3 2026`, … (Django's
/// `DATE_INPUT_FORMATS`), cleaned to a ``CalendarDate``.
@propertyWrapper public struct DateField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == CalendarDate {
    /// The field.
    public let field: FieldBox

    /// A date field; `inputFormats` are `strptime` formats tried in order (by default the
    /// current language's `DATE_INPUT_FORMATS`, as Django's).
    public init(
        required: Bool? = nil, label: String? = nil, initial: CalendarDate? = nil, helpText: String = "",
        disabled: Bool = false, inputFormats: [String]? = nil, widget: Widget = .dateInput(),
        errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            temporalSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, defaultFormats: \.dateInput, invalid: ValidationMessages.date,
                parse: { text in
                    let formats = inputFormats ?? Translation.current.formats.dateInput
                    return DateParsing.parse(text, formats: formats, valid: { $0.date != nil })?.date
                },
                parts: DateParsing.Parts.init), errorMessages: errorMessages)
    }

    /// The cleaned day.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? CalendarDate) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

extension CalendarDate: PlainFormValue {
    /// 0001-01-01.
    public static var emptyValue: CalendarDate { .min }
}

/// Django's `DateTimeField`: a moment, typed as ISO 8601 (`2026-12-03T14:05`, with an
/// optional offset) or one of Django's `DATETIME_INPUT_FORMATS`; text without an offset is
/// read in UTC. Cleaned to a `Date`.
@propertyWrapper public struct DateTimeField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == Date {
    /// The field.
    public let field: FieldBox

    /// A date-and-time field; `inputFormats` are `strptime` formats tried in order (by default
    /// the current language's `DATETIME_INPUT_FORMATS`, then its `DATE_INPUT_FORMATS`).
    public init(
        required: Bool? = nil, label: String? = nil, initial: Date? = nil, helpText: String = "",
        disabled: Bool = false, inputFormats: [String]? = nil, widget: Widget = .dateTimeInput(),
        errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            temporalSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, defaultFormats: \.dateTimeInput,
                invalid: ValidationMessages.dateTime,
                parse: { text in
                    let language = Translation.current.formats
                    let formats = inputFormats ?? language.dateTimeInput + language.dateInput
                    return
                        (DateParsing.isoDateTime(text)
                        ?? DateParsing.parse(text, formats: formats) { $0.instant(in: utc) != nil })?
                        .instant(in: utc)
                },
                parts: { DateParsing.Parts($0, in: utc) }), errorMessages: errorMessages)
    }

    /// The cleaned moment.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? Date) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

extension Date: PlainFormValue {
    /// The reference date (2001-01-01).
    public static var emptyValue: Date { Date(timeIntervalSinceReferenceDate: 0) }
}

/// Django's `TimeField`: a time of day (`14:05`, `14:05:09`, `14:05:09.5`), cleaned to a
/// ``TimeOfDay``.
@propertyWrapper public struct TimeField<Value: FormValue>: FormFieldWrapper where Value.Wrapped == TimeOfDay {
    /// The field.
    public let field: FieldBox

    /// A time field; `inputFormats` are `strptime` formats tried in order (by default the
    /// current language's `TIME_INPUT_FORMATS`).
    public init(
        required: Bool? = nil, label: String? = nil, initial: TimeOfDay? = nil, helpText: String = "",
        disabled: Bool = false, inputFormats: [String]? = nil, widget: Widget = .timeInput(),
        errorMessages: [String: String] = [:]
    ) {
        field = FieldBox(
            temporalSpec(
                required: required ?? !Value.isOptional, label: label, initial: initial, helpText: helpText,
                disabled: disabled, widget: widget, defaultFormats: \.timeInput, invalid: ValidationMessages.time,
                parse: { text in
                    let formats = inputFormats ?? Translation.current.formats.timeInput
                    return DateParsing.parse(text, formats: formats, valid: { $0.time != nil })?.time
                },
                parts: DateParsing.Parts.init), errorMessages: errorMessages)
    }

    /// The cleaned time.
    public var wrappedValue: Value {
        get { Value.from(field.cleaned as? TimeOfDay) }
        nonmutating set { field.cleaned = newValue.wrapped }
    }
    /// The field itself.
    public var projectedValue: FieldBox { field }
}

extension TimeOfDay: PlainFormValue {
    /// Midnight.
    public static var emptyValue: TimeOfDay { .midnight }
}
