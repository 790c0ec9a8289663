import Foundation
import Pony
import PonyAuth
import PonySupport
import PonyTesting
import Testing

/// `client.session()` and `client.updateSession { … }`: Django's `client.session`, read and
/// saved through the sessions app as a view would.
@Suite struct SessionTests {
    static func makeApp() -> Pony {
        let app = Pony()
        app.install(.sessions())
        app.get("cart/") { request in
            "cart: \(request.session["cart"]?.pythonJSON ?? "none")"
        }
        app.post("cart/add/") { request in
            var items: [JSONValue] = []
            if case .array(let saved)? = request.session["cart"] { items = saved }
            items.append(.int(Int64(items.count + 1)))
            request.session["cart"] = .array(items)
            return "added"
        }
        return app
    }

    @Test func aTestSetsAndReadsTheSession() async throws {
        let app = Self.makeApp()
        try await app.withTestDatabase(environment: ["DATABASE_URL": "sqlite://:memory:"]) {
            let client = try TestClient(app)
            let empty = try await client.session()
            #expect(empty.isEmpty && client.cookies.isEmpty)
            try await client.updateSession { session in session["cart"] = [7] }
            #expect(client.cookies["sessionid"] != nil)
            assertContains(await client.get("/cart/"), "cart: [7]")
            // What a view saves, the test reads.
            assertContains(await client.post("/cart/add/", form: [:]), "added")
            #expect(try await client.session()["cart"] == [7, 2])
            // Flushing empties the session and drops the cookie, as logging out does.
            try await client.updateSession { $0.flush() }
            #expect(client.cookies["sessionid"] == nil)
            assertContains(await client.get("/cart/"), "cart: none")
        }
    }

    @Test func withoutTheSessionsAppTheClientSaysWhatToInstall() async throws {
        let client = try TestClient(Pony())
        await #expect {
            try await client.updateSession { session in session["x"] = 1 }
        } throws: { error in
            "\(error)".contains("install the sessions app")
        }
    }
}
