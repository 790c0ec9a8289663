internal import Foundation
internal import PonySupport

/// Django's `JavaScriptCatalog` view: a script giving the page's JavaScript the current
/// language's messages (the `djangojs` catalogs, `locale/de/LC_MESSAGES/djangojs.po`), its
/// plural rule and its formats, as Django's `gettext`, `ngettext`, `pgettext`, `npgettext`,
/// `gettext_noop`, `interpolate`, `pluralidx` and `get_format` (globally, and on `django`).
///
/// ```swift
/// app.get("jsi18n/", name: "javascript-catalog") { request in JavaScriptCatalog.response(request) }
/// // <script src="{% url "javascript-catalog" %}"></script>
/// // alert(interpolate(ngettext("%s apple", "%s apples", n), [n]))
/// ```
public enum JavaScriptCatalog {
    /// The script for the request's language (``LocaleMiddleware`` chooses it).
    public static func response(_ request: Request) -> Response {
        let site = request.site
        let language = Translation.current.language
        let translation =
            site?.javaScriptTranslations.translation(
                for: language, defaultLanguage: site?.settings.languageCode ?? language)
            ?? Translation.untranslated
        var response = Response(
            status: .ok, headers: ["Content-Type": "text/javascript; charset=utf-8"],
            body: .text(script(translation, formats: Translation.current.formats)))
        response.headers.addVary("Accept-Language")
        return response
    }

    /// The script: the catalog and formats as JSON, then the functions.
    static func script(_ translation: Translation, formats: LocaleFormats) -> String {
        let catalog = translation.messages.mapValues { forms -> Any in forms.count == 1 ? forms[0] : forms }
        let grouping: Any =
            formats.numberGrouping.count == 1
            ? formats.numberGrouping[0] : formats.numberGrouping.isEmpty ? 0 : formats.numberGrouping
        let formatValues: [String: Any] = [
            "DATE_FORMAT": formats.date, "DATETIME_FORMAT": formats.dateTime, "TIME_FORMAT": formats.time,
            "YEAR_MONTH_FORMAT": formats.yearMonth, "MONTH_DAY_FORMAT": formats.monthDay,
            "SHORT_DATE_FORMAT": formats.shortDate, "SHORT_DATETIME_FORMAT": formats.shortDateTime,
            "FIRST_DAY_OF_WEEK": formats.firstDayOfWeek, "DECIMAL_SEPARATOR": formats.decimalSeparator,
            "THOUSAND_SEPARATOR": formats.thousandSeparator, "NUMBER_GROUPING": grouping,
            "DATE_INPUT_FORMATS": formats.dateInput, "DATETIME_INPUT_FORMATS": formats.dateTimeInput,
            "TIME_INPUT_FORMATS": formats.timeInput,
        ]
        return """
            "use strict";
            (function (globals) {
              const django = globals.django || (globals.django = {});
              const catalog = \(json(catalog));
              const formats = \(json(formatValues));
              function div(a, b) { return b === 0 ? 0 : Math.floor(a / b); }
              function mod(a, b) { return b === 0 ? 0 : a - b * Math.floor(a / b); }
              django.catalog = catalog;
              django.pluralidx = function (count) { const n = Math.trunc(Number(count)) || 0; return \(translation.pluralRule.javaScript); };
              django.gettext = function (msgid) {
                const value = catalog[msgid];
                if (value === undefined) return msgid;
                return typeof value === "string" ? value : value[0];
              };
              django.ngettext = function (singular, plural, count) {
                const value = catalog[singular];
                if (value === undefined) return count == 1 ? singular : plural;
                return Array.isArray(value) ? value[django.pluralidx(count)] : value;
              };
              django.gettext_noop = function (msgid) { return msgid; };
              django.pgettext = function (context, msgid) {
                const value = django.gettext(context + "\\x04" + msgid);
                return value.includes("\\x04") ? msgid : value;
              };
              django.npgettext = function (context, singular, plural, count) {
                const value = django.ngettext(context + "\\x04" + singular, context + "\\x04" + plural, count);
                return value.includes("\\x04") ? django.ngettext(singular, plural, count) : value;
              };
              django.interpolate = function (format, values, named) {
                if (named) return format.replace(/%\\(\\w+\\)s/g, function (match) { return String(values[match.slice(2, -2)]); });
                return format.replace(/%s/g, function () { return String(values.shift()); });
              };
              django.get_format = function (name) {
                const value = formats[name];
                return value === undefined ? name : value;
              };
              for (const name of ["pluralidx", "gettext", "ngettext", "gettext_noop", "pgettext", "npgettext", "interpolate", "get_format"]) {
                globals[name] = django[name];
              }
            }(globalThis));

            """
    }

    /// JSON that is safe inside a script element too (`<` escaped).
    private static func json(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
