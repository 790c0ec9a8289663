import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

@testable import PonyAuth

/// The auth app's `user` and `perms` in templates render as Django 5.2's auth context
/// processor does, for an anonymous visitor, a user with a permission of her own, one with a
/// group's, a superuser and an inactive user (fixture `auth_context.json`, from
/// `generate_auth_context.py` and real Django), on SQLite and PostgreSQL.
@Suite struct AuthContextTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let user: String?
            let body: String
        }
        let template: String
        let cases: [Case]
    }

    static func permission(_ name: String) async throws -> Permission {
        let parts = name.split(separator: ".").map(String.init)
        return try await Permission.objects.filter("contentType__appLabel", parts[0]).filter("codename", parts[1])
            .get()
    }

    @Test(arguments: UserModelTests.backends) func userAndPermsAreDjangos(backend: String) async throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/auth_context.json", withExtension: nil))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let app = Pony(file: "/tmp/auth/app.swift")
        app.install(.sessions(), .contentTypes(), .auth(AuthViewTests.settings))
        app.templates["page.html"] = fixture.template
        app.get("page/") { request in try render(request, "page.html") }
        try await UserModelTests.withAuthDatabase(on: backend) { _ in
            _ = try await AuthCommands.createContentTypesAndPermissions(for: AppConfig.auth.models)
            for (name, superuser, active) in [("ann", false, true), ("bob", false, true), ("root", true, true)]
                + [("off", false, false)]
            {
                var user = User(password: "", isSuperuser: superuser, username: name, isActive: active)
                if name == "ann" { (user.firstName, user.lastName, user.isStaff) = ("Ann", "Lee", true) }
                if superuser { user.isStaff = true }  // as createsuperuser makes one
                await user.setPassword("pw-\(name)", hashers: AuthTests.fast)
                try await user.save()
            }
            let ann = try await User.objects.get(Q("username", "ann"))
            try await ann.related(\.userPermissions).add(try await Self.permission("auth.add_user"))
            let off = try await User.objects.get(Q("username", "off"))
            try await off.related(\.userPermissions).add(try await Self.permission("auth.add_user"))
            let editors = try await Group(name: "editors").save()
            try await editors.related(\.permissions).add(try await Self.permission("auth.change_group"))
            try await User.objects.get(Q("username", "bob")).related(\.groups).add(editors)

            #expect(fixture.cases.count == 5)
            for django in fixture.cases {
                let client = try TestClient(app)
                if let name = django.user {
                    _ = try await AuthViewTests.logIn(client, name, "pw-\(name)")
                }
                let page = await client.get("/page/").text
                #expect(page == django.body, "\(django.user ?? "anonymous")")
            }
        }
    }
}
