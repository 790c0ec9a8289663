/// Django 5.2's validation messages, under Django's own message ids, translated in the
/// current language: an app's catalog (or Django's, copied into `locale/`) translates them as
/// Django's catalogs translate Django's.
package enum ValidationMessages {
    package static var required: String { message("required", "This field is required.") }
    package static var cannotBeNull: String { message("null", "This field cannot be null.") }
    package static var cannotBeBlank: String { message("blank", "This field cannot be blank.") }
    package static var wholeNumber: String { message("invalid", "Enter a whole number.") }
    package static var number: String { message("invalid", "Enter a number.") }
    package static var email: String { message("invalid", "Enter a valid email address.") }
    package static var url: String { message("invalid", "Enter a valid URL.") }
    package static var slug: String {
        message("invalid", "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
    }
    package static var uuid: String { message("invalid", "Enter a valid UUID.") }
    package static var ipAddress: String {
        message("invalid", "Enter a valid %(protocol)s address.", ["protocol": translate("IPv4 or IPv6")])
    }
    package static var json: String { message("invalid", "Enter a valid JSON.") }
    package static var date: String { message("invalid", "Enter a valid date.") }
    package static var dateTime: String { message("invalid", "Enter a valid date/time.") }
    package static var time: String { message("invalid", "Enter a valid time.") }
    package static var list: String { message("invalid_list", "Enter a list of values.") }
    package static var invalidModelChoice: String {
        message("invalid_choice", "Select a valid choice. That choice is not one of the available choices.")
    }
    package static var invalidImage: String {
        message(
            "invalid_image", "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
        )
    }

    package static func maxLength(_ limit: Int, _ shown: Int) -> String {
        plural(
            "max_length", "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", limit,
            ["limit_value": String(limit), "show_value": String(shown)])
    }

    package static func minLength(_ limit: Int, _ shown: Int) -> String {
        plural(
            "min_length", "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).", limit,
            ["limit_value": String(limit), "show_value": String(shown)])
    }

    package static func maxFileNameLength(_ limit: Int, _ shown: Int) -> String {
        plural(
            "max_length", "Ensure this filename has at most %(max)d character (it has %(length)d).",
            "Ensure this filename has at most %(max)d characters (it has %(length)d).", limit,
            ["max": String(limit), "length": String(shown)])
    }

    package static func maxValue(_ limit: String) -> String {
        message("max_value", "Ensure this value is less than or equal to %(limit_value)s.", ["limit_value": limit])
    }

    package static func minValue(_ limit: String) -> String {
        message("min_value", "Ensure this value is greater than or equal to %(limit_value)s.", ["limit_value": limit])
    }

    package static func step(_ size: String) -> String {
        message("step_size", "Ensure this value is a multiple of step size %(limit_value)s.", ["limit_value": size])
    }

    package static func step(_ size: String, offset: String, next: (String, String)) -> String {
        message(
            "step_size",
            "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g."
                + " %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on.",
            ["limit_value": size, "offset": offset, "valid_value1": next.0, "valid_value2": next.1])
    }

    package static func maxDigits(_ limit: Int) -> String {
        plural(
            "max_digits", "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s digits in total.", limit, ["max": String(limit)])
    }

    package static func maxDecimalPlaces(_ limit: Int) -> String {
        plural(
            "max_decimal_places", "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s decimal places.", limit, ["max": String(limit)])
    }

    package static func maxWholeDigits(_ limit: Int) -> String {
        plural(
            "max_whole_digits", "Ensure that there are no more than %(max)s digit before the decimal point.",
            "Ensure that there are no more than %(max)s digits before the decimal point.", limit,
            ["max": String(limit)])
    }

    package static func invalidChoice(_ value: String) -> String {
        message(
            "invalid_choice", "Select a valid choice. %(value)s is not one of the available choices.", ["value": value])
    }

    /// Model validation's message for a value outside a field's choices; `value` as Python's
    /// `repr` writes it.
    package static func invalidModelValue(_ value: String) -> String {
        message("invalid_choice", "Value %(value)r is not a valid choice.", ["value": value])
    }

    package static var emptyFile: String { message("empty", "The submitted file is empty.") }
    package static var noFile: String {
        message("invalid", "No file was submitted. Check the encoding type on the form.")
    }
    package static var fileContradiction: String {
        message("contradiction", "Please either submit a file or check the clear checkbox, not both.")
    }

    /// Model validation's message for a value another row has (`unique`).
    package static func unique(model: String, field: String) -> String {
        message(
            "unique", "%(model_name)s with this %(field_label)s already exists.",
            ["model_name": model, "field_label": field])
    }

    /// Messages an app gives in place of Django's, by Django's error code (`required`,
    /// `invalid`, `max_length`, …): a field's `errorMessages`, while that field is validated.
    /// As in Django, one is formatted with the error's values (`%(limit_value)s`) when it has
    /// any.
    @TaskLocal package static var overrides: [String: String] = [:]

    /// The app's message for `code`, else Django's message `id`, translated, and formatted
    /// with `values` when there are any.
    private static func message(_ code: String, _ id: String, _ values: [String: String]? = nil) -> String {
        let text = translate(overrides[code] ?? id)
        guard let values else { return text }
        return format(text, values)
    }

    private static func plural(
        _ code: String, _ singular: String, _ plural: String, _ count: Int, _ values: [String: String]
    ) -> String {
        if let custom = overrides[code] { return format(translate(custom), values) }
        return format(translate(singular, plural: plural, count: count), values)
    }

    /// Python's `message % values`, for `%(name)s`, `%(name)d`, `%(name)r` (values given as
    /// text) and `%%`; a translation that does not format is left as it is rather than lost.
    package static func format(_ message: String, _ values: [String: String]) -> String {
        pythonInterpolate(message, values) ?? message
    }
}
