import Foundation
import PonyTesting
import Testing

@testable import Pony
@testable import PonyWeb

/// `Cache-Control` patched as Django 5.2's `patch_cache_control` and `add_never_cache_headers`
/// patch it (Fixtures/cache_control.json, by Fixtures/generate_cache_control.py).
@Suite struct CacheControlTests {
    struct Fixture: Decodable {
        struct Patch: Decodable {
            let existing: String?
            let directives: [[Argument]]
            let result: String
        }
        struct Never: Decodable {
            let existing: String?
            let expires: String?
            let result: String
            let keptExpires: Bool
        }
        /// A keyword's name or value: text, a number or `true`.
        enum Argument: Decodable {
            case text(String)
            case number(Int)
            case flag

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Int.self) {
                    self = .number(number)
                } else if let text = try? container.decode(String.self) {
                    self = .text(text)
                } else {
                    self = .flag
                }
            }
        }
        let patch: [Patch]
        let neverCache: [Never]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/cache_control", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// Django's keyword (`max_age=600`) as a directive.
    static func directive(_ pair: [Fixture.Argument]) throws -> CacheDirective {
        guard case .text(let name) = pair[0] else { throw CancellationError() }
        switch (name, pair[1]) {
        case ("max_age", .number(let n)): return .maxAge(n)
        case ("s_maxage", .number(let n)): return .sMaxAge(n)
        case ("stale_while_revalidate", .number(let n)): return .staleWhileRevalidate(n)
        case ("stale_if_error", .number(let n)): return .staleIfError(n)
        case ("no_cache", .text(let field)): return .noCacheField(field)
        case ("public", .flag): return .public
        case ("private", .flag): return .private
        case ("no_cache", .flag): return .noCache
        case ("no_store", .flag): return .noStore
        case ("must_revalidate", .flag): return .mustRevalidate
        case ("proxy_revalidate", .flag): return .proxyRevalidate
        case ("no_transform", .flag): return .noTransform
        case ("immutable", .flag): return .immutable
        default: throw CancellationError()
        }
    }

    @Test func patchesAsDjango() throws {
        let fixture = try Self.fixture()
        #expect(fixture.patch.count > 150)
        for item in fixture.patch {
            var response = Response.text("x")
            if let existing = item.existing { response.headers["Cache-Control"] = existing }
            response.patchCacheControl(try item.directives.map(Self.directive))
            #expect(response.headers["Cache-Control"] == item.result, "\(item.existing ?? "none") + \(item.directives)")
        }
    }

    @Test func neverCacheAsDjango() throws {
        let fixture = try Self.fixture()
        for item in fixture.neverCache {
            var response = Response.text("x")
            if let existing = item.existing { response.headers["Cache-Control"] = existing }
            if let expires = item.expires { response.headers["Expires"] = expires }
            let before = Int(Date().timeIntervalSince1970)
            response.neverCache()
            #expect(response.headers["Cache-Control"] == item.result, "\(item.existing ?? "none")")
            let expires = try #require(response.headers["Expires"])
            if item.keptExpires {
                #expect(expires == item.expires)
            } else {
                let seconds = try #require(HTTPDate.parse(expires))
                #expect(seconds >= before && seconds <= before + 2, "Expires: now")
            }
        }
    }

    @Test func routeModifiersWrapViewsButNotErrors() async throws {
        let app = Pony()
        app.neverCache.get("private/") { _ in "account" }
        app.cacheControl(.public, .maxAge(3600)).get("prices/") { _ in "prices" }
        app.cacheControl(.maxAge(60)).group("catalogue/") { catalogue in
            catalogue.get("items/") { _ in
                var response = Response.text("items")
                response.headers["Cache-Control"] = "max-age=600, public"
                return response
            }
        }
        app.neverCache.get("missing/") { _ -> Response in throw HTTPError.notFound("gone") }
        let client = try TestClient(app)
        let account = await client.get("/private/")
        #expect(account.headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private")
        #expect(account.headers["Expires"] != nil && account.text == "account")
        #expect(await client.get("/prices/").headers["Cache-Control"] == "public, max-age=3600")
        #expect(await client.get("/catalogue/items/").headers["Cache-Control"] == "max-age=60, public")
        let missing = await client.get("/missing/")
        #expect(missing.status == .notFound && missing.headers["Cache-Control"] == nil)
    }

    @Test func hostileHeadersDoNotTrap() {
        for existing in [
            "=", "==", ",,,", "max-age", "max-age=", "max-age=99999999999999999999999", "no-cache=,no-cache",
        ] {
            var response = Response.text("x")
            response.headers["Cache-Control"] = existing
            response.patchCacheControl(.maxAge(Int.max), .noCacheField(""), .other("x", value: "="))
            #expect(response.headers["Cache-Control"] != nil)
        }
    }
}
