internal import Foundation
internal import PonyAuth
internal import PonyForms
internal import PonyORM
internal import PonySupport
internal import PonyTemplates
internal import PonyWeb

/// Django's `UserCreationForm`: a user name and a password typed twice.
final class UserCreationForm: Form {
    @CharField(
        helpText: "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.", maxLength: 150,
        validators: [UserPasswordForms.usernameCharacters]) var username: String
    @CharField(label: "Password", strip: false, widget: .passwordInput) var password1: String
    @CharField(
        label: "Password confirmation", helpText: "Enter the same password as before, for verification.",
        strip: false, widget: .passwordInput) var password2: String

    override func clean() throws(ValidationError) { try UserPasswordForms.checkMatch(password1, password2) }
}

/// Django's `AdminPasswordChangeForm`: a new password typed twice.
final class AdminPasswordChangeForm: Form {
    @CharField(label: "Password", strip: false, widget: .passwordInput) var password1: String
    @CharField(
        label: "Password confirmation", helpText: "Enter the same password as before, for verification.", strip: false,
        widget: .passwordInput) var password2: String

    override func clean() throws(ValidationError) { try UserPasswordForms.checkMatch(password1, password2) }
}

/// Django's `PasswordChangeForm`: the old password, then the new one typed twice.
final class PasswordChangeForm: Form {
    @CharField(label: "Old password", strip: false, widget: .passwordInput(attrs: ["autocomplete": "current-password"]))
    var oldPassword: String
    @CharField(label: "New password", strip: false, widget: .passwordInput(attrs: ["autocomplete": "new-password"]))
    var newPassword1: String
    @CharField(
        label: "New password confirmation", strip: false,
        widget: .passwordInput(attrs: ["autocomplete": "new-password"])) var newPassword2: String

    override func clean() throws(ValidationError) {
        if !newPassword1.isEmpty, !newPassword2.isEmpty, newPassword1 != newPassword2 {
            throw ValidationError(["new_password2": [AdminText.text("The two password fields didn’t match.")]])
        }
    }
}

/// The user admin's own pages (Django's `UserAdmin.add_view` and `user_change_password`):
/// a new user is made with a password, never with a hash typed into a form, and a
/// password is changed on a page of its own.
enum UserPasswordForms {
    /// Django's `UnicodeUsernameValidator`: letters, digits and `@ . + - _`.
    static let usernameCharacters = Validator<String> { name in
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "@.+-_".contains($0) }) else {
            throw ValidationError(
                AdminText.text(
                    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."))
        }
    }

    /// Django's `validate_password_for_user`: checks `password` with the validators in force
    /// (``AuthSettings/passwordValidators``), adding their messages to `field`; whether it passed.
    static func passesValidators(_ form: Form, _ field: String, _ password: String, _ user: User?, _ request: Request)
        -> Bool
    {
        do {
            try validatePassword(password, user: user, validators: Auth.passwordValidators(request))
            return true
        } catch {
            for message in error.messages {
                form.addError(field, message)
            }
            return false
        }
    }

    static func checkMatch(_ first: String, _ second: String) throws(ValidationError) {
        if !first.isEmpty, !second.isEmpty, first != second {
            throw ValidationError(["password2": [AdminText.text("The two password fields didn’t match.")]])
        }
    }

    /// The add page: on success the user exists with a hashed password, and the change page
    /// follows (Django's `UserAdmin.response_add`).
    static func add(
        _ request: Request, _ access: AdminAccess, _ registration: ModelRegistration<User>
    ) async throws -> Response {
        guard access.has(.add, registration.info) else { throw HTTPError.forbidden() }
        let form = UserCreationForm(data: request.method == .post ? try request.form : nil)
        if request.method == .post, form.isValid,
            passesValidators(form, "password2", form.password1, User(password: "", username: form.username), request)
        {
            if try await User.objects.filter(\.username, .exact(form.username)).exists() {
                form.addError("username", AdminText.text("A user with that username already exists."))
            } else {
                var user = User(password: "", username: form.username)
                await user.setPassword(form.password1, hashers: Auth.passwordHashers(request))
                try await user.save()
                try await AdminLogWriter.log(
                    .addition, user: access.user, info: registration.info, key: user.pk, text: user.text,
                    message: LogEntry.changeMessage(added: true, changedLabels: []))
                let names = ["name": registration.verboseName, "obj": user.username]
                request.messages.success(
                    AdminText.braces("The {name} “{obj}” was added successfully.", names) + " "
                        + AdminText.text("You may edit it again below."))
                return Response.redirect(to: registration.changeURL(access, user))
            }
        }
        return try registration.renderPlainForm(
            request, access, form, title: AdminText.format("Add %s", registration.verboseName), object: nil,
            intro: escapeHTML(AdminText.text("After you’ve created a user, you’ll be able to edit more user options.")))
    }

    /// The password page of one user.
    static func changePassword(
        _ request: Request, _ access: AdminAccess, _ registration: ModelRegistration<User>, _ key: String
    ) async throws -> Response {
        guard var user = try await registration.object(request, key) else {
            return registration.missing(request, access, key)
        }
        guard try await registration.allows(request, access, .change, user) else { throw HTTPError.forbidden() }
        let form = AdminPasswordChangeForm(data: request.method == .post ? try request.form : nil)
        if request.method == .post, form.isValid, passesValidators(form, "password2", form.password1, user, request) {
            await user.setPassword(form.password1, hashers: Auth.passwordHashers(request))
            try await user.save(updateFields: ["password"])
            if access.user.id == user.id { Auth.updateSessionAuthHash(request, user) }
            try await AdminLogWriter.log(
                .change, user: access.user, info: registration.info, key: user.pk, text: user.text,
                message: LogEntry.changeMessage(added: false, changedLabels: ["password"]))
            request.messages.success(AdminText.text("Password changed successfully."))
            return Response.redirect(to: registration.changeURL(access, user))
        }
        return try registration.renderPlainForm(
            request, access, form, title: AdminText.format("Change password: %s", user.username), object: user,
            intro: AdminText.format(
                "Enter a new password for the user <strong>%(username)s</strong>.",
                ["username": escapeHTML(user.username)]),
            button: AdminText.text("Change password"))
    }
}

extension AdminViews {
    /// The admin's `password_change/` (Django's `AdminSite.password_change`): the signed-in
    /// staff user changes their own password, keeps their session, and lands on
    /// `password_change/done/`.
    static func passwordChange(_ request: Request, _ access: AdminAccess) async throws -> Response {
        let form = PasswordChangeForm(data: request.method == .post ? try request.form : nil)
        if request.method == .post, form.isValid,
            UserPasswordForms.passesValidators(form, "new_password2", form.newPassword1, access.user, request)
        {
            var user = access.user
            let hashers = Auth.passwordHashers(request)
            if try await user.checkPassword(form.oldPassword, hashers: hashers) {
                await user.setPassword(form.newPassword1, hashers: hashers)
                try await user.save(updateFields: ["password"])
                Auth.updateSessionAuthHash(request, user)
                return Response.redirect(to: access.site.root + "password_change/done/")
            }
            form.addError(
                "old_password", AdminText.text("Your old password was entered incorrectly. Please enter it again."))
        }
        var context = access.context(request, title: AdminText.text("Password change"))
        context.merge(["form": form, "errors_count": form.errors.count])
        return try render(request, "admin/password_change_form.html", context)
    }

    /// `password_change/done/`.
    static func passwordChangeDone(_ request: Request, _ access: AdminAccess) throws -> Response {
        try render(
            request, "admin/password_change_done.html",
            access.context(request, title: AdminText.text("Password change successful")))
    }
}
