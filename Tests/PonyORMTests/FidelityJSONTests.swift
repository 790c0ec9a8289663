import Foundation
import PonyORM
import PonySupport
import Testing

/// Keys and lookups of a `JSONField` against real Django's: the `json_cases` of the fixtures,
/// lookups on `Author.extra` with the rows Django filters and excludes on each backend (or on
/// SQLite, for `contains`, the error Django raises).
extension FidelityTests {
    struct JSONCase: Decodable {
        let lookup: String
        let value: PonySupport.JSONValue
        let ids: [Int64]?
        let excluded: [Int64]?
        let error: String?
    }

    @Test(arguments: Backend.available) func jsonLookupsReturnTheRowsDjangoReturns(backend: Backend) async throws {
        struct File: Decodable { let json_cases: [JSONCase] }
        let cases = try JSONDecoder().decode(File.self, from: try Self.results(backend)).json_cases
        #expect(cases.count == 34)
        try await Self.withDjangoData(on: backend) {
            func ids(_ query: QuerySet<Author>) async throws -> [Int64] {
                try await query.orderBy("id").valuesList("id").compactMap { try? Int64(databaseValue: $0[0]) }
            }
            for test in cases {
                // A JSON value as Django gets the Python value: `json:` for any of them, and a
                // plain text or number as a Pony user would mostly write it.
                var conditions = [Q(test.lookup, json: test.value)]
                switch test.value {
                case .string(let text): conditions.append(Q(test.lookup, text))
                case .int(let number): conditions.append(Q(test.lookup, number))
                case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
                    conditions.append(Q(test.lookup, items.compactMap(\.stringValue)))
                default: break
                }
                for condition in conditions {
                    if let error = test.error {
                        let thrown = await #expect(throws: FieldError.self, "\(test.lookup)") {
                            try await Author.objects.filter(condition).count()
                        }
                        #expect(thrown?.description == error)
                        continue
                    }
                    #expect(try await ids(Author.objects.filter(condition)) == test.ids, "\(condition)")
                    #expect(try await ids(Author.objects.exclude(condition)) == test.excluded, "exclude \(condition)")
                }
            }
            // The values round-trip through the model: JSON null, nested objects, an absent value.
            let ann = try await Author.objects.get("pk", 1)
            #expect(ann.extra?["pets"]?["cat"] == "Miso")
            #expect(ann.extra?["note"] == .null)
            #expect(try await Author.objects.get("pk", 3).extra == nil)
        }
    }
}

extension FidelityTests {
    /// Keys that SQL, JSON paths and PostgreSQL's array literals quote: each reaches its own
    /// value, bound rather than written into the SQL. A number is an array index in a key
    /// path (as in Django), and a key in `has_key`.
    @Test(arguments: Backend.available) func jsonKeysThatNeedQuotingReachTheirValues(backend: Backend) async throws {
        try await Self.withDjangoData(on: backend) {
            let keys = [
                "it's", "a\"b", "back\\slash", "{x,y}", "ünï 🐴", "%_", "a b", "'; DROP TABLE x; --", "$[0]", "0",
            ]
            var object = JSONObject()
            for (index, key) in keys.enumerated() { object[key] = .int(Int64(index)) }
            let author = try await Author.objects.create(
                Author(name: "Key", email: "key@example.com", joined: Date(), extra: .object(object)))
            for (index, key) in keys.enumerated() {
                let byKey = try await Author.objects.filter("extra__\(key)", index).valuesList("id")
                #expect(byKey == (key == "0" ? [] : [[author.pk]]), "\(key)")
                let mine = Author.objects.filter("email", "key@example.com")
                #expect(try await mine.filter("extra__has_key", key).count() == 1, "\(key)")
            }
            #expect(try await Author.objects.filter(Q("extra__has_keys", keys)).valuesList("id") == [[author.pk]])
            #expect(
                try await Author.objects.filter(Q("extra__has_any_keys", ["nope", "%_"])).valuesList("id") == [
                    [author.pk]
                ])
            // Excluding `None` keeps every other row, as Django's `exclude(bio=None)` does (it
            // used to add `IS NOT NULL` to `IS NULL`, which kept every row).
            #expect(try await Author.objects.filter(Q("bio", .null)).count() == 2)
            #expect(try await Author.objects.exclude(Q("bio", .null)).count() == 3)
            // Lookups that need something else say so.
            for condition in [
                Q("extra__has_key", ["a", "b"]), Q("extra__has_keys", "a"), Q("extra__city__in", "Oslo"),
            ] {
                await #expect(throws: FieldError.self, "\(condition)") {
                    try await Author.objects.filter(condition).count()
                }
            }
        }
    }
}

extension FidelityTests {
    /// Transforms in `valuesList`, `orderBy` and `F`, as Django takes them in `values_list`,
    /// `order_by` and `F()`: keys of a JSON field, decoded (with Django's quirk on SQLite, where a JSON
    /// string that reads as JSON is decoded again: `"40"` is 40), and date parts.
    @Test(arguments: Backend.available) func transformsInValuesAndOrderingAreDjangos(backend: Backend) async throws {
        struct File: Decodable { let selected: [String: [[JSONValue?]]] }
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).selected
            .mapValues { $0.map { $0.map { $0?.databaseValue ?? .null } } }
        try await Self.withDjangoData(on: backend) {
            let results: [String: [[DatabaseValue]]] = [
                "json_keys": try await Author.objects.orderBy("id").valuesList(
                    "id", "extra__city", "extra__age", "extra__active", "extra__note", "extra__langs__0",
                    "extra__pets__count"),
                "by_json_key": try await Author.objects.orderBy("extra__pets__count", "id").valuesList("id"),
                "date_parts": try await Book.objects.orderBy("-published__year", "published__month", "id")
                    .valuesList("id", "published__year", "published__quarter", "published__week_day"),
                "date_of": try await Book.objects.orderBy("id").valuesList("published__date"),
                "f_transforms": try await Book.objects
                    .annotate(["y": F("published__year"), "d": F("published__date")]).filter("y__gte", 2021)
                    .orderBy("id").valuesList("id", "y", "d"),
                "f_compare": try await Book.objects.filter(Q("pages__gt", F("published__year") / 10)).orderBy("id")
                    .valuesList("id"),
            ]
            for (name, rows) in results.sorted(by: { $0.key < $1.key }) {
                #expect(rows == django[name], "\(name)")
            }
            await #expect(throws: FieldError.self) { try await Book.objects.valuesList("title__year") }
            await #expect(throws: FieldError.self) { try await Book.objects.valuesList("published__hours") }
        }
    }
}
