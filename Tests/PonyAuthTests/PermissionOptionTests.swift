import Foundation
import PonyORM
import PonySQLite
import Testing

@testable import Pony
@testable import PonyAuth

/// A model with a permission of its own and only one of the default ones (Django's
/// `Meta.permissions` and `Meta.default_permissions`).
@Model(permissions: [("close_ledger", "Can close the ledger")], defaultPermissions: ["view"])
struct Ledger {
    @Field(maxLength: 40) var title: String
}

/// Models whose permissions Django's checks refuse.
@Model(permissions: [
    ("add_clashing", "Can add again"), ("dup", "One"), ("dup", "Two"),
    (String(repeating: "c", count: 101), String(repeating: "n", count: 256)),
])
struct Clashing {
    var size: Int32
}

@Model(verboseName: String(repeating: "w", count: 250))
struct Wordy {
    var size: Int32
}

@Suite struct PermissionOptionTests {
    /// After `migrate`, the model's own permissions and the default ones it asks for, and no
    /// others; a user given one has it.
    @Test func theModelsOwnPermissionsAreMade() async throws {
        try await SessionTests.withDjangoDatabase { _ async throws in
            let contrib: [any Model.Type] =
                AppConfig.contentTypes.models + AppConfig.auth.models + AppConfig.sessions.models
            #expect(try await AuthCommands.createContentTypesAndPermissions(for: contrib + [Ledger.self]) == 3)
            #expect(try await AuthCommands.createContentTypesAndPermissions(for: contrib + [Ledger.self]) == 0)
            let made = try await Permission.objects.filter("contentType__model", "ledger").orderBy("codename").fetch()
            #expect(made.map(\.codename) == ["close_ledger", "view_ledger"])
            #expect(made.map(\.name) == ["Can close the ledger", "Can view ledger"])
            let bea = try await User(password: PasswordHashers.unusable(), username: "bea").save()
            try await bea.related(\.userPermissions).add(made[0])
            #expect(try await bea.hasPerm("ponyauthtests.close_ledger"))
            #expect(try await !bea.hasPerm("ponyauthtests.add_ledger"))
        }
    }

    /// Django's `check_models_permissions`, message for message (Django 5.2 gives these for the
    /// same two models).
    @Test func checksRefuseClashingAndOverlongPermissions() {
        let problems = Permission.problems([Ledger.self, Clashing.self, Wordy.self])
        #expect(problems.map(\.id) == ["auth.E005", "auth.E006", "auth.E008", "auth.E012", "auth.E007"])
        #expect(
            problems.prefix(2).map(\.message) == [
                "The permission codenamed 'add_clashing' clashes with a builtin permission for model"
                    + " 'ponyauthtests.Clashing'.",
                "The permission codenamed 'dup' is duplicated for model 'ponyauthtests.Clashing'.",
            ])
        #expect(
            problems[3].message == "The permission codenamed '\(String(repeating: "c", count: 101))' of model"
                + " 'ponyauthtests.Clashing' is longer than 100 characters.")
        #expect(
            problems[4].message == "The verbose_name of model 'ponyauthtests.Wordy' must be at most 244 characters"
                + " for its builtin permission names to be at most 255 characters.")
    }

    /// A site with the auth app does not start with a clashing permission.
    @Test func aClashStopsTheSite() throws {
        let app = Pony()
        app.install(.sessions(), .contentTypes(), .auth())
        app.models(Clashing.self)
        #expect {
            _ = try app.makeSite(mode: .development, environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.id == "auth.E005"
        }
    }
}
