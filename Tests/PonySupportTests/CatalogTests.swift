import Foundation
import Testing

@testable import PonySupport

/// Reading `.po` catalogs and their plural rules (what Django reads through msgfmt's `.mo`
/// files is checked in PonyTemplatesTests' I18nTests).
@Suite struct CatalogTests {
    @Test func readsWhatMsgfmtKeeps() throws {
        let source = """
            \u{FEFF}# a translator's comment
            msgid ""
            msgstr ""
            "Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"

            msgctxt "menu"
            msgid "Open"
            msgstr "Öffnen (Menü)"
            msgid "Open"
            msgstr ""
            "Öff"
            "nen"
            #, fuzzy
            msgid "Guess"
            msgstr "Raten"

            msgid "Empty"
            msgstr ""

            #~ msgid "Old"
            #~ msgstr "Alt"
            msgid "Tab\\tand \\"quote\\" and \\\\ back"
            msgstr "Tab\\tund \\"Zitat\\"\\r\\n"
            msgid "one apple"
            msgid_plural "%d apples"
            msgstr[0] "ein Apfel"
            msgstr[1] "zwei Äpfel"
            msgstr[2] "%d Äpfel"
            """.replacingOccurrences(of: "\n", with: "\r\n")
        let catalog = try Catalog(po: source)
        #expect(catalog.translation("Open", context: "menu") == "Öffnen (Menü)")
        #expect(catalog.translation("Open") == "Öffnen")
        #expect(catalog.translation("Guess") == nil)  // fuzzy
        #expect(catalog.translation("Empty") == nil)  // untranslated
        #expect(catalog.translation("Old") == nil)  // obsolete
        #expect(catalog.translation("Tab\tand \"quote\" and \\ back") == "Tab\tund \"Zitat\"\r\n")
        let forms = [1, 2, 3, 0].map { catalog.translation("one apple", plural: "%d apples", count: $0) }
        #expect(forms == ["ein Apfel", "zwei Äpfel", "%d Äpfel", "%d Äpfel"])
        #expect(catalog.pluralRule.count == 3)
        #expect(catalog.messages.count == 4)
    }

    @Test func malformedFilesSayWhere() {
        let cases: [(String, Int, String)] = [
            ("msgid \"open", 1, "expected a string in double quotes"),
            ("msgid \"a\"\nmsgstr \"b\"\nmsgfoo \"c\"", 3, "unknown keyword \"msgfoo\""),
            ("\"loose\"", 1, "a string continues no keyword"),
            ("msgid \"a\"\nmsgstr[x] \"b\"", 2, "unknown keyword \"msgstr[x]\""),
            ("msgid \"a\"\nmsgstr[100] \"b\"", 2, "unknown keyword \"msgstr[100]\""),
            ("msgid \"a\\\"", 1, "the string ends with a lone backslash"),
            ("msgid \"a\" b\"", 1, "a double quote inside a string must be written \\\""),
            ("msgid \"a\\\\\\\"", 1, "the string ends with a lone backslash"),
        ]
        for (source, line, message) in cases {
            #expect(throws: CatalogError.self, "\(source)") { try Catalog(po: source) }
            do {
                _ = try Catalog(po: source)
            } catch {
                #expect(error.line == line && error.message == message, "\(source): \(error)")
            }
        }
    }

    /// A rule is the developer's text, yet no rule and no count traps: division by zero, the
    /// one division that overflows, deep nesting and long numbers are all answered.
    @Test func hostilePluralRulesNeverTrap() {
        for header in [
            "nplurals=2; plural=n/0;", "nplurals=2; plural=n%0;", "nplurals=2; plural=n*n*n*n;",
            "nplurals=2; plural=n-1-1;", "nplurals=3; plural=(n/(0-1))%3;",
        ] {
            let rule = PluralRule(header: header)
            #expect(rule != nil, "\(header)")
            for n in [Int.min, Int.min + 1, -1, 0, 1, Int.max] { _ = rule?.form(for: n) }
        }
        #expect(PluralRule(header: "nplurals=2; plural=n/0;")?.form(for: 5) == 0)
        #expect(PluralRule(header: "nplurals=2; plural=(n/(0-1))%2;")?.form(for: Int.min) == 0)
        let deep = String(repeating: "(", count: 10_000) + "n" + String(repeating: ")", count: 10_000)
        let refused = [
            "nplurals=2; plural=\(deep);", "nplurals=2; plural=1234567890123;", "nplurals=0; plural=0;",
            "nplurals=2; plural=n ? 1;", "nplurals=2; plural=;", "nplurals=2", "plural=n;", "nplurals=2; plural=m;",
            "nplurals=2; plural=n == 1 1;", "nplurals=2; plural=" + String(repeating: "!", count: 10_000) + "n;",
        ]
        for header in refused { #expect(PluralRule(header: header) == nil, "\(header.prefix(40))") }
        #expect(PluralRule(header: "nplurals=2; plural=n!=1;")?.form(for: 1) == 0)
        #expect(PluralRule(header: " nplurals = 2 ; plural = ( n <= 1 ) ; ")?.form(for: 1) == 1)
    }

    /// Django's `to_locale`, checked against Django 5.2.
    @Test func localeNamesAreDjangos() {
        let cases = [
            "en-us": "en_US", "sr-latn": "sr_Latn", "de": "de", "pt-BR": "pt_BR", "zh-hans": "zh_Hans", "EN": "en",
            "es-419": "es_419", "de-ch-1996": "de_CH-1996", "ENG-us": "eng_US", "x": "x",
        ]
        for (code, locale) in cases { #expect(Translations.locale(of: code) == locale, "\(code)") }
    }
}
