/// Django 5.2's validation messages, under Django's own message ids, translated in the
/// current language: an app's catalog (or Django's, copied into `locale/`) translates them as
/// Django's catalogs translate Django's.
package enum ValidationMessages {
    package static var required: String { translate("This field is required.") }
    package static var cannotBeNull: String { translate("This field cannot be null.") }
    package static var cannotBeBlank: String { translate("This field cannot be blank.") }
    package static var wholeNumber: String { translate("Enter a whole number.") }
    package static var number: String { translate("Enter a number.") }
    package static var email: String { translate("Enter a valid email address.") }
    package static var url: String { translate("Enter a valid URL.") }
    package static var slug: String {
        translate("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
    }
    package static var uuid: String { translate("Enter a valid UUID.") }
    package static var ipAddress: String {
        format(translate("Enter a valid %(protocol)s address."), ["protocol": translate("IPv4 or IPv6")])
    }
    package static var json: String { translate("Enter a valid JSON.") }
    package static var date: String { translate("Enter a valid date.") }
    package static var dateTime: String { translate("Enter a valid date/time.") }
    package static var time: String { translate("Enter a valid time.") }
    package static var list: String { translate("Enter a list of values.") }
    package static var invalidModelChoice: String {
        translate("Select a valid choice. That choice is not one of the available choices.")
    }
    package static var invalidImage: String {
        translate("Upload a valid image. The file you uploaded was either not an image or a corrupted image.")
    }

    package static func maxLength(_ limit: Int, _ shown: Int) -> String {
        plural(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", limit,
            ["limit_value": String(limit), "show_value": String(shown)])
    }

    package static func minLength(_ limit: Int, _ shown: Int) -> String {
        plural(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).", limit,
            ["limit_value": String(limit), "show_value": String(shown)])
    }

    package static func maxFileNameLength(_ limit: Int, _ shown: Int) -> String {
        plural(
            "Ensure this filename has at most %(max)d character (it has %(length)d).",
            "Ensure this filename has at most %(max)d characters (it has %(length)d).", limit,
            ["max": String(limit), "length": String(shown)])
    }

    package static func maxValue(_ limit: String) -> String {
        format(translate("Ensure this value is less than or equal to %(limit_value)s."), ["limit_value": limit])
    }

    package static func minValue(_ limit: String) -> String {
        format(translate("Ensure this value is greater than or equal to %(limit_value)s."), ["limit_value": limit])
    }

    package static func step(_ size: String) -> String {
        format(translate("Ensure this value is a multiple of step size %(limit_value)s."), ["limit_value": size])
    }

    package static func step(_ size: String, offset: String, next: (String, String)) -> String {
        format(
            translate(
                "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g."
                    + " %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."),
            ["limit_value": size, "offset": offset, "valid_value1": next.0, "valid_value2": next.1])
    }

    package static func maxDigits(_ limit: Int) -> String {
        plural(
            "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s digits in total.", limit, ["max": String(limit)])
    }

    package static func maxDecimalPlaces(_ limit: Int) -> String {
        plural(
            "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s decimal places.", limit, ["max": String(limit)])
    }

    package static func maxWholeDigits(_ limit: Int) -> String {
        plural(
            "Ensure that there are no more than %(max)s digit before the decimal point.",
            "Ensure that there are no more than %(max)s digits before the decimal point.", limit,
            ["max": String(limit)])
    }

    package static func invalidChoice(_ value: String) -> String {
        format(translate("Select a valid choice. %(value)s is not one of the available choices."), ["value": value])
    }

    /// Model validation's message for a value outside a field's choices; `value` as Python's
    /// `repr` writes it.
    package static func invalidModelValue(_ value: String) -> String {
        format(translate("Value %(value)r is not a valid choice."), ["value": value])
    }

    private static func plural(_ singular: String, _ plural: String, _ count: Int, _ values: [String: String])
        -> String
    {
        format(translate(singular, plural: plural, count: count), values)
    }

    /// Python's `message % values`, for `%(name)s`, `%(name)d`, `%(name)r` (values given as
    /// text) and `%%`; a translation that does not format is left as it is rather than lost.
    package static func format(_ message: String, _ values: [String: String]) -> String {
        pythonInterpolate(message, values) ?? message
    }
}
