import Foundation
import PonyORM
import PonySQLite
import Testing

/// Date parts and truncations against real Django's, in five current time zones (UTC, two with
/// daylight saving time, a half-hour offset, and a fixed offset): the `dates` block of the
/// fixtures, which `generate_django_fixtures.py` computes under `timezone.override`.
extension FidelityTests {
    /// The zones of the fixtures: a tz database name, or `+05:30` for a fixed offset.
    static func zone(_ name: String) -> TimeZone? {
        name == "+05:30" ? TimeZone(secondsFromGMT: 19_800) : TimeZone(identifier: name)
    }

    @Test(arguments: Backend.available) func datePartsInTimeZonesComputeWhatDjangoComputes(backend: Backend)
        async throws
    {
        struct File: Decodable { let dates: [String: [String: [[JSONValue?]]]] }
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).dates
        #expect(Set(django.keys) == ["UTC", "Europe/Oslo", "America/New_York", "Asia/Kolkata", "+05:30"])
        try await Self.withDjangoData(on: backend) {
            for (name, expected) in django.sorted(by: { $0.key < $1.key }) {
                let zone = try #require(Self.zone(name))
                let results = try await ORM.$timeZone.withValue(zone) { try await Self.dateResults() }
                #expect(Set(results.keys) == Set(expected.keys), "\(name)")
                for (query, rows) in results.sorted(by: { $0.key < $1.key }) {
                    let theirs = expected[query]?.map { $0.map { $0?.databaseValue ?? .null } }
                    #expect(rows == theirs, "\(name): \(query)")
                }
            }
        }
    }

    /// The queries of the fixtures' `dates` block, in the current time zone.
    private static func dateResults() async throws -> [String: [[DatabaseValue]]] {
        let dateParts: [DateComponent] = [.year, .isoYear, .quarter, .month, .week, .day, .weekDay, .isoWeekDay]
        let timeParts: [DateComponent] = [.hour, .minute, .second]
        let dateTruncs: [TruncKind] = [.year, .quarter, .month, .week, .day]
        let timeTruncs: [TruncKind] = [.hour, .minute, .second]
        func annotated<M: Model>(
            _ query: QuerySet<M>, _ field: String, parts: [DateComponent] = [], truncs: [TruncKind] = []
        )
            async throws -> [[DatabaseValue]]
        {
            let names = parts.map { "x_" + $0.rawValue } + truncs.map { "x_" + $0.rawValue }
            var query = query
            for part in parts { query = query.annotate(["x_" + part.rawValue: .extract(part, F(field))]) }
            for kind in truncs { query = query.annotate(["x_" + kind.rawValue: .trunc(kind, F(field))]) }
            return try await query.orderBy("id").valuesList(["id"] + names)
        }
        let published = Book.objects.filter("published__isnull", false)
        var results: [String: [[DatabaseValue]]] = [
            "published_parts": try await annotated(published, "published", parts: dateParts + timeParts),
            "published_truncs": try await annotated(
                published, "published", truncs: dateTruncs + timeTruncs + [.date, .time]),
            "joined_parts": try await annotated(Author.objects, "joined", parts: dateParts + timeParts),
            "joined_truncs": try await annotated(Author.objects, "joined", truncs: timeTruncs + [.date, .time]),
            "day_parts": try await annotated(Reading.objects, "day", parts: dateParts),
            "day_truncs": try await annotated(Reading.objects, "day", truncs: dateTruncs),
            "at_parts": try await annotated(Reading.objects.filter("at__isnull", false), "at", parts: timeParts),
            "at_truncs": try await annotated(Reading.objects.filter("at__isnull", false), "at", truncs: timeTruncs),
            "by_quarter": try await published.annotate(["q": .trunc(.quarter, F("published"))])
                .annotate(["n": .count("id")]).orderBy("q").valuesList("q", "n"),
        ]
        for kind in DateKind.allCases {
            results["dates_" + kind.rawValue] = try await Book.objects.dates("published", kind).map {
                [.text($0.description)]
            }
        }
        results["reading_weeks"] = try await Reading.objects.dates("day", .week, descending: true).map {
            [.text($0.description)]
        }
        for kind in [TruncKind.year, .month, .week, .day, .hour, .minute, .second] {
            results["datetimes_" + kind.rawValue] = try await Book.objects.datetimes("published", kind).map {
                [$0.databaseValue]
            }
        }
        for (model, lookup, value) in dateLookups {
            let condition = Q.lookup(lookup, value.lookupValue(for: lookup))
            func ids<M: Model>(_ model: M.Type) async throws -> [[DatabaseValue]] {
                [
                    try await M.objects.filter(condition).orderBy("id").valuesList("id").map { $0[0] },
                    try await M.objects.exclude(condition).orderBy("id").valuesList("id").map { $0[0] },
                ]
            }
            let key = "\(model) \(lookup) \(value.json)"
            switch model {
            case "book": results[key] = try await ids(Book.self)
            case "author": results[key] = try await ids(Author.self)
            default: results[key] = try await ids(Reading.self)
            }
        }
        return results
    }

    /// The fixtures' `DATE_LOOKUPS`.
    private static let dateLookups: [(String, String, JSONValue)] = [
        ("book", "published__year", .integer(2025)), ("book", "published__year", .integer(2024)),
        ("book", "published__date", .string("2025-01-01")), ("book", "published__date", .string("2024-12-31")),
        ("book", "published__hour__gte", .integer(19)), ("book", "published__hour", .integer(0)),
        ("book", "published__week_day", .integer(1)), ("book", "published__iso_week_day", .integer(7)),
        ("book", "published__week", .integer(52)), ("book", "published__iso_year", .integer(2022)),
        ("book", "published__quarter", .integer(1)), ("book", "published__minute", .integer(59)),
        ("book", "published__time__lt", .string("12:00")), ("book", "published__date__year", .integer(2024)),
        ("book", "published__date__gte", .string("2024-01-01")), ("book", "published__month", .integer(1)),
        ("book", "published__day", .integer(1)),
        ("book", "published__date__week_day__in", .list([.integer(1), .integer(7)])),
        ("author", "joined__second", .integer(59)), ("author", "joined__date", .string("2023-06-02")),
        ("author", "joined__hour__lt", .integer(10)), ("author", "joined__time__gte", .string("12:00")),
        ("reading", "day__week_day", .integer(5)), ("reading", "day__quarter", .integer(4)),
        ("reading", "day__week", .integer(1)), ("reading", "day__iso_year", .integer(2024)),
        ("reading", "at__hour", .integer(23)), ("reading", "at__minute", .integer(30)),
        ("reading", "at__second__gte", .integer(30)),
    ]
}

extension FidelityTests.JSONValue {
    /// The value as Python's `json.dumps` writes it (the fixtures' keys).
    var json: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .integer(let number): "\(number)"
        case .list(let items): "[" + items.map(\.json).joined(separator: ", ") + "]"
        case .double(let number): "\(number)"
        case .bool(let flag): flag ? "true" : "false"
        case .datetime(let date): "\(date)"
        }
    }
}
