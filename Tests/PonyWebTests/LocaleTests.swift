import Foundation
import Pony
import PonyTesting
import Testing

/// A translated site end to end: catalogs in `locale/` beside the app, `LocaleMiddleware`
/// choosing each request's language, `set_language`, Swift views and templates translating.
@Suite struct LocaleTests {
    static let german = """
        msgid ""
        msgstr ""
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        msgid "Welcome"
        msgstr "Willkommen"

        msgid "%d new message"
        msgid_plural "%d new messages"
        msgstr[0] "%d neue Nachricht"
        msgstr[1] "%d neue Nachrichten"

        msgid "English"
        msgstr "Englisch"
        """

    /// A folder with `locale/de/LC_MESSAGES/django.po` holding `catalog`, removed after `body`.
    static func withSite(
        catalog: String = german, _ configure: (Pony) -> Void = { _ in }, _ body: (TestClient) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-locale-\(UUID().uuidString)")
        let messages = folder.appendingPathComponent("locale/de/LC_MESSAGES")
        try FileManager.default.createDirectory(at: messages, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(catalog.utf8).write(to: messages.appendingPathComponent("django.po"))
        let app = Pony(settings: Settings(baseDirectory: folder.path))
        app.settings.languages = [("en", "English"), ("de", "Deutsch")]
        app.middleware(LocaleMiddleware())
        app.templates["home.html"] = """
            {% load i18n %}{% get_current_language as lang %}<html lang="{{ lang }}">\
            {% translate "Welcome" %} {{ count }}: {{ note }}\
            {% get_available_languages as languages %}{% for code, name in languages %} {{ code }}={{ name }}{% endfor %}
            """
        app.get("") { request in
            let count = Int(request.query["n"] ?? "1") ?? 1
            let note = String(format: translate("%d new message", plural: "%d new messages", count: count), count)
            return try render(request, "home.html", ["count": count, "note": note])
        }
        app.post("i18n/setlang/") { request in try LocaleMiddleware.setLanguage(request) }
        configure(app)
        try await body(try TestClient(app))
    }

    @Test func eachRequestIsAnsweredInItsLanguage() async throws {
        try await Self.withSite { client in
            let english = await client.get("/?n=2")
            #expect(english.text.hasPrefix("<html lang=\"en\">Welcome 2: 2 new messages en=English de=Deutsch"))
            #expect(english.headers["Content-Language"] == "en")
            #expect(english.headers["Vary"]?.contains("Accept-Language") == true)

            let german = await client.get("/?n=1", headers: ["Accept-Language": "de-AT,de;q=0.9,en;q=0.5"])
            #expect(german.text.hasPrefix("<html lang=\"de\">Willkommen 1: 1 neue Nachricht en=Englisch de=Deutsch"))
            #expect(german.headers["Content-Language"] == "de")

            // A visitor's choice, kept in the cookie, wins over the header; one the site does
            // not offer is refused.
            let chooser = client
            let chosen = await chooser.post(
                "/i18n/setlang/", form: ["language": "de", "next": "/?n=5"], headers: ["Accept": "text/html"])
            #expect(chosen.status == .found)
            #expect(chosen.headers["Location"] == "/?n=5")
            #expect(chooser.cookies[LocaleMiddleware.cookieName] == "de")
            let after = await chooser.get("/?n=5", headers: ["Accept-Language": "en"])
            #expect(after.text.contains("Willkommen 5: 5 neue Nachrichten"))
            let offsite = await chooser.post(
                "/i18n/setlang/", form: ["language": "fr", "next": "https://evil.example/"],
                headers: ["Referer": "http://testserver/back/"])
            #expect(offsite.headers["Location"] == "http://testserver/back/")  // the page it came from
            #expect(chooser.cookies[LocaleMiddleware.cookieName] == "de")
            let nowhere = await chooser.post(
                "/i18n/setlang/", form: ["next": "//evil.example/"], headers: ["Referer": "https://evil.example/"])
            #expect(nowhere.headers["Location"] == "/")
            let api = await chooser.post(
                "/i18n/setlang/", form: ["language": "en"], headers: ["Accept": "application/json"])
            #expect(api.status == .noContent)
            #expect(chooser.cookies[LocaleMiddleware.cookieName] == "en")
        }
    }

    /// Without the middleware, the site speaks its `languageCode`; hostile headers and cookies
    /// get the default language, never an error.
    @Test func theDefaultLanguageAndHostileInput() async throws {
        try await Self.withSite({ app in app.settings.languageCode = "de" }) { client in
            let page = await client.get("/")
            #expect(page.text.contains("Willkommen 1: 1 neue Nachricht"))
            for header in [String(repeating: "de-", count: 5_000), "\u{0}", "de;q=NaN", "*;q=1e999", "ü"] {
                let answered = await client.get("/", headers: ["Accept-Language": header])
                #expect(answered.status == .ok)
            }
            let hostile = client
            hostile.cookies[LocaleMiddleware.cookieName] = String(repeating: "x", count: 4_000)
            #expect(await hostile.get("/").headers["Content-Language"] == "de")
        }
    }

    @Test func aBrokenCatalogStopsTheSiteWithItsLine() async throws {
        await #expect(throws: ConfigurationError.self) {
            try await Self.withSite(catalog: "msgid \"Welcome\"\nmsgstr \"Willkommen") { _ in }
        }
        do {
            try await Self.withSite(catalog: "msgid \"Welcome\"\nmsgstr \"Willkommen") { _ in }
        } catch let error as ConfigurationError {
            #expect(error.id == "translation.E100")
            #expect(error.message.contains("locale/de/LC_MESSAGES/django.po:2: expected a string in double quotes"))
        }
        var settings = Settings()
        settings.languageCode = "not a language"
        #expect(throws: ConfigurationError.self) { try settings.resolved(for: .development) }
        settings.languageCode = "fr"
        settings.languages = [("en", "English")]
        let missing = #expect(throws: ConfigurationError.self) { try settings.resolved(for: .development) }
        #expect(missing?.id == "translation.E004")
        settings.languages = [("en", "English"), ("bad code", "?")]
        #expect(throws: ConfigurationError.self) { try settings.resolved(for: .development) }
    }

