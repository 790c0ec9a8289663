internal import Foundation
public import PonyORM

/// What Django's `createsuperuser`, `changepassword` and `clearsessions` do, for the command
/// line of an app (`./app createsuperuser`, `pony manage app.swift createsuperuser`).
public enum AuthCommands {
    /// A command's refusal, said to the person at the terminal.
    public struct Refusal: Error, CustomStringConvertible {
        /// What went wrong and what to do.
        public let description: String

        /// A refusal saying `description`.
        public init(description: String) { self.description = description }
    }

    /// Makes an active superuser and staff member (Django's `createsuperuser`).
    public static func createSuperuser(
        username: String, email: String, password: String, hashers: PasswordHashers = .django
    ) async throws -> User {
        guard !username.isEmpty, username.count <= 150 else {
            throw Refusal(description: "Error: a username has 1 to 150 characters.")
        }
        guard !password.isEmpty else { throw Refusal(description: "Error: Blank passwords aren't allowed.") }
        if try await User.objects.filter(\.username, .exact(username)).exists() {
            throw Refusal(description: "Error: That username is already taken.")
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
            throw Refusal(description: "user '\(username)' does not exist")
        }
        guard !password.isEmpty else { throw Refusal(description: "Error: Blank passwords aren't allowed.") }
        await user.setPassword(password, hashers: hashers)
        try await user.save(updateFields: ["password"])
    }

    /// Deletes expired sessions (Django's `clearsessions`); returns how many.
    public static func clearSessions() async throws -> Int {
        try await SessionRecord.objects.filter(\.expireDate, .lt(Date())).delete()["sessions.sessionrecord"] ?? 0
    }
}

extension AuthCommands {
    /// What Django does after `migrate` (`create_contenttypes` and `create_permissions`): a
    /// content type for every model, and its `add_`, `change_`, `delete_` and `view_`
    /// permissions ("Can add task"), made when missing. Returns how many rows were made.
    @discardableResult
    public static func createContentTypesAndPermissions(for models: [any Model.Type]) async throws -> Int {
        var made = 0
        let types = try await ContentType.objects.fetch()
        let permissions = try await Permission.objects.fetch()
        for model in models {
            let info = model.schemaInfo
            // NB: Django's model is `Session`; Pony's Swift type is SessionRecord (`Session` is
            // `request.session`), and the content type must be Django's.
            let name = model == SessionRecord.self ? "session" : info.name.lowercased()
            var type = types.first { $0.appLabel == info.appLabel && $0.model == name }
            if type == nil {
                type = try await ContentType(appLabel: info.appLabel, model: name).save()
                made += 1
            }
            guard let type, let typeID = type.id else { continue }
            for action in ["add", "change", "delete", "view"] {
                let codename = "\(action)_\(name)"
                if permissions.contains(where: { $0.codename == codename && $0.contentType.id == Int64(typeID) }) {
                    continue
                }
                _ = try await Permission(
                    name: "Can \(action) \(info.verboseName)", contentType: ForeignKey(type), codename: codename
                ).save()
                made += 1
            }
        }
        return made
    }
}
