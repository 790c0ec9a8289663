import Foundation
import Pony
import PonyTesting
import Testing

/// Language-prefixed URLs (Django's `i18n_patterns`) answered as a Django 5.2 site answers
/// them (Fixtures/i18n_patterns.json, by Fixtures/generate_i18n_patterns.py): the language a
/// path names, the redirect of an unprefixed path to the visitor's language, `reverse` under
/// the current language, `set_language` translating `next`, and the `Vary` and
/// `Content-Language` headers, with and without a prefix for the default language.
@Suite struct I18nPatternsTests {
    struct Case: Decodable {
        let prefix_default_language: Bool
        let method: String
        let target: String
        let headers: [String: String]
        let form: [String: String]
        let status: Int
        let location: String?
        let vary: String?
        let content_language: String?
        let body: String?
    }

    /// Runs `body` with a way to make clients (each with no cookies yet) of the site.
    static func withSite(
        prefixDefaultLanguage: Bool, _ body: (_ client: () throws -> TestClient) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-i18n-\(UUID().uuidString)")
        for locale in ["de", "pt_BR"] {
            let messages = folder.appendingPathComponent("locale/\(locale)/LC_MESSAGES")
            try FileManager.default.createDirectory(at: messages, withIntermediateDirectories: true)
            try Data("msgid \"\"\nmsgstr \"\"\n".utf8).write(to: messages.appendingPathComponent("django.po"))
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = Pony(settings: Settings(baseDirectory: folder.path))
        app.settings.languageCode = "en"
        app.settings.languages = [("en", "English"), ("de", "Deutsch"), ("pt-br", "Português")]
        app.middleware(LocaleMiddleware())
        app.templates["links.html"] = #"{% url "item" 3 %} {% url "plain" %}"#
        let page: @Sendable (Request) throws -> String = { request in
            "\(Translation.current.language) \(try request.reverse("about")) \(try request.reverse("item", ["pk": 7]))"
        }
        app.post("i18n/setlang/", name: "set_language") { request in try LocaleMiddleware.setLanguage(request) }
        app.get("plain/", name: "plain", page)
        app.i18n(prefixDefaultLanguage: prefixDefaultLanguage) { site in
            site.get("about/", name: "about", page)
            site.get("item/<int:pk>/", name: "item", page)
        }
        try await body { try TestClient(app) }
    }

    @Test(arguments: [true, false])
    func answersAsDjango(prefixDefaultLanguage: Bool) async throws {
        struct File: Decodable { let cases: [Case] }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/i18n_patterns", withExtension: "json"))
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
            .filter { $0.prefix_default_language == prefixDefaultLanguage }
        #expect(cases.count == 18)
        try await Self.withSite(prefixDefaultLanguage: prefixDefaultLanguage) { makeClient in
            for item in cases {
                // NB: a new client for each request, as the generator's: no cookie carries over.
                let client = try makeClient()
                var headers = Headers()
                for (name, value) in item.headers { headers[name] = value }
                let response =
                    item.method == "POST"
                    ? await client.post(
                        item.target, form: QueryDict(item.form.map { ($0.key, $0.value) }), headers: headers)
                    : await client.get(item.target, headers: headers)
                let label = "\(item.method) \(item.target) \(item.headers) \(item.form)"
                #expect(response.status.code == item.status, "\(label)")
                #expect(response.headers["Location"] == item.location, "\(label)")
                #expect(response.headers["Vary"] == item.vary, "\(label)")
                #expect(response.headers["Content-Language"] == item.content_language, "\(label)")
                if let body = item.body { #expect(response.text == body, "\(label)") }
            }
        }
    }

    /// `{% url %}` writes the current language's prefix, and `translate(_:into:)` (Django's
    /// `translate_url`) moves a URL to another language.
    @Test func templatesAndTranslatedURLs() async throws {
        try await Self.withSite(prefixDefaultLanguage: true) { makeClient in
            let site = try makeClient().site
            let german = site.languages.translation(for: "de")
            let links = try german.activate { try site.templates.render("links.html") }
            #expect(links == "/de/item/3/ /plain/")
            let english = site.languages.translation(for: "en")
            let portuguese = site.languages.translation(for: "pt-br")
            #expect(
                english.activate { site.resolver.translate("/en/item/3/?a=1", into: portuguese) }
                    == "/pt-br/item/3/?a=1")
            #expect(site.resolver.translate("/nowhere/", into: german) == "/nowhere/")
            #expect(
                site.resolver.translate("https://example.com/en/about/", into: german)
                    == "https://example.com/en/about/")
        }
    }

    /// Language-prefixed patterns inside an include are refused at start, as Django refuses them.
    @Test func onlyAtTheTopLevel() {
        let nested: [URLPattern] = [.include("blog/", [.i18n([.path("x/") { _ in "x" }])])]
        #expect(throws: ConfigurationError.self) { try URLResolver(nested) }
    }

    /// Hostile paths never trap and get a 404 or a redirect: long, odd or empty codes.
    @Test func hostilePaths() async throws {
        try await Self.withSite(prefixDefaultLanguage: true) { makeClient in
            let client = try makeClient()
            for path in [
                "/" + String(repeating: "a", count: 10_000) + "/about/", "/-/about/", "/@/", "/de@x-y-z/about/",
                "/%00/about/", "/de%2F/about/", "//about/", "/ü/about/",
            ] {
                let response = await client.get(path)
                #expect([400, 404, 302, 301].contains(response.status.code), "\(path.prefix(40))")
            }
        }
    }
}
