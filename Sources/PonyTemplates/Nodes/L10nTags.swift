internal import PonySupport

/// Django's `{% load l10n %}`: the `localize` tag (`{% localize off %}…{% endlocalize %}`) and
/// the `localize` and `unlocalize` filters. Printed numbers and dates are localized by
/// default, as in Django 5.
enum L10nTags {
    static let all: [String: TagParser] = ["localize": parseLocalize]

    static let filters: [TemplateFilter] = [
        TemplateFilter("localize") { value, _, _ in
            .string(localized(value, localize: true, grouping: NumberFormat.useThousandSeparator) ?? value.text)
        },
        TemplateFilter("unlocalize") { value, _, _ in .string(localized(value, localize: false) ?? value.text) },
    ]

    /// Django's `localize_tag`: `{% localize %}` (on), `{% localize on %}` or `{% localize off %}`.
    static func parseLocalize(_ parser: inout Parser, _ token: Token) throws(TemplateSyntaxError) -> any Node {
        let words = token.words
        guard words.count == 1 || (words.count == 2 && (words[1] == "on" || words[1] == "off")) else {
            throw TemplateSyntaxError("'localize' argument should be 'on' or 'off'", at: token)
        }
        let body = try parser.parse(until: ["endlocalize"], openedBy: token)
        _ = parser.nextToken()
        return LocalizeNode(enabled: words.count == 1 || words[1] == "on", body: body)
    }

    /// Django's `formats.localize`: a float, decimal, date, datetime or time in the current language's
    /// formats, or with `localize` off in the global settings' (English's, without grouping);
    /// `nil` for other values, which print as they are. With `grouping` (Django's
    /// `USE_THOUSAND_SEPARATOR`), localized numbers, integers too, get the language's
    /// thousand separator.
    static func localized(_ value: TemplateValue, localize: Bool, grouping: Bool = false) -> String? {
        // NB: the formats are read only for the values that need them (a task-local read).
        var formats: LocaleFormats { localize ? DateFormat.formats : LocaleFormats.global }
        let grouped = localize && grouping
        switch value {
        case .int(let number) where grouped:
            return NumberFormat.localized(String(number), grouping: true, formats: formats)
        case .double(let number):
            return NumberFormat.localized(PythonFormat.localized(number), grouping: grouped, formats: formats)
        case .decimal(let number, let places):
            return PythonDecimal.localized(number, places: places, formats: formats, grouping: grouped)
        case .date(let date): return DateFormat.format(date, formats.dateTime)
        case .object(let day as TemplateDay): return day.formatted(formats.date)
        case .object(let time as TemplateTime): return DateFormat.format(time.instant, formats.time, in: DateFormat.utc)
        default: return nil
        }
    }
}

/// `{% localize %}`: whether the values printed inside are localized (Django's `use_l10n`).
struct LocalizeNode: Node {
    let enabled: Bool
    let body: [any Node]

    func render(_ context: RenderContext, into output: inout String) throws {
        let previous = context.localize
        context.localize = enabled
        defer { context.localize = previous }
        try body.render(context, into: &output)
    }
}
