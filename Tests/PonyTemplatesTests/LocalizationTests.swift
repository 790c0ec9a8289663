import Foundation
import PonySupport
import Testing

@testable import PonyTemplates

/// Dates, times and numbers are written in the current language's formats, as Django 5.2
/// writes them (Fixtures/l10n.json, with Django's catalog entries for the names in
/// Fixtures/l10n_locale, by Fixtures/generate_l10n.py): printed values, the `date` and `time`
/// filters' default and named formats, `floatformat` with `g` and `u`, `intcomma`,
/// `filesizeformat`, `timesince`'s words, and `{% localize %}`, `localize` and `unlocalize`,
/// for integers, floats and decimals; the number templates also with
/// `USE_THOUSAND_SEPARATOR = True` (an engine's `useThousandSeparator`).
@Suite struct LocalizationTests {
    struct Case: Decodable {
        let language: String
        let template: String
        let output: String
        /// Rendered with `USE_THOUSAND_SEPARATOR = True`.
        let grouping: Bool?
    }

    /// The generator's context, written out again.
    static let context: TemplateContext = [
        "moment": TemplateValue.date(Date(timeIntervalSince1970: 1_772_719_629)),
        "day": TemplateValue.object(TemplateDay(year: 2026, month: 12, day: 25)!),
        "t": TemplateValue.object(TemplateTime(hour: 9, minute: 5, second: 7)!),
        "past": TemplateValue.date(Date(timeIntervalSince1970: 1_735_787_045)),
        "recent": TemplateValue.date(Date(timeIntervalSince1970: 1_772_719_320)),
        "price": DjangoCorpusTests.decimal("1234567.50"), "cents": DjangoCorpusTests.decimal("-0.05"),
        "f": 1_234_567.891, "neg": -0.5, "big": 1e20, "small": 1.5e-07, "n": 1_234_567, "text": "1234567",
    ]

    @Test func datesAndNumbersAreWrittenInTheLanguagesFormats() throws {
        struct File: Decodable { let cases: [Case] }
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let cases = try JSONDecoder().decode(
            File.self, from: Data(contentsOf: fixtures.appendingPathComponent("l10n.json"))
        ).cases
        let translations = try Translations.load(from: [fixtures.appendingPathComponent("l10n_locale").path])
        #expect(cases.count == 8 * 9 + 8 * 5)
        for item in cases {
            let translation = translations.translation(for: item.language, defaultLanguage: "en-us")
            let engine = TemplateEngine(
                loaders: [DictionaryLoader(["case.html": item.template])], useThousandSeparator: item.grouping ?? false)
            let output = try translation.activate { try engine.render("case.html", Self.context) }
            #expect(
                output == item.output, "\(item.language)\(item.grouping == true ? ", grouped" : ""): \(item.template)")
        }
    }

    /// A language Django has no formats for uses the global settings: English's formats,
    /// without grouping; a regional one falls back to its language's.
    @Test func formatsFallBackAsDjangosGetFormat() {
        #expect(LocaleFormats.of(language: "en-us") == LocaleFormats.of(language: "en"))
        #expect(LocaleFormats.of(language: "de-at").date == "j. F Y")
        #expect(LocaleFormats.of(language: "xx").numberGrouping.isEmpty)
        #expect(LocaleFormats.of(language: "xx").date == "N j, Y")
    }
}
