import Foundation
import Testing

/// `pony run Examples/members.swift`: Django's contrib apps migrated on the first run, then a
/// browser's visit with curl's cookie jar: sign up (with the CSRF token of the form), the
/// members' page, a page refused to a non-staff member, logout, and the login page.
@Suite(.serialized) struct MembersExampleTests {
    /// curl with a cookie jar; returns the status code and the body.
    static func curl(_ jar: URL, _ arguments: [String]) async throws -> (status: Int, body: String) {
        let result = try await CLI.run(
            "/usr/bin/env", ["curl", "-s", "-c", jar.path, "-b", jar.path, "-w", "\n%{http_code}"] + arguments)
        var lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    static func token(_ page: String) -> String {
        page.firstMatch(of: /name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"/).map { String($0.1) } ?? ""
    }

    @Test func signsUpLogsInAndOut() async throws {
        let file = try CLI.copyExample("members.swift")
        let directory = file.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jar = directory.appendingPathComponent("cookies.txt")
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        let server = try Background(try CLI.pony, ["run", file.path, "127.0.0.1:\(port)"])
        defer { server.stop() }
        let home = await CLI.waitFor(url + "/", timeout: CLI.firstBuildTimeout) { status, _ in status == 200 }
        #expect(home?.body.contains("Welcome") == true, "\(server.output.suffix(3000))")
        #expect(server.output.contains("Applying auth.0012_alter_user_first_name_max_length... OK"))

        #expect(try await Self.curl(jar, [url + "/members/"]).status == 302)
        // With auth installed, the admin is there for users and groups, as in a Django project.
        #expect(try await Self.curl(jar, [url + "/admin/"]).status == 302)
        let form = try await Self.curl(jar, [url + "/signup/"])
        // Without the token: Django's CSRF 403.
        #expect(try await Self.curl(jar, ["-d", "username=ann", url + "/signup/"]).status == 403)
        let signup = try await Self.curl(
            jar,
            [
                "-L", "-d",
                "csrfmiddlewaretoken=\(Self.token(form.body))&username=ann&password1=s3cret-pass&password2=s3cret-pass",
                url + "/signup/",
            ])
        #expect(signup.status == 200)
        #expect(signup.body.contains("Hello, ann."), "\(signup.body.prefix(500)) \(server.output.suffix(2000))")
        #expect(signup.body.contains(#"<p class="success">Welcome, ann! You are signed up.</p>"#))
        // Shown once.
        #expect(try await !Self.curl(jar, [url + "/members/"]).body.contains("Welcome, ann!"))
        #expect(try await Self.curl(jar, [url + "/staff/"]).status == 403)

        let page = try await Self.curl(jar, [url + "/"])
        #expect(page.body.contains("Welcome, ann"))
        let logout = try await Self.curl(
            jar, ["-d", "csrfmiddlewaretoken=\(Self.token(page.body))", url + "/accounts/logout/"])
        #expect(logout.body.contains("Logged out"))
        #expect(try await Self.curl(jar, [url + "/members/"]).status == 302)

        let login = try await Self.curl(jar, [url + "/accounts/login/?next=/members/"])
        let back = try await Self.curl(
            jar,
            [
                "-L", "-d",
                "csrfmiddlewaretoken=\(Self.token(login.body))&username=ann&password=s3cret-pass&next=/members/",
                url + "/accounts/login/",
            ])
        #expect(back.body.contains("Hello, ann."))
    }

    /// `pony manage FILE createsuperuser` from the environment (as in a deployment script),
    /// `pony makemigrations FILE --check` and `pony check FILE [--deploy]` for CI, nanodjango's `pony run FILE --user --pass`,
    /// and both superusers see the staff page, still logged in after the server restarts.
    @Test func manageCommandsReachTheApp() async throws {
        let file = try CLI.copyExample("members.swift")
        let directory = file.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = CLI.environment
        environment["PONY_SUPERUSER_USERNAME"] = "boss"
        environment["PONY_SUPERUSER_PASSWORD"] = "boss-pass-1"
        let created = try await CLI.run(
            try CLI.pony, ["manage", file.path, "createsuperuser", "--noinput"], environment: environment)
        #expect(created.status == 0, "\(created.output.suffix(2000))")
        #expect(created.output.contains("Superuser created successfully."))
        let again = try await CLI.run(
            try CLI.pony, ["manage", file.path, "createsuperuser", "--noinput"], environment: environment)
        #expect(again.status == 1)
        #expect(again.output.contains("That username is already taken."))
        let check = try await CLI.run(try CLI.pony, ["makemigrations", file.path, "--check"])
        #expect(check.status == 0, "\(check.output.suffix(2000))")
        let checked = try await CLI.run(try CLI.pony, ["check", file.path])
        #expect(checked.status == 0, "\(checked.output.suffix(2000))")
        #expect(checked.output.contains("System check identified no issues (0 silenced)."))
        // NB: the development secret key is an error for `serve`, so for `check --deploy` too.
        let deploy = try await CLI.run(try CLI.pony, ["check", file.path, "--deploy"])
        #expect(deploy.status == 1)
        #expect(deploy.output.contains("error: SECRET_KEY is not set") && deploy.output.contains("[security.E001]"))
        #expect(deploy.output.contains("[security.W012]") && deploy.output.contains("[security.W004]"))
        let shown = try await CLI.run(try CLI.pony, ["manage", file.path, "showmigrations"])
        #expect(shown.output.contains(" [X] 0012_alter_user_first_name_max_length"))
        #expect(shown.output.contains("sessions\n [X] 0001_initial"))
        let cleared = try await CLI.run(try CLI.pony, ["manage", file.path, "clearsessions"])
        #expect(cleared.output.contains("Deleted 0 expired sessions."))
        // Django's dbshell: sqlite3 on the app's database, with the arguments after --.
        let shell = try await CLI.run(
            try CLI.pony, ["manage", file.path, "dbshell", "--", "SELECT username FROM auth_user WHERE is_superuser;"])
        #expect(shell.status == 0 && shell.output.contains("boss"), "\(shell.output.suffix(2000))")

        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        let server = try Background(
            try CLI.pony, ["run", file.path, "127.0.0.1:\(port)", "--user", "first", "--pass", "first-pass-1"])
        defer { server.stop() }
        _ = await CLI.waitFor(url + "/", timeout: CLI.firstBuildTimeout) { status, _ in status == 200 }
        for (name, password) in [("boss", "boss-pass-1"), ("first", "first-pass-1")] {
            let jar = directory.appendingPathComponent("cookies-\(name).txt")
            let login = try await Self.curl(jar, [url + "/accounts/login/"])
            _ = try await Self.curl(
                jar,
                [
                    "-d", "csrfmiddlewaretoken=\(Self.token(login.body))&username=\(name)&password=\(password)",
                    url + "/accounts/login/",
                ])
            let staff = try await Self.curl(jar, [url + "/staff/"])
            #expect(staff.status == 200, "\(name)")
            #expect(staff.body.contains("Staff only"), "\(name)")
        }
        server.stop()

        let restartedURL = "http://127.0.0.1:\(CLI.freePort())"
        let restarted = try Background(try CLI.pony, ["run", file.path, restartedURL.dropFirst(7).description])
        defer { restarted.stop() }
        _ = await CLI.waitFor(restartedURL + "/", timeout: CLI.firstBuildTimeout) { status, _ in status == 200 }
        for name in ["boss", "first"] {
            let staff = try await Self.curl(
                directory.appendingPathComponent("cookies-\(name).txt"), [restartedURL + "/staff/"])
            #expect(staff.status == 200, "\(name) after the restart")
            #expect(staff.body.contains("Hello, \(name)."), "\(name) after the restart")
        }
        restarted.stop()

        // Django's flush: without an answer nothing happens; with --noinput the users go, and
        // the content types and permissions are made again (post_migrate).
        let asked = try await CLI.run(try CLI.pony, ["manage", file.path, "flush"])
        #expect(asked.output.contains("IRREVERSIBLY DESTROY") && asked.output.contains("Flush cancelled."))
        let flushed = try await CLI.run(try CLI.pony, ["manage", file.path, "flush", "--noinput"])
        #expect(flushed.status == 0, "\(flushed.output.suffix(2000))")
        let counts = try await CLI.run(
            try CLI.pony,
            [
                "manage", file.path, "dbshell", "--",
                "SELECT (SELECT count(*) FROM auth_user) || ' ' || (SELECT count(*) > 0 FROM auth_permission);",
            ])
        #expect(counts.output.contains("0 1"), "\(counts.output.suffix(2000))")
    }
}
