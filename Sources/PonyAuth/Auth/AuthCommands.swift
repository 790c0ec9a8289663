internal import Foundation
public import PonyORM

/// What Django's `createsuperuser`, `changepassword` and `clearsessions` do, as functions and
/// as the ``Command``s the auth and sessions apps add (`./app createsuperuser`,
/// `pony manage app.swift createsuperuser`).
public enum AuthCommands {
    /// Makes an active superuser and staff member (Django's `createsuperuser`).
    public static func createSuperuser(
        username: String, email: String, password: String, hashers: PasswordHashers = .django
    ) async throws -> User {
        guard !username.isEmpty, username.count <= 150 else {
            throw CommandError("a username has 1 to 150 characters.")
        }
        guard !password.isEmpty else { throw CommandError("Blank passwords aren't allowed.") }
        if try await User.objects.filter(\.username, .exact(username)).exists() {
            throw CommandError("That username is already taken.")
        }
        var user = User(password: "", username: username, email: email, isStaff: true)
        user.isSuperuser = true
        await user.setPassword(password, hashers: hashers)
        return try await user.save()
    }

    /// Sets a user's password (Django's `changepassword`).
    public static func changePassword(username: String, password: String, hashers: PasswordHashers = .django)
        async throws
    {
        guard var user = try await User.objects.filter(\.username, .exact(username)).first() else {
            throw CommandError("user '\(username)' does not exist")
        }
        guard !password.isEmpty else { throw CommandError("Blank passwords aren't allowed.") }
        await user.setPassword(password, hashers: hashers)
        try await user.save(updateFields: ["password"])
    }

    /// Deletes expired sessions (Django's `clearsessions`); returns how many.
    public static func clearSessions() async throws -> Int {
        try await SessionRecord.objects.filter(\.expireDate, .lt(Date())).delete()["sessions.session"] ?? 0
    }
}

extension AuthCommands {
    /// `createsuperuser [--username NAME] [--email ADDRESS] [--noinput]`: prompts for what
    /// is missing; without a terminal (or with `--noinput`) reads `PONY_SUPERUSER_USERNAME`,
    /// `PONY_SUPERUSER_EMAIL` and `PONY_SUPERUSER_PASSWORD` (Django's `DJANGO_SUPERUSER_*`
    /// work too).
    /// `createsuperuser`: at a terminal it asks for what the options and environment do not
    /// give, and checks the password with `validators` as Django does (their messages, then
    /// "Bypass password validation and create user anyway? [y/N]").
    public static func createSuperuserCommand(hashers: PasswordHashers, validators: [any PasswordValidator] = [])
        -> Command
    {
        Command(
            "createsuperuser", usage: "[--username NAME] [--email ADDRESS] [--noinput]",
            summary: "Make a superuser (--noinput reads PONY_SUPERUSER_USERNAME, _EMAIL and _PASSWORD)."
        ) { context in
            func value(_ option: String, _ name: String) -> String? {
                context.option(option) ?? context.environment["PONY_SUPERUSER_\(name)"]
                    ?? context.environment["DJANGO_SUPERUSER_\(name)"]
            }
            var username = value("--username", "USERNAME") ?? ""
            var email = value("--email", "EMAIL") ?? ""
            var password =
                context.environment["PONY_SUPERUSER_PASSWORD"] ?? context.environment["DJANGO_SUPERUSER_PASSWORD"] ?? ""
            if context.isInteractive {
                if username.isEmpty { username = context.ask("Username: ") }
                if email.isEmpty { email = context.ask("Email address: ") }
                if password.isEmpty {
                    let user = User(password: "", username: username, email: email)
                    password = try askSuperuserPassword(
                        for: user, validators: validators, read: { try context.askPassword($0) },
                        ask: { context.ask($0) }, say: { context.writeError($0) })
                }
            } else if username.isEmpty || password.isEmpty {
                throw CommandError(
                    "without a terminal, set PONY_SUPERUSER_USERNAME and PONY_SUPERUSER_PASSWORD (and"
                        + " PONY_SUPERUSER_EMAIL), or pass --username.")
            }
            _ = try await createSuperuser(username: username, email: email, password: password, hashers: hashers)
            context.write("Superuser created successfully.\n")
            return 0
        }
    }

