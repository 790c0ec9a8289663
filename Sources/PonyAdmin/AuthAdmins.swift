internal import PonyAuth
internal import PonyORM
internal import PonyWeb

/// How the admin shows users (Django's `UserAdmin`): the password hash is never a form field;
/// a user is added with a password typed twice, and a password is changed on a page of its
/// own (`<id>/password/`).
enum UserAdmin {
    static var options: ModelAdmin<User> {
        var admin = ModelAdmin<User>()
        admin.listDisplay = ["username", "email", "firstName", "lastName", "isStaff"]
        admin.listFilter = ["isStaff", "isSuperuser", "isActive"]
        admin.searchFields = ["username", "firstName", "lastName", "email"]
        admin.ordering = ["username"]
        admin.exclude = ["password"]
        admin.readonlyFields = ["lastLogin", "dateJoined"]
        admin.addView = { request, access, registration in
            try await UserPasswordForms.add(request, access, registration)
        }
        admin.extraPatterns = { site, registration in
            [
                .path("<path:object_id>/password/", methods: [.get, .post], name: "auth_user_password_change") {
                    request in
                    try await registration.withAccess(request, site) { access in
                        try await UserPasswordForms.changePassword(
                            request, access, registration, try request.parameter("object_id", as: String.self))
                    }
                }
            ]
        }
        admin.objectTools = [("Change password", "password/")]
        admin.fieldsets = [
            AdminFieldset(nil, ["username"]),
            AdminFieldset("Personal info", ["firstName", "lastName", "email"]),
            AdminFieldset("Permissions", ["isActive", "isStaff", "isSuperuser", "groups", "userPermissions"]),
            AdminFieldset("Important dates", ["lastLogin", "dateJoined"]),
        ]
        return admin
    }
}

/// How the admin shows groups (Django's `GroupAdmin`).
enum GroupAdmin {
    static var options: ModelAdmin<Group> {
        var admin = ModelAdmin<Group>()
        admin.listDisplay = ["name"]
        admin.searchFields = ["name"]
        admin.ordering = ["name"]
        return admin
    }
}
