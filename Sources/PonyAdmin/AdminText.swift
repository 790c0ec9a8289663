internal import PonyForms
internal import PonySupport

// The admin's own words are Django's message ids, so Django's catalogs (`django.po` of
// `django.contrib.admin`, `auth` and Django's core, copied into `locale/`) translate them.
// Each is looked up in the current language and filled in as Django fills it: `%` for
// `%(name)s` and `%s`, `str.format` for `{name}`.
//
// NB: a translation that does not fill in (a catalog naming a value the message lacks) falls
// back to the English message, as the template tags do, so a bad catalog cannot break a page.

/// The admin's messages in the current language.
enum AdminText {
    /// `gettext(message) % values`.
    static func format(_ message: String, _ values: [String: String]) -> String {
        fill(translate(message), message) { pythonInterpolate($0, values, kinds: "sd") }
    }

    /// `ngettext(singular, plural, count) % values`.
    static func format(_ singular: String, plural: String, count: Int, _ values: [String: String]) -> String {
        fill(translate(singular, plural: plural, count: count), count == 1 ? singular : plural) {
            pythonInterpolate($0, values, kinds: "sd")
        }
    }

    /// `gettext(message) % value` for a message with one `%s`.
    static func format(_ message: String, _ value: String) -> String {
        fill(translate(message), message) { positional($0, value) }
    }

    /// `gettext(message).format(**values)` for a message with `{name}` fields.
    static func braces(_ message: String, _ values: [String: String]) -> String {
        fill(translate(message), message) { braced($0, values) }
    }

    /// `gettext(message)`; also for verbose names (`"user"`, `"first name"`), which Django marks
    /// with `gettext_lazy` so that they translate where they show.
    static func text(_ message: String) -> String { translate(message) }

    /// `ngettext(singular, plural, count)`, left to be filled in later (by the admin's script).
    static func text(_ singular: String, plural: String, count: Int) -> String {
        translate(singular, plural: plural, count: count)
    }

    private static func fill(_ translated: String, _ original: String, _ body: (String) -> String?) -> String {
        body(translated) ?? body(original) ?? original
    }

    /// Python's `message % value` for one `%s` (and `%%`); `nil` where Python raises.
    private static func positional(_ message: String, _ value: String) -> String? {
        var result = ""
        var used = false
        var rest = Substring(message)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            rest = rest[rest.index(after: percent)...]
            switch rest.first {
            case "%": result += "%"
            case "s" where !used:
                result += value
                used = true
            default: return nil
            }
            rest = rest.dropFirst()
        }
        return used ? result + rest : nil
    }

    /// Python's `message.format(**values)` for `{name}` (and `{{`, `}}`); `nil` where Python raises.
    private static func braced(_ message: String, _ values: [String: String]) -> String? {
        var result = ""
        var rest = Substring(message)
        while let brace = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            result += rest[..<brace]
            let character = rest[brace]
            rest = rest[rest.index(after: brace)...]
            if rest.first == character {
                result.append(character)
                rest = rest.dropFirst()
                continue
            }
            guard character == "{", let close = rest.firstIndex(of: "}"), let value = values[String(rest[..<close])]
            else { return nil }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

extension Form {
    /// The changed fields' labels as written, for a log entry: Django logs them untranslated
    /// and translates them when it shows the entry.
    var changedLabels: [String] { Translation.untranslated.activate { changedData.compactMap { self[$0]?.label } } }
}