    /// `makemessages` writes the catalog from the app's Swift files and templates, then keeps
    /// what translators wrote when it runs again.
    @Test func makemessagesWritesAndMergesTheCatalog() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-messages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let swift = """
            app.get("") { _ in translate("Welcome") }
            app.templates["inline.html"] = \"""
                {% load i18n %}{% translate "Inline" context "menu" %}
                \"""

            """
        try Data(swift.utf8).write(to: folder.appendingPathComponent("app.swift"))
        let page =
            "{% load i18n %}\n{% blocktranslate count n=items|length %}{{ n }} item{% plural %}{{ n }} items{% endblocktranslate %}"
        try Data(page.utf8).write(to: folder.appendingPathComponent("templates/page.html"))
        let app = Pony(settings: Settings(baseDirectory: folder.path))
        #expect(await app.main(["makemessages", "-l", "de"]) == 0)
        let path = folder.appendingPathComponent("locale/de/LC_MESSAGES/django.po")
        let written = try String(contentsOf: path, encoding: .utf8)
        #expect(written.contains("#: app.swift:1\nmsgid \"Welcome\"\nmsgstr \"\"\n"))
        #expect(written.contains("#: app.swift:3\nmsgctxt \"menu\"\nmsgid \"Inline\"\n"))
        #expect(
            written.contains(
                "#: templates/page.html:2\n#, python-format\nmsgid \"%(n)s item\"\nmsgid_plural \"%(n)s items\"\n"))
        #expect(written.contains("\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\""))

        // A translator fills one in; the code drops another: the translation stays, the
        // dropped message becomes obsolete with its translation.
        let translated = written.replacingOccurrences(
            of: "msgid \"Welcome\"\nmsgstr \"\"", with: "msgid \"Welcome\"\nmsgstr \"Willkommen\""
        )
        .replacingOccurrences(of: "msgid \"Inline\"\nmsgstr \"\"", with: "msgid \"Inline\"\nmsgstr \"Eingebettet\"")
        try Data(translated.utf8).write(to: path)
        try Data("app.get(\"\") { _ in translate(\"Welcome\") }\n".utf8).write(
            to: folder.appendingPathComponent("app.swift"))
        #expect(await app.main(["makemessages", "--all"]) == 0)
        let merged = try String(contentsOf: path, encoding: .utf8)
        #expect(merged.contains("msgid \"Welcome\"\nmsgstr \"Willkommen\""))
        #expect(merged.contains("#~ msgctxt \"menu\"\n#~ msgid \"Inline\"\n#~ msgstr \"Eingebettet\""))
        let translations = try Translations.load(from: [folder.appendingPathComponent("locale").path])
        #expect(translations.translation(for: "de", defaultLanguage: "en-us").translate("Welcome") == "Willkommen")

        #expect(await app.main(["makemessages"]) == 2)
        #expect(await app.main(["makemessages", "-l", "../etc"]) == 2)
    }
}
