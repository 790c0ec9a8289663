import Foundation
import PonyTesting
import Testing

@testable import Pony
@testable import PonyAuth

/// The admin's pages carry Django's message ids, so Django's own German catalogs (the entries
/// in Fixtures/admin_locale, cut down from them by Fixtures/generate_admin_locale.py)
/// translate them for a visitor who asks for German.
@Suite struct AdminTranslationTests {
    static let locale = Bundle.module.url(forResource: "Fixtures/admin_locale", withExtension: nil)!

    @Test func theAdminSpeaksGermanWithDjangosCatalog() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-admin-de-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.locale, to: folder.appendingPathComponent("locale"))
        let app = Pony(file: folder.appendingPathComponent("shop.swift").path)
        app.install(
            .sessions(), .contentTypes(), .auth(AuthSettings(hashers: TestDatabaseTests.hashers)), .messages(), .admin()
        )
        app.middleware(LocaleMiddleware())
        try await app.withTestDatabase(environment: [:]) {
            let client = try TestClient(app)
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
}
