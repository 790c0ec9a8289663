import Foundation
import Pony
import PonySupport
import PonyTesting
import Testing

@testable import PonyAuth

/// Password validators against Django 5.2's (fixture `Fixtures/password_validation.json`,
/// made by `generate_password_validation.py`), and through the password change page.
@Suite struct PasswordValidationTests {
    struct Case: Decodable {
        var user: [String: String]?
        var password: String
        var validators: String
        var messages: [String]
    }

    struct Fixture: Decodable {
        var django: String
        var cases: [Case]
    }

    @Test func messagesMatchDjangos() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/password_validation", withExtension: "json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.django.hasPrefix("5.2"))
        #expect(fixture.cases.count == 192)
        let sets: [String: [any PasswordValidator]] = [
            "django": .django,
            "lenient": [
                UserAttributeSimilarityValidator(maximumSimilarity: 0.9), MinimumLengthValidator(minimumLength: 1),
            ],
        ]
        for entry in fixture.cases {
            let user = entry.user.map { fields in
                var user = User(password: "", username: fields["username"] ?? "")
                user.firstName = fields["first_name"] ?? ""
                user.lastName = fields["last_name"] ?? ""
                user.email = fields["email"] ?? ""
                return user
            }
            var messages: [String] = []
            do throws(ValidationError) {
                try validatePassword(entry.password, user: user, validators: sets[entry.validators] ?? [])
            } catch {
                messages = error.messages
            }
            #expect(
                messages == entry.messages, "\(entry.password.prefix(30)) for \(entry.user?["username"] ?? "no user")")
        }
    }

    @Test func quickRatioIsPythons() {
        // difflib.SequenceMatcher(a="abcd", b="bcde").quick_ratio() == 0.75; ("aab", "ab") == 0.8
        #expect(
            UserAttributeSimilarityValidator.quickRatio(Array("abcd".unicodeScalars), Array("bcde".unicodeScalars))
                == 0.75)
        #expect(
            UserAttributeSimilarityValidator.quickRatio(Array("aab".unicodeScalars), Array("ab".unicodeScalars)) == 0.8)
        #expect(
            UserAttributeSimilarityValidator.words("a.b--c_d!").map { String(String.UnicodeScalarView($0)) } == [
                "a", "b", "c_d", "",
            ])
    }

    @Test func aCommonPasswordListIsReadPlainOrGzipped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pony-common-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("common.txt")
        try "password\nletmein \n123456\n".write(to: plain, atomically: true, encoding: .utf8)
        // The list as Django ships it: gzipped (by gzip(1), which keeps the plain file too).
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        let gzipped = folder.appendingPathComponent("common.txt.gz")
        for path in [plain.path, gzipped.path] {
            let validator = try CommonPasswordValidator(passwordListPath: path)
            #expect(throws: ValidationError.self) { try validator.validate(" LetMeIn ", user: nil) }
            #expect(throws: Never.self) { try validator.validate("letmein2", user: nil) }
        }
        #expect(throws: (any Error).self) {
            try CommonPasswordValidator(passwordListPath: folder.appendingPathComponent("none").path)
        }
    }

    @Test func thePasswordChangePageAppliesThem() async throws {
        var settings = AuthViewTests.settings
        settings.passwordValidators = .django
        try await AuthViewTests.withApp(settings: settings) { _, client in
            _ = try await AuthViewTests.logIn(client, "ann", "s3cret!")
            let token = try await AuthViewTests.token(client, "/accounts/password_change/")
            /// Changes ann's password from "s3cret!" to `new`.
            func change(to new: String) async -> TestResponse {
                await client.post(
                    "/accounts/password_change/",
                    form: [
                        "csrfmiddlewaretoken": token, "old_password": "s3cret!", "new_password1": new,
                        "new_password2": new,
                    ])
            }
            let weak = await change(to: "Ann1")
            #expect(weak.status == .ok)
            #expect(
                weak.text.contains(
                    "The password is too similar to the username. This password is too short. It must contain at least 8 characters."
                ))
            #expect(try await Auth.authenticate(username: "ann", password: "s3cret!", hashers: AuthTests.fast) != nil)
            let strong = await change(to: "violet lantern 42")
            #expect(strong.status == .found)
        }
    }

    /// `createsuperuser` at a terminal, with scripted answers: Django's messages, the question
    /// whether to bypass validation, and a retry after mismatched or blank passwords.
    @Test func createsuperuserAsksAgainOrBypassesAsDjangoDoes() throws {
        func run(_ typed: [String], answers: [String] = []) throws -> (password: String?, said: [String]) {
            var typed = typed[...]
            var answers = answers[...]
            var said: [String] = []
            let password = try? AuthCommands.askSuperuserPassword(
                for: User(password: "", username: "ann", email: "ann@example.com"), validators: .django,
                read: { _ in typed.popFirst() ?? "" },
                ask: { question in
                    said.append(question)
                    return answers.popFirst() ?? ""
                },
                say: { said.append($0) })
            return (password, said)
        }
        let strong = try run(["violet lantern 42", "violet lantern 42"])
        #expect(strong.password == "violet lantern 42" && strong.said.isEmpty)
        let weak = try run(["ann1", "ann1", "violet lantern 42", "violet lantern 42"], answers: ["n"])
        #expect(weak.password == "violet lantern 42")
        #expect(
            weak.said == [
                "The password is too similar to the username.\nThis password is too short. It must contain at least 8"
                    + " characters.\n",
                "Bypass password validation and create user anyway? [y/N]: ",
            ])
        #expect(try run(["ann1", "ann1"], answers: ["Y"]).password == "ann1")
        let retried = try run(["a", "b", " ", " ", "violet lantern 42", "violet lantern 42"])
        #expect(retried.password == "violet lantern 42")
        #expect(retried.said == ["Error: Your passwords didn't match.\n", "Error: Blank passwords aren't allowed.\n"])
        #expect(try run(["1", "2", "1", "2", "1", "2", "violet lantern 42", "violet lantern 42"]).password == nil)
    }
}