    /// Django's `createsuperuser` password prompt: asks twice until both match and are not
    /// blank; when `validators` refuse it, says why and asks whether to keep it anyway. Gives
    /// up after 3 refused attempts (Django asks forever; a script on a pipe would too).
    static func askSuperuserPassword(
        for user: User, validators: [any PasswordValidator], read: (String) throws -> String,
        ask: (String) -> String, say: (String) -> Void
    ) throws -> String {
        for _ in 1...3 {
            let password = try read("Password: ")
            guard password == (try read("Password (again): ")) else {
                say("Error: Your passwords didn't match.\n")
                continue
            }
            guard !password.allSatisfy(\.isWhitespace) else {
                say("Error: Blank passwords aren't allowed.\n")
                continue
            }
            do throws(ValidationError) {
                try validatePassword(password, user: user, validators: validators)
                return password
            } catch {
                say(error.messages.joined(separator: "\n") + "\n")
                if ask("Bypass password validation and create user anyway? [y/N]: ").lowercased() == "y" {
                    return password
                }
            }
        }
        throw CommandError("no acceptable password after 3 attempts; superuser not created.")
    }

    /// `changepassword [USERNAME]` (the login name of the person at the terminal by default):
    /// asks again when `validators` refuse the password, and gives up after 3 attempts, as
    /// Django does.
    public static func changePasswordCommand(hashers: PasswordHashers, validators: [any PasswordValidator] = [])
        -> Command
    {
        Command("changepassword", usage: "[USERNAME]", summary: "Set a user's password.") { context in
            let username = context.positional().first ?? NSUserName()
            context.write("Changing password for user '\(username)'\n")
            guard context.isInteractive else { throw CommandError("changepassword needs a terminal to ask.") }
            let user = try await User.objects.filter(\.username, .exact(username)).first()
            for attempt in 1...3 {
                let password = try context.askNewPassword()
                do throws(ValidationError) {
                    try validatePassword(password, user: user, validators: validators)
                } catch {
                    context.write(error.messages.joined(separator: "\n") + "\n")
                    if attempt == 3 {
                        throw CommandError("Aborting password change for user '\(username)' after 3 attempts")
                    }
                    continue
                }
                try await changePassword(username: username, password: password, hashers: hashers)
                context.write("Password changed successfully for user '\(username)'\n")
                return 0
            }
            return 1
        }
    }

    /// `clearsessions`.
    public static let clearSessionsCommand = Command("clearsessions", summary: "Delete expired sessions.") {
        context in
        let count = try await clearSessions()
        context.write("Deleted \(count) expired session\(count == 1 ? "" : "s").\n")
        return 0
    }
}

extension AuthCommands {
    /// What Django does after `migrate` (`create_contenttypes` and `create_permissions`): a
    /// content type for every model, and its `add_`, `change_`, `delete_` and `view_`
    /// permissions ("Can add task", or those of ``PonyORM/ModelOptions/defaultPermissions``)
    /// and its own (``PonyORM/ModelOptions/permissions``), made when missing. Returns how many
    /// rows were made.
    @discardableResult
    public static func createContentTypesAndPermissions(for models: [any Model.Type]) async throws -> Int {
        // NB: every instance of a scaled-out site runs this at start; under the migration lock
        // the second one finds the rows the first made instead of colliding with them.
        try await ORM.atomicWithMigrationLock { try await createMissingContentTypesAndPermissions(for: models) }
    }

    private static func createMissingContentTypesAndPermissions(for models: [any Model.Type]) async throws -> Int {
        var made = 0
        let types = try await ContentType.objects.fetch()
        let permissions = try await Permission.objects.fetch()
        for model in models {
            let info = model.schemaInfo
            let name = info.name.lowercased()
            var type = types.first { $0.appLabel == info.appLabel && $0.model == name }
            if type == nil {
                type = try await ContentType(appLabel: info.appLabel, model: name).save()
                made += 1
            }
            guard let type, let typeID = type.id else { continue }
            for (codename, name) in Permission.all(of: info) {
                if permissions.contains(where: { $0.codename == codename && $0.contentType.id == Int64(typeID) }) {
                    continue
                }
                _ = try await Permission(name: name, contentType: ForeignKey(type), codename: codename).save()
                made += 1
            }
        }
        return made
    }
}
