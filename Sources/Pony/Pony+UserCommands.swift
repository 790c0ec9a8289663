internal import Foundation
internal import PonyAuth
internal import PonyORM
internal import PonyWeb

extension Pony {
    /// `createsuperuser [--username U] [--email E] [--noinput]`, `changepassword [USERNAME]`,
    /// `clearsessions`: Django's commands for the installed auth and sessions apps. Without a
    /// terminal (or with `--noinput`), `createsuperuser` reads `PONY_SUPERUSER_USERNAME`,
    /// `PONY_SUPERUSER_EMAIL` and `PONY_SUPERUSER_PASSWORD` (Django's `DJANGO_SUPERUSER_*` work too).
    func userCommand(_ command: String, _ arguments: [String], _ settings: ResolvedSettings) async throws -> Int32 {
        let labels = Set(installedApps.map(\.label))
        let needed = command == "clearsessions" ? "sessions" : "auth"
        guard labels.contains(needed) else {
            throw AuthCommands.Refusal(
                description:
                    "\(command) needs the \(needed) app: add app.install(.sessions(), .contentTypes(), .auth()).")
        }
        return try await withDatabase(settings) { database in
            let executor = try self.executor(database, settings)
            if try await !executor.pending().isEmpty { try await executor.migrate() }
            try await self.afterMigrate()
            switch command {
            case "clearsessions":
                let count = try await AuthCommands.clearSessions()
                print("Deleted \(count) expired session\(count == 1 ? "" : "s").")
            case "changepassword":
                let username = arguments.first ?? NSUserName()
                print("Changing password for user '\(username)'")
                let password = try Pony.newPassword()
                try await AuthCommands.changePassword(username: username, password: password)
                print("Password changed successfully for user '\(username)'")
            default:
                let environment = ProcessInfo.processInfo.environment
                func value(_ option: String, _ name: String) -> String? {
                    arguments.firstIndex(of: option).flatMap {
                        arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil
                    }
                        ?? environment["PONY_SUPERUSER_\(name)"] ?? environment["DJANGO_SUPERUSER_\(name)"]
                }
                let interactive = isatty(0) == 1 && !arguments.contains("--noinput")
                var username = value("--username", "USERNAME") ?? ""
                var email = value("--email", "EMAIL") ?? ""
                var password = environment["PONY_SUPERUSER_PASSWORD"] ?? environment["DJANGO_SUPERUSER_PASSWORD"] ?? ""
                if interactive {
                    if username.isEmpty { username = Pony.ask("Username: ") }
                    if email.isEmpty { email = Pony.ask("Email address: ") }
                    if password.isEmpty { password = try Pony.newPassword() }
                } else if username.isEmpty || password.isEmpty {
                    throw AuthCommands.Refusal(
                        description:
                            "Error: without a terminal, set PONY_SUPERUSER_USERNAME and PONY_SUPERUSER_PASSWORD"
                            + " (and PONY_SUPERUSER_EMAIL), or pass --username.")
                }
                _ = try await AuthCommands.createSuperuser(username: username, email: email, password: password)
                print("Superuser created successfully.")
            }
            return 0
        }
    }

    private static func ask(_ prompt: String) -> String {
        print(prompt, terminator: "")
        return readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// A password typed twice without echo, as Django's `getpass` prompts.
    private static func newPassword() throws -> String {
        let first = String(cString: getpass("Password: "))
        let second = String(cString: getpass("Password (again): "))
        guard first == second else { throw AuthCommands.Refusal(description: "Error: Your passwords didn't match.") }
        return first
    }
}
