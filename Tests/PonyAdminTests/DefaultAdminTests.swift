import Pony
import PonyTesting
import Testing

/// Installing `auth` serves the admin for users and groups, as a Django project does, until
/// `uninstall("admin")` takes it out.
@Suite struct DefaultAdminTests {
    @Test func authBringsTheAdminAlong() async throws {
        let app = Pony(file: "/tmp/pony-default-admin/app.swift")
        app.install(.sessions(), .contentTypes(), .auth())
        let client = try TestClient(app)
        let index = await client.get("/admin/")
        #expect(index.status == .found)
        #expect(index.headers["Location"] == "/admin/login/?next=%2Fadmin%2F")
        #expect(await client.get("/admin/login/").text.contains("Pony administration"))
        #expect(try app.reverse("admin:auth_user_changelist") == "/admin/auth/user/")

        app.uninstall("admin")
        #expect(await (try TestClient(app)).get("/admin/").status == .notFound)
        // Installing it again, with a site of one's own, wins over the default.
        app.adminSite.url = "backoffice/"
        #expect(await (try TestClient(app)).get("/backoffice/login/").status == .ok)
    }

    @Test func withoutAuthThereIsNoAdmin() async throws {
        let app = Pony(file: "/tmp/pony-default-admin/app.swift")
        app.get("/") { _ in "hello" }
        #expect(await (try TestClient(app)).get("/admin/").status == .notFound)
    }
}
