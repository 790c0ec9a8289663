import Foundation
import PonySupport
import PonyTemplates
import PonyTesting
import Testing

@testable import Pony
@testable import PonyAdmin
@testable import PonyAuth

/// The admin's pages carry Django's message ids, so Django's own German catalogs (the entries
/// in Fixtures/admin_locale, cut down from them by Fixtures/generate_admin_locale.py, which
/// also checks that each message the admin uses is one of Django's) translate them for a
/// visitor who asks for German.
@Suite struct AdminTranslationTests {
    static let locale = Bundle.module.url(forResource: "Fixtures/admin_locale", withExtension: nil)!

    /// Runs `body` with a client of a site that has the admin, `LocaleMiddleware` and the German
    /// catalog in its `locale/` folder.
    static func withGermanSite(_ body: (TestClient) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-admin-de-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: locale, to: folder.appendingPathComponent("locale"))
        let app = Pony(file: folder.appendingPathComponent("shop.swift").path)
        app.install(
            .sessions(), .contentTypes(), .auth(AuthSettings(hashers: TestDatabaseTests.hashers)), .messages(), .admin()
        )
        app.middleware(LocaleMiddleware())
        try await app.withTestDatabase(environment: [:]) { try await body(try TestClient(app)) }
    }

    @Test func theAdminSpeaksGermanWithDjangosCatalog() async throws {
        try await Self.withGermanSite { client in
            let german: Headers = ["Accept-Language": "de-DE,de;q=0.9"]
            let login = await client.get("/admin/login/", headers: german)
            #expect(login.text.contains(#"<html lang="de" dir="ltr""#))
            #expect(login.text.contains(#"<label for="id_username" class="required">Benutzername:</label>"#))
            #expect(login.text.contains(#"<label for="id_password" class="required">Passwort:</label>"#))
            #expect(login.text.contains(#"<input type="submit" value="Anmelden">"#))
            #expect(login.text.contains("Zum Hauptinhalt springen"))

            var ann = User(password: "", isSuperuser: true, username: "ann", isStaff: true)
            await ann.setPassword("pw-ann", hashers: TestDatabaseTests.hashers)
            try await client.forceLogin(try await ann.save())
            let index = await client.get("/admin/", headers: german)
            for text in [
                "Willkommen, <strong>ann</strong>.", "Passwort ändern", "Abmelden", "Neueste Aktionen",
                "Meine Aktionen",
                "Keine vorhanden", "Modellname", "Hinzufügen</a>", "Ändern</a>", #"title="Modelle der"#,
            ] {
                #expect(index.text.contains(text), "\(text)")
            }
            // The same pages in English for everyone else.
            let english = await client.get("/admin/")
            #expect(english.text.contains("Welcome, <strong>ann</strong>.") && english.text.contains("Recent actions"))
            #expect(english.text.contains(#"<html lang="en-us" dir="ltr""#))
        }
    }

    /// Every message Pony's extractor finds in the admin's templates (and the auth views') is
    /// one that Django's `templatize` found there too, and Django's German catalog translates it.
    @Test func everyMessageOfTheAdminsTemplatesIsInDjangosCatalog() throws {
        let po = try String(
            contentsOf: Self.locale.appendingPathComponent("de/LC_MESSAGES/django.po"), encoding: .utf8)
        let catalog = try Catalog(po: po)
        // NB: new in Django 5.2, and not yet in its German catalog.
        let untranslated: Set = [
            "After you’ve created a user, you’ll be able to edit more user options.",
            "In case you’ve forgotten, you are:",
        ]
        var count = 0
        let templates = AdminTemplates.all.merging(AuthViews.templates) { $1 }.merging(PasswordResetViews.templates) {
            $1
        }
        for (name, source) in templates {
            for message in try ExtractedMessage.inTemplate(source, file: name) where !untranslated.contains(message.id)
            {
                count += 1
                let translated =
                    message.plural.map {
                        catalog.translation(message.id, plural: $0, count: 2, context: message.context)
                    }
                    ?? catalog.translation(message.id, context: message.context)
                #expect(translated != nil, "\(name): \(message.id)")
            }
        }
        #expect(count > 100)
    }

    /// The change list, change form, history, deletion and password pages in German, with the
    /// messages, filters, field labels, model and app names that Django's catalogs translate.
    @Test func theChangeListAndFormSpeakGerman() async throws {
        try await Self.withGermanSite { client in
            let german: Headers = ["Accept-Language": "de"]
            var ann = User(password: "", isSuperuser: true, username: "ann", isStaff: true)
            await ann.setPassword("pw-ann", hashers: TestDatabaseTests.hashers)
            ann = try await ann.save()
            try await client.forceLogin(ann)
            func expectGerman(_ path: String, _ texts: [String]) async {
                let page = await client.get(path, headers: german)
                #expect(page.status == .ok, "\(path)")
                for text in texts { #expect(page.text.contains(text), "\(path): \(text)") }
            }
            await expectGerman(
                "/admin/",
                [
                    "<title>Website-Verwaltung | Pony-Systemverwaltung</title>", ">Pony-Verwaltung</a>",
                    "Authentifizierung und Autorisierung", ">Benutzer</a>", ">Gruppen</a>",
                ])
            await expectGerman(
                "/admin/auth/user/",
                [
                    "<h1>Benutzer zur Änderung auswählen</h1>", ">Benutzer hinzufügen</a>",
                    ">Ausgewählte Benutzer löschen</option>", ">Ausführen</button>", "0 von 1 ausgewählt",
                    #"data-selection-note="%(sel)s von %(cnt)s ausgewählt""#, " Nach Mitarbeiter-Status ",
                    ">Alle</a>", ">Ja</a>", ">Nein</a>", ">E-Mail-Adresse</a>", ">Vorname</a>",
                    #"aria-label="Ja""#, #"placeholder="Suchen""#,
                ])
            await expectGerman(
                "/admin/auth/user/\(ann.id!)/change/",
                [
                    "<h1>Benutzer ändern</h1>", "Persönliche Informationen", "Berechtigungen", "Wichtige Daten",
                    ">Geschichte</a>", ">Passwort ändern</a>", #"value="Sichern""#, ">Löschen</a>",
                    "Mitarbeiter-Status", "Legt fest, ob sich der Benutzer an der Administrationsseite anmelden kann.",
                    "Vorname:", "E-Mail-Adresse:",
                ])
            let saved = await client.post(
                "/admin/auth/user/\(ann.id!)/change/",
                form: [
                    "username": "ann", "first_name": "Ann", "last_name": "", "email": "", "is_active": "on",
                    "is_staff": "on", "is_superuser": "on", "_save": "1",
                ], headers: german)
            #expect(saved.status == .found)
            await expectGerman("/admin/auth/user/", ["Benutzer „ann“ wurde erfolgreich geändert."])
            await expectGerman(
                "/admin/auth/user/\(ann.id!)/history/",
                ["<h1>Änderungsgeschichte: ann</h1>", ">Datum/Zeit</th>", ">Aktion</th>", "First name geändert."])
            // German's DATETIME_FORMAT ("j. F Y H:i"), with the month's German name.
            let history = await client.get("/admin/auth/user/\(ann.id!)/history/", headers: german).text
            let months = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
            let germanDate = try Regex(#"<th scope="row">\d{1,2}\. ("# + months + #") \d{4} \d{2}:\d{2}</th>"#)
            #expect(history.contains(germanDate))
            await expectGerman(
                "/admin/auth/user/\(ann.id!)/delete/",
                ["Sind Sie sicher, dass Sie Benutzer „ann“ löschen wollen?", "Zusammenfassung", "Ja, ich bin sicher"])
            await expectGerman(
                "/admin/auth/user/\(ann.id!)/password/",
                ["<h1>Passwort ändern: ann</h1>", "Passwort bestätigen:"])
            await expectGerman("/admin/password_change/", ["Altes Passwort:", "Mein Passwort ändern"])
            await expectGerman(
                "/accounts/password_reset/",
                [
                    #"<html lang="de">"#, "<h1>Passwort zurücksetzen</h1>", "E-Mail-Adresse:",
                    "Mein Passwort zurücksetzen",
                ])
            await expectGerman("/admin/auth/", ["<h1>Authentifizierung und Autorisierung-Administration</h1>"])
        }
    }
}
