internal import Foundation
internal import PonyORM

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
