import Foundation
import PonyORM
import PonySQLite
import Testing

@Suite struct ValidationTests {
    @Test(arguments: Backend.available) func saveRefusesValuesTheColumnCannotHold(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            var owner = Owner(name: String(repeating: "é", count: 101))
            let error = await #expect(throws: ValidationError.self) { try await owner.save() }
            #expect(error?.errors == ["name": ["Ensure this value has at most 100 characters (it has 101)."]])
            #expect(owner.id == nil)
            let count = try await Owner.objects.count()
            #expect(count == 0)
            let tooMany = [Owner(name: "ok"), Owner(name: String(repeating: "x", count: 200))]
            await #expect(throws: ValidationError.self) { try await Owner.objects.bulkCreate(tooMany) }
            let after = try await Owner.objects.count()
            #expect(after == 0)
            // Blank and validators are fullClean's business, as in Django.
            owner.name = ""
            owner.score = -1
            try await owner.save()
            #expect(owner.id != nil)
        }
    }

    /// Model validation shares Django's validators with forms (PonySupport's `TextFormats`,
    /// held to Django 5.2's answers in TextFormatsTests): before, an email field refused
    /// `ann@localhost`, which Django and Pony's own form field accept, and took `a..b@c.com`;
    /// an IP address field took any text.
    @Test func emailURLAndAddressFieldsAreValidatedAsDjangoValidatesThem() async throws {
        try await withDatabase(.sqlite, fidelityModels) { _ in
            /// `fullClean`'s messages for `field`, or `nil` when it passes.
            func errors(_ model: some Model, _ field: String) async -> [String]? {
                do {
                    try await model.fullClean()
                    return nil
                } catch {
                    return (error as? ValidationError)?.errors[field]
                }
            }
            let joined = Date(timeIntervalSince1970: 0)
            func author(_ email: String) -> Author { Author(name: "Ann", email: email, joined: joined) }
            #expect(await errors(author("ann@localhost"), "email") == nil)
            #expect(await errors(author("ann@例え.jp"), "email") == nil)
            #expect(await errors(author("a..b@example.com"), "email") == ["Enter a valid email address."])
            #expect(await errors(author("ann@example.c"), "email") == ["Enter a valid email address."])
            let ann = try await Author.objects.create(author("ann@localhost"))
            func book(_ site: String) -> Book {
                Book(
                    title: "t", author: ForeignKey(ann), pages: 1, price: 1, uid: UUID(), genre: .poetry, slug: "s",
                    site: site)
            }
            #expect(await errors(book("http://localhost:8000/x"), "site") == nil)
            #expect(await errors(book("http://-bad-.example.com"), "site") == ["Enter a valid URL."])
            #expect(await errors(book("mailto:ann@example.com"), "site") == ["Enter a valid URL."])
            let day = try #require(CalendarDate(year: 2026, month: 12, day: 5))
            func reading(_ address: String) -> Reading { Reading(day: day, address: address) }
            #expect(await errors(reading("192.0.2.1"), "address") == nil)
            #expect(await errors(reading("2001:db8::1"), "address") == nil)
            #expect(await errors(reading("256.0.0.1"), "address") == ["Enter a valid IPv4 or IPv6 address."])
            #expect(await errors(reading("not an address"), "address") == ["Enter a valid IPv4 or IPv6 address."])
        }
    }

    @Test(arguments: Backend.available) func fullCleanCollectsEveryFieldsErrors(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            let ann = try await Owner.objects.create(Owner(name: "Ann", token: "taken"))
            try await ann.fullClean()  // its own token is not a duplicate
            let copy = Owner(name: "", token: "taken", score: -3)
            let error = await #expect(throws: ValidationError.self) { try await copy.fullClean() }
            #expect(
                error?.errors == [
                    "name": ["This field cannot be blank."],
                    "token": ["Owner with this Token already exists."],
                    "score": ["Ensure this value is greater than or equal to 0."],
                ])
            #expect(error?.description.hasPrefix("name: This field cannot be blank.") == true)
            await #expect(throws: Never.self) { try await copy.fullClean(exclude: ["name", "token", "score"]) }
            var task = Task(name: "t", owner: ForeignKey(ann))
            task.tags = ["x"]
            await #expect(throws: Never.self) { try await task.fullClean() }
        }
    }
}
