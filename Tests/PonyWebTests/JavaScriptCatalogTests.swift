import Foundation
import Pony
import PonyTesting
import Testing

/// The JavaScript catalog's functions give what Django 5.2's give, run in node on the same
/// `djangojs.po` catalogs (Fixtures/js_catalog.json and Fixtures/js_locale, by
/// Fixtures/generate_js_catalog.py): messages, Polish plurals, contexts, interpolation and
/// formats. Needs node (`PONY_TEST_NODE=1`; `.ci/run` installs it).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PONY_TEST_NODE"] != nil))
struct JavaScriptCatalogTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let language: String
            let output: String
        }
        let harness: String
        let cases: [Case]
    }

    @Test func scriptsAnswerAsDjangos() async throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/js_catalog", withExtension: "json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let locale = try #require(Bundle.module.url(forResource: "Fixtures/js_locale", withExtension: nil))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-jsi18n-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: locale, to: folder.appendingPathComponent("locale"))
        let app = Pony(settings: Settings(baseDirectory: folder.path))
        app.settings.languageCode = "en"
        app.settings.languages = [("en", "English"), ("de", "Deutsch"), ("pl", "Polski")]
        app.middleware(LocaleMiddleware())
        app.get("jsi18n/", name: "javascript-catalog") { request in JavaScriptCatalog.response(request) }
        let client = try TestClient(app)
        #expect(fixture.cases.count == 3)
        for item in fixture.cases {
            let response = await client.get("/jsi18n/", headers: ["Accept-Language": item.language])
            #expect(response.headers["Content-Type"] == "text/javascript; charset=utf-8")
            #expect(!response.text.contains("</script>"), "\(item.language)")
            let script = folder.appendingPathComponent("\(item.language).js")
            try Data((response.text + fixture.harness).utf8).write(to: script)
            let node = Process()
            node.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            node.arguments = ["node", script.path]
            let (pipe, errors) = (Pipe(), Pipe())
            node.standardOutput = pipe
            node.standardError = errors
            try node.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            node.waitUntilExit()
            #expect(node.terminationStatus == 0, "\(problems)")
            let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text == item.output, "\(item.language)")
        }
    }
}
