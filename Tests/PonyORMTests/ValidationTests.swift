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
            let joined = Date(timeIntervalSince1970: 0)
            func emailErrors(_ email: String) async -> [String]? {
                do {
                    try await Author(name: "Ann", email: email, joined: joined).fullClean()
                    return nil
                } catch {
                    return (error as? ValidationError)?.errors["email"]
                }
            }
            #expect(await emailErrors("ann@localhost") == nil)
            #expect(await emailErrors("ann@例え.jp") == nil)
            #expect(await emailErrors("a..b@example.com") == ["Enter a valid email address."])
            #expect(await emailErrors("ann@example.c") == ["Enter a valid email address."])
            let ann = try await Author.objects.create(Author(name: "Ann", email: "ann@localhost", joined: joined))
            func siteErrors(_ site: String) async -> [String]? {
                let book = Book(
                    title: "t", author: ForeignKey(ann), pages: 1, price: 1, uid: UUID(), genre: .poetry, slug: "s",
                    site: site)
                do {
                    try await book.fullClean()
                    return nil
                } catch {
                    return (error as? ValidationError)?.errors["site"]
                }
            }
            #expect(await siteErrors("http://localhost:8000/x") == nil)
            #expect(await siteErrors("http://-bad-.example.com") == ["Enter a valid URL."])
            #expect(await siteErrors("mailto:ann@example.com") == ["Enter a valid URL."])
            let day = try #require(CalendarDate(year: 2026, month: 12, day: 5))
            func addressErrors(_ address: String) async -> [String]? {
                do {
                    try await Reading(day: day, address: address).fullClean()
                    return nil
                } catch {
                    return (error as? ValidationError)?.errors["address"]
                }
            }
            #expect(await addressErrors("192.0.2.1") == nil)
            #expect(await addressErrors("2001:db8::1") == nil)
            #expect(await addressErrors("256.0.0.1") == ["Enter a valid IPv4 or IPv6 address."])
            #expect(await addressErrors("not an address") == ["Enter a valid IPv4 or IPv6 address."])
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
