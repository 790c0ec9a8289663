import Foundation
import Pony
import PonyTemplates
import PonyTesting
import Testing

@testable import PonyCache

/// Django's `{% cache %}` tag on Pony's in-memory caches: keys and error messages from Django
/// 5.2 (Fixtures/cache.json), and fragments kept through a real app.
@Suite struct FragmentCacheTests {
    struct Fixtures: Decodable {
        struct Fragment: Decodable {
            var name: String
            var varyOn: [String]
            var key: String
        }
        struct Failure: Decodable {
            var source: String
            var error: String?
        }
        var fragments: [Fragment]
        var fragmentErrors: [Failure]
    }

    static let fixtures: Fixtures = {
        let url = Bundle.module.url(forResource: "Fixtures/cache", withExtension: "json")!
        return try! JSONDecoder().decode(Fixtures.self, from: Data(contentsOf: url))
    }()

    static func library(_ caches: [String: Cache]) -> TemplateLibrary {
        var library = TemplateLibrary.builtins
        library.registerCacheTag { name in caches[name ?? "default"] }
        return library
    }

    @Test func fragmentKeysAreDjangos() {
        for fragment in Self.fixtures.fragments {
            #expect(Cache.templateFragmentKey(fragment.name, varyingOn: fragment.varyOn) == fragment.key)
        }
    }

    @Test func errorsAreDjangos() throws {
        let library = Self.library(["default": Cache()])
        for failure in Self.fixtures.fragmentErrors {
            do {
                _ = try Template(failure.source, library: library).render([:])
                #expect(failure.error == nil, "\(failure.source)")
            } catch let error as TemplateSyntaxError {
                #expect(error.message == failure.error, "\(failure.source)")
            }
        }
    }

    @Test func fragmentsAreKeptPerVaryOnValue() throws {
        let cache = Cache()
        let library = Self.library(["default": cache, "db": Cache(.database(table: "t"))])
        let template = try Template(
            "{% load cache %}[{% cache 60 box user %}{{ user }} {{ n }}{% endcache %}]", library: library)
        #expect(try template.render(["user": "ann", "n": 1]) == "[ann 1]")
        #expect(try template.render(["user": "ann", "n": 2]) == "[ann 1]")  // kept
        #expect(try template.render(["user": "bob", "n": 3]) == "[bob 3]")  // another value, another fragment
        let forever = try Template("{% cache None box %}{{ n }}{% endcache %}", library: library)
        #expect(try forever.render(["n": 1]) == "1")
        #expect(try forever.render(["n": 2]) == "1")
        let expired = try Template("{% cache 0 zero %}{{ n }}{% endcache %}", library: library)
        #expect(try expired.render(["n": 1]) == "1")
        #expect(try expired.render(["n": 2]) == "2")
        let escaped = try Template("{% cache 60 html %}{{ text }}{% endcache %}", library: library)
        #expect(try escaped.render(["text": "<b>"]) == "&lt;b&gt;")
        #expect(try escaped.render(["text": "<i>"]) == "&lt;b&gt;")  // the kept fragment is not escaped again
        let database = try Template("{% cache 60 box using='db' %}x{% endcache %}", library: library)
        #expect(throws: CacheError.notInMemory) { try database.render([:]) }
        for huge in ["1e300", "-1e300"] {  // Python's int() takes them; so does Pony, clamped
            #expect(try Template("{% cache \(huge) h %}x{% endcache %}", library: library).render([:]) == "x")
        }
        for hostile in ["'9999999999999999999999'", "'nan'", "'1.5'"] {
            #expect(throws: TemplateSyntaxError.self) {
                try Template("{% cache \(hostile) h %}x{% endcache %}", library: library).render([:])
            }
        }
    }

    @Test func anAppsTemplatesUseItsCaches() async throws {
        let app = Pony()
        app.templates["page.html"] = "{% load cache %}{% cache 60 page %}{{ n }}{% endcache %}"
        let count = PageCacheTests.Counter()
        app.get("/") { request in
            count.add()
            return try render(request, "page.html", ["n": count.value])
        }
        let client = try TestClient(app)
        #expect(await client.get("/").text == "1")
        #expect(await client.get("/").text == "1")
        try await app.cache.delete(Cache.templateFragmentKey("page"))
        #expect(await client.get("/").text == "3")
    }
}
