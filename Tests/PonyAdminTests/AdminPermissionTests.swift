import Foundation
import Pony
import PonyTesting
import Testing

@testable import PonyAdmin
@testable import PonyAuth

/// What a staff user may see and do follows Django's permissions and the admin's hooks.
@Suite struct AdminPermissionTests {
    /// Gives `sam` the permissions `codenames` (of the shop app).
    static func grant(_ codenames: [String]) async throws {
        let sam = try await User.objects.get("username", "sam")
        let keys = try await Permission.objects.filter("codename__in", codenames).fetch().compactMap(\.id)
        try await User.schema.manyToMany.first { $0.info.name == "userPermissions" }!
            .setRelated(sam, keys: keys.map { .integer(Int64($0)) })
    }

    @Test func viewOnlyStaffSeeButCannotChange() async throws {
        try await AdminTestApp.run { site in
            let (ann, _) = try await site.seed()
            try await Self.grant(["view_task"])
            try await site.logIn("sam")
            let list = await site.client.get("/admin/shop/task/")
            #expect(list.status == .ok)
            #expect(list.text.contains("Select task to view"))
            #expect(!list.text.contains("/admin/shop/task/add/"))
            // "Delete selected" needs the delete permission; the app's action needs change.
            #expect(!list.text.contains("delete_selected"))
            #expect(!list.text.contains(#"value="complete""#))
            let task = try await Task.objects.get("name", "a")
            let page = await site.client.get("/admin/shop/task/\(task.id!)/change/")
            #expect(page.status == .ok)
            #expect(page.text.contains("View task"))
            #expect(!page.text.contains(#"name="_save""#))
            #expect(!page.text.contains(#"<input type="text""#))
            let post = try await site.post(
                "/admin/shop/task/\(task.id!)/change/", [("name", "x"), ("owner", "\(ann.id!)"), ("priority", "l")])
            #expect(post.status == .forbidden)
            #expect(await site.client.get("/admin/shop/task/\(task.id!)/delete/").status == .forbidden)
            let action = try await site.post(
                "/admin/shop/task/",
                [("action", "delete_selected"), ("_selected_action", "\(task.id!)"), ("post", "yes")])
            #expect(action.status == .forbidden)
            #expect(try await Task.objects.count() == 5)
            // Owners: no permission at all.
            #expect(await site.client.get("/admin/shop/owner/").status == .forbidden)
        }
    }

    @Test func hooksNarrowRowsAndPermissions() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { admin in
                admin.listDisplay = ["name"]
                admin.queryset = { _, rows in rows.exclude("name", "Bob") }
                admin.permission = { _, permission, owner in permission != .delete || owner?.name != "Ann" }
                admin.listFilter = [
                    .custom("initial", parameter: "initial", choices: [("a", "A"), ("z", "Z")]) { rows, value in
                        rows.filter("name__istartswith", value)
                    }
                ]
            }
        }) { site in
            let (ann, bob) = try await site.seed()
            try await site.logIn("root")
            let list = await site.client.get("/admin/shop/owner/")
            #expect(list.text.contains(">Ann</a>"))
            #expect(!list.text.contains(">Bob</a>"))
            #expect(list.text.contains("By initial"))
            #expect(!(await site.client.get("/admin/shop/owner/?initial=z").text.contains(">Ann</a>")))
            // A row outside the query set is as good as missing.
            #expect(await site.client.get("/admin/shop/owner/\(bob.id!)/change/").headers["Location"] == "/admin/")
            #expect(await site.client.get("/admin/shop/owner/\(ann.id!)/delete/").status == .forbidden)
        }
    }

    @Test func userAdminNeverShowsThePasswordHash() async throws {
        try await AdminTestApp.run { site in
            try await site.logIn("root")
            let list = await site.client.get("/admin/auth/user/")
            for name in ["root", "sam", "ann"] { #expect(list.text.contains(">\(name)</a>")) }
            let ann = try await User.objects.get("username", "ann")
            let page = await site.client.get("/admin/auth/user/\(ann.id!)/change/")
            #expect(page.status == .ok)
            #expect(page.text.contains("Personal info"))
            #expect(!page.text.contains("pbkdf2_sha256"))
            #expect(!page.text.contains(#"name="password""#))
            // Saving the form keeps the password.
            let before = ann.password
            let saved = try await site.post(
                "/admin/auth/user/\(ann.id!)/change/",
                [("username", "ann"), ("first_name", "Ann"), ("is_active", "on"), ("_save", "1")])
            let errors = saved.text.matches(of: /class="errorlist[^"]*"[^>]*>(.*?)<\/ul>/).map { String($0.1) }
            #expect(saved.status == .found, "\(errors)")
            let after = try await User.objects.get("username", "ann")
            #expect(after.firstName == "Ann")
            #expect(after.password == before)
        }
    }

    @Test func assetsHaveHashedNamesAndLongCaching() async throws {
        try await AdminTestApp.run { site in
            let css = await site.client.get("/admin/" + AdminAssets.cssName)
            #expect(css.status == .ok)
            #expect(css.headers["Content-Type"] == "text/css; charset=utf-8")
            #expect(css.headers["Cache-Control"] == "public, max-age=31536000, immutable")
            #expect(css.text.contains("prefers-color-scheme:dark"))
            #expect(
                AdminAssets.cssName.range(of: #"^static/pony-admin\.[0-9a-f]{12}\.css$"#, options: .regularExpression)
                    != nil)
            #expect(await site.client.get("/admin/" + AdminAssets.jsName).status == .ok)
        }
    }
}

