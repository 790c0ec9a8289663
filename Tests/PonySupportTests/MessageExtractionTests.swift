import Testing

@testable import PonySupport

/// `makemessages`' side in Swift: the messages of `translate(…)` calls, and merging them into
/// a translated `.po` file as `msgmerge` does.
@Suite struct MessageExtractionTests {
    @Test func translateCallsInSwiftSource() {
        let source = #"""
            let a = translate("Welcome")  // translate("in a comment")
            /* translate("in a /* nested */ comment") */
            let b = translate("%d item", plural: "%d items", count: items.count(of: "x"))
            let c = translate("May", context: "month")
            let d = Translation.current.translate(
                "Tab\tand \"quote\" \u{1F600}",
                context: "multi")
            let e = translate("Hello \(name)")         // interpolated: skipped
            let f = translate(title)                    // not a literal: skipped
            let g = translate("a" + "b")                // an expression: skipped
            let h = "translate(\"inside a string\")"
            let i = mytranslate("other")
            let j = translate(#"raw"#)
            let k = translate("After", plural: "Afters", count: n, context: "after")
            """#
        let found = ExtractedMessage.inSwift(source, file: "app.swift")
        #expect(
            found == [
                ExtractedMessage(id: "Welcome", file: "app.swift", line: 1),
                ExtractedMessage(id: "%d item", plural: "%d items", file: "app.swift", line: 3),
                ExtractedMessage(context: "month", id: "May", file: "app.swift", line: 4),
                ExtractedMessage(context: "multi", id: "Tab\tand \"quote\" 😀", file: "app.swift", line: 5),
                ExtractedMessage(context: "after", id: "After", plural: "Afters", file: "app.swift", line: 14),
            ])
        // Unfinished source never traps: every prefix of the source above, and a few more.
        for end in source.indices { _ = ExtractedMessage.inSwift(String(source[..<end]), file: "x.swift") }
        for broken in ["translate(", "translate(\"open", "translate(\"a\", plural:", "/* translate(\"x\")", "\"\\u{"] {
            _ = ExtractedMessage.inSwift(broken, file: "x.swift")
        }
    }

    /// Verbose names, help texts and labels are message ids too (Django's `gettext_lazy` on
    /// `verbose_name=_("…")`), so their literals are extracted with the `translate` calls.
    @Test func verboseNamesHelpTextsAndLabelsInSwiftSource() {
        let source = #"""
            @Model(verboseName: "entry", verboseNamePlural: "entries")
            struct Entry {
                @Field(maxLength: 30, verboseName: "first name", helpText: "Your given name.") var firstName: String
                @Field(helpText: "") var note: String         // empty: skipped
                @Field(verboseName: name) var other: String   // not a literal: skipped
            }
            final class NoteForm: Form {
                @CharField(label:
                    "Your name") var name: String
            }
            func make(label: String, helpText: String = "x") {}   // a declaration: skipped
            let d = ["label": "not a label"]
            let t = translate("Welcome", context: "greeting")
            """#
        #expect(
            ExtractedMessage.inSwift(source, file: "app.swift") == [
                ExtractedMessage(id: "entry", file: "app.swift", line: 1),
                ExtractedMessage(id: "entries", file: "app.swift", line: 1),
                ExtractedMessage(id: "first name", file: "app.swift", line: 3),
                ExtractedMessage(id: "Your given name.", file: "app.swift", line: 3),
                ExtractedMessage(id: "Your name", file: "app.swift", line: 9),
                ExtractedMessage(context: "greeting", id: "Welcome", file: "app.swift", line: 13),
            ])
        for end in source.indices { _ = ExtractedMessage.inSwift(String(source[..<end]), file: "x.swift") }
    }

    @Test func mergingKeepsTranslationsAndRetiresOldMessages() throws {
        let existing = try POFile(
            parsing: """
                msgid ""
                msgstr ""
                "Language: de\\n"
                "POT-Creation-Date: 2020-01-01 00:00+0000\\n"
                "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

                # Keep it short.
                #: old.swift:9
                msgid "Welcome"
                msgstr "Willkommen"

                msgid "Gone"
                msgstr "Weg"

                msgid "Never translated and gone"
                msgstr ""
                """)
        let messages = [
            ExtractedMessage(id: "Welcome", file: "templates/home.html", line: 3),
            ExtractedMessage(id: "%d item", plural: "%d items", file: "app.swift", line: 7),
            ExtractedMessage(id: "Welcome", file: "app.swift", line: 2),
        ]
        let merged = existing.merging(messages, language: "de", date: "2026-12-07 10:00+0000")
        #expect(
            merged.text == """
                msgid ""
                msgstr ""
                "Language: de\\n"
                "POT-Creation-Date: 2026-12-07 10:00+0000\\n"
                "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

                # Keep it short.
                #: app.swift:2 templates/home.html:3
                msgid "Welcome"
                msgstr "Willkommen"

                #: app.swift:7
                #, python-format
                msgid "%d item"
                msgid_plural "%d items"
                msgstr[0] ""
                msgstr[1] ""

                #~ msgid "Gone"
                #~ msgstr "Weg"

                """)
        #expect(try POFile(parsing: merged.text) == merged)
        #expect(Catalog(merged).translation("Welcome") == "Willkommen")
        #expect(Catalog(merged).translation("Gone") == nil)
        let dropped = existing.merging(messages, language: "de", keepObsolete: false, date: "x")
        #expect(!dropped.text.contains("Gone"))

        let fresh = POFile().merging(messages, language: "pl", date: "2026-12-07 10:00+0000")
        #expect(fresh.entries[0].isFuzzy)
        #expect(fresh.header?.contains("Language: pl\n") == true)
        #expect(Catalog(fresh).pluralRule.count == 3)
        #expect(fresh.entries.last?.forms == ["", "", ""])
        let unknown = POFile().merging(messages, language: "tlh", date: "")
        #expect(unknown.header?.contains("Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\n") == true)
    }
}
