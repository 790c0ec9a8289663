import Foundation
import PonyORM
import PonySupport
import Testing

/// A lookup's value converted to its field's type, as Django's `get_prep_value` converts it:
/// the rows found are in `FidelityTests` (45 lookups with a value of another type); here, the
/// values no field of theirs can hold.
@Suite struct LookupValueTests {
    struct BadValue: Decodable {
        let model: String
        let lookup: String
        let value: FidelityTests.JSONValue
        let message: String
    }

    /// Each fails with Django's message before any SQL runs, on both backends.
    @Test(arguments: Backend.available) func valuesTheFieldCannotHoldFailAsInDjango(backend: Backend) async throws {
        struct File: Decodable { let bad_values: [BadValue] }
        let cases = try JSONDecoder().decode(File.self, from: try FidelityTests.results(backend)).bad_values
        #expect(cases.count == 35)
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            var mismatches: [String] = []
            for test in cases {
                let condition = Q.lookup(test.lookup, test.value.lookupValue(for: test.lookup))
                func run<M: Model>(_ model: M.Type) async throws -> Int {
                    try await M.objects.filter(condition).count()
                }
                do {
                    let (count, queries) = try await ORM.capturingQueries {
                        switch test.model {
                        case "book": try await run(Book.self)
                        case "reading": try await run(Reading.self)
                        default: try await run(Author.self)
                        }
                    }
                    mismatches.append("\(test.lookup)=\(test.value): \(count) rows in \(queries.count) queries")
                } catch let error as LookupValueError {
                    if error.message != test.message || error.lookup != test.lookup {
                        mismatches.append("\(test.lookup)=\(test.value): \(error.lookup): \(error.message)")
                    }
                } catch {
                    mismatches.append("\(test.lookup)=\(test.value): \(error)")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }

    /// PostgreSQL would have failed the statement and, with it, the transaction around it.
    @Test(arguments: Backend.available) func aBadValueLeavesTheTransactionUsable(backend: Backend) async throws {
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            try await ORM.atomic { () async throws in
                await #expect(throws: LookupValueError.self) { try await Book.objects.filter("id", "abc").fetch() }
                #expect(try await Book.objects.filter("id", "2").count() == 1)
            }
        }
    }

    /// Numbers that Swift traps on when converted carelessly, and text that is almost a number.
    @Test(arguments: Backend.available) func hostileNumbersNeverTrap(backend: Backend) async throws {
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            let refused: [DatabaseValue] = [
                .double(.nan), .double(.infinity), .double(-.infinity), .double(1e300), .double(9.3e18),
                .text("9223372036854775808"), .text("-9223372036854775809"), .text(String(repeating: "9", count: 5000)),
                .text("1\u{0}"), .text("_1"), .text("1_"), .text("+"), .text("--1"), .text("0b1"),
                .blob([1, 2]),
            ]
            for value in refused {
                await #expect(throws: LookupValueError.self, "\(value)") {
                    try await Book.objects.filter(.lookup("sold__gte", .value(value))).count()
                }
            }
            #expect(try await Book.objects.filter("sold__lte", "9223372036854775807").count() == 7)
            #expect(try await Book.objects.filter("sold__gt", "-9223372036854775808").count() == 7)
            #expect(try await Book.objects.filter("sold__gte", -9.2e18).count() == 7)
            #expect(try await Book.objects.filter("sold", "١٢").count() == 1)  // Python's int() reads any digits
            // A float is any number, a decimal only a finite one.
            #expect(try await Author.objects.filter("rating__lt", "inf").count() == 4)
            #expect(try await Author.objects.filter("rating__gt", "-Infinity").count() == 4)
            await #expect(throws: LookupValueError.self) { try await Book.objects.filter("price__lt", "inf").count() }
            #expect(try await Book.objects.filter("price__lt", " 1_0.5 ").count() == 4)
        }
    }

    /// Django's `CharField.to_python`: `str(value)`.
    @Test func aNumberForATextFieldIsItsText() async throws {
        try await FidelityTests.withDjangoData(on: .sqlite) { () async throws in
            let label = try await Label.objects.create(Label(name: "1.5"))
            #expect(try await Label.objects.filter("name", 1.5).valuesList("id").count == 1)
            #expect(try await Label.objects.filter("name__in", [1.5, 2]).first()?.id == label.id)
        }
    }

    /// `update()` converts its values as Django's `get_db_prep_save` does.
    @Test(arguments: Backend.available) func updateConvertsItsValues(backend: Backend) async throws {
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            #expect(try await Book.objects.filter("id", "1").update(["pages": " 321 "]) == 1)
            #expect(try await Book.objects.get(pk: 1).pages == 321)
            await #expect(throws: LookupValueError.self) {
                try await Book.objects.filter("id", 1).update(["pages": "many"])
            }
            #expect(try await Author.objects.filter("id", 2).update(["active": "True"]) == 1)
            #expect(try await Author.objects.get(pk: 2).active)
        }
    }

    /// The commonest queries reuse their SQL by shape; the values still go through the field.
    @Test(arguments: Backend.available) func aCachedStatementConvertsItsValuesToo(backend: Backend) async throws {
        try await FidelityTests.withDjangoData(on: backend) { () async throws in
            for _ in 0..<3 { #expect(try await Reading.objects.filter("day", "2024-02-29").first()?.id == 1) }
            #expect(try await Reading.objects.filter("day", "2024-2-29").first()?.id == 1)
            await #expect(throws: LookupValueError.self) { try await Reading.objects.filter("day", "x").first() }
            for _ in 0..<3 { #expect(try await Book.objects.filter("pk", "3").first()?.id == 3) }
            await #expect(throws: LookupValueError.self) { try await Book.objects.get("pk", "three") }
        }
    }
}