/// The user admin's own pages: adding a user with a password, and changing a password.
@Suite struct UserAdminTests {
    @Test func addAUserWithAPasswordThenChangeIt() async throws {
        try await AdminTestApp.run { site in
            try await site.logIn("root")
            let page = await site.client.get("/admin/auth/user/add/")
            #expect(page.text.contains("After you’ve created a user, you’ll be able to edit more user options."))
            #expect(page.text.contains(#"type="password" name="password1""#))
            // Mismatched passwords, a taken name, a bad character: Django's messages, nothing saved.
            let mismatch = try await site.post(
                "/admin/auth/user/add/", [("username", "zoe"), ("password1", "one-pass-1"), ("password2", "two")])
            #expect(mismatch.text.contains("The two password fields didn’t match."))
            let taken = try await site.post(
                "/admin/auth/user/add/", [("username", "ann"), ("password1", "pw-zoe-1"), ("password2", "pw-zoe-1")])
            #expect(taken.text.contains("A user with that username already exists."))
            let bad = try await site.post(
                "/admin/auth/user/add/", [("username", "zo e"), ("password1", "pw-zoe-1"), ("password2", "pw-zoe-1")])
            #expect(bad.text.contains("Enter a valid username."))
            #expect(try await User.objects.filter("username", "zoe").count() == 0)
            // A good one: the change page follows, and the password works.
            let added = try await site.post(
                "/admin/auth/user/add/", [("username", "zoe"), ("password1", "pw-zoe-1"), ("password2", "pw-zoe-1")])
            var zoe = try await User.objects.get("username", "zoe")
            #expect(added.headers["Location"] == "/admin/auth/user/\(zoe.id!)/change/")
            #expect(zoe.password.hasPrefix("pbkdf2_sha256$1000$"))
            #expect(try await zoe.checkPassword("pw-zoe-1", hashers: AdminTestApp.hashers))
            let change = await site.client.get("/admin/auth/user/\(zoe.id!)/change/")
            #expect(change.text.contains(#"<a href="/admin/auth/user/\#(zoe.id!)/password/">Change password</a>"#))
            // The password page.
            let changed = try await site.post(
                "/admin/auth/user/\(zoe.id!)/password/", [("password1", "new-pass-2"), ("password2", "new-pass-2")])
            #expect(changed.headers["Location"] == "/admin/auth/user/\(zoe.id!)/change/")
            zoe = try await User.objects.get("username", "zoe")
            #expect(try await zoe.checkPassword("new-pass-2", hashers: AdminTestApp.hashers))
            let log = try await LogEntry.objects.orderBy("-pk").first()
            #expect(log?.changeMessage == #"[{"changed": {"fields": ["password"]}}]"#)
        }
    }

    @Test func passwordValidatorsGuardEveryPasswordPage() async throws {
        try await AdminTestApp.run(passwordValidators: .django) { site in
            try await site.logIn("root")
            // Django puts the validators' messages on the confirmation field.
            let weak = try await site.post(
                "/admin/auth/user/add/", [("username", "zoe"), ("password1", "zoe12"), ("password2", "zoe12")])
            #expect(weak.text.contains("The password is too similar to the username."))
            #expect(weak.text.contains("This password is too short. It must contain at least 8 characters."))
            #expect(try await User.objects.filter("username", "zoe").count() == 0)
            let root = try await User.objects.get("username", "root")
            let numeric = try await site.post(
                "/admin/auth/user/\(root.id ?? 0)/password/", [("password1", "12345678"), ("password2", "12345678")])
            #expect(numeric.text.contains("This password is entirely numeric."))
            let own = try await site.post(
                "/admin/password_change/",
                [("old_password", "pw-root"), ("new_password1", "root"), ("new_password2", "root")])
            #expect(own.text.contains("The password is too similar to the username."))
            var unchanged = try await User.objects.get("username", "root")
            #expect(try await unchanged.checkPassword("pw-root", hashers: AdminTestApp.hashers))
            let added = try await site.post(
                "/admin/auth/user/add/",
                [("username", "zoe"), ("password1", "violet lantern 42"), ("password2", "violet lantern 42")])
            #expect(added.status == .found)
        }
    }

    @Test func staffWithoutTheChangePermissionCannotSetPasswords() async throws {
        try await AdminTestApp.run { site in
            try await AdminPermissionTests.grant(["view_user"])
            try await site.logIn("sam")
            let root = try await User.objects.get("username", "root")
            #expect(await site.client.get("/admin/auth/user/\(root.id!)/password/").status == .forbidden)
            #expect(await site.client.get("/admin/auth/user/add/").status == .forbidden)
        }
    }
}
