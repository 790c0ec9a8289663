import Foundation
import PonyORM
import PonySQLite
import PonySupport
import Testing

/// Pony against real Django 5.2, through the fixtures that
/// Fixtures/generate_django_fixtures.py wrote with it: the DDL of `sqlmigrate`, a database
/// Django created and filled, the ids Django returns for 143 lookups on that data (45 with a
/// value of another type, which the field converts), and the values of aggregates and
/// annotations.
@Suite struct FidelityTests {
    static func fixture(_ name: String) throws -> String {
        let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A temporary database rebuilt from Django's dump.
    static func withDjangoDatabase<R: Sendable>(_ body: @Sendable (SQLiteDatabase) async throws -> R) async throws
        -> R
    {
        let database = try await SQLiteDatabase.open(.temporary)
        let statements = try fixture("django_database.sql").split(separator: "\n")
            .filter { $0 != "BEGIN TRANSACTION;" && $0 != "COMMIT;" }
        return try await closing(database.close) {
            // NB: iterdump lists tables by name, so rows may come before the rows they point to.
            try await database.execute("PRAGMA foreign_keys=OFF", [])
            try await database.transaction {
                for statement in statements { try await database.execute(String(statement), []) }
            }
            try await database.execute("PRAGMA foreign_keys=ON", [])
            return try await ORM.using(database, models: fidelityModels) { try await body(database) }
        }
    }

    /// Django's data on `backend`: its SQLite database itself, or on PostgreSQL the same rows
    /// read through Pony and written to tables Pony's migration created.
    static func withDjangoData(on backend: Backend, _ body: @Sendable () async throws -> Void) async throws {
        if backend == .sqlite { return try await withDjangoDatabase { _ in try await body() } }
        let (authors, books, labels, readings) = try await withDjangoDatabase { _ in
            (
                try await Author.objects.orderBy("id").fetch(),
                try await Book.objects.orderBy("id").prefetchRelated("labels").fetch(),
                try await Label.objects.orderBy("id").fetch(),
                try await Reading.objects.orderBy("id").fetch()
            )
        }
        try await withDatabase(backend, fidelityModels) { _ in
            let written = try await Author.objects.bulkCreate(authors).map(\.id)
            #expect(written == authors.map(\.id))  // ids 1…n, as Django gave them
            _ = try await Label.objects.bulkCreate(labels)
            _ = try await Reading.objects.bulkCreate(readings)
            for book in try await Book.objects.bulkCreate(books) {
                let original = books.first { $0.id == book.id }
                try await book.related(\.labels).add(original?.labels.cached ?? [])
            }
            try await body()
        }
    }

    /// The fixture of Django's results on `backend`.
    static func results(_ backend: Backend) throws -> Data {
        try fixture(backend == .sqlite ? "django_lookups.json" : "django_lookups_postgresql.json").data(using: .utf8)!
    }

    @Test(arguments: [Backend.sqlite, .postgresql]) func migrationsCreateTheTablesDjangoCreates(backend: Backend) throws
    {
        let operations = try Autodetector(
            from: ProjectState(), to: fidelityModels.map { ModelState($0.schemaInfo) },
            questioner: NonInteractiveQuestioner()
        ).changes()
        let migration = Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
        let database = NoDatabase(dialect: backend == .sqlite ? .sqlite : .postgresql)
        let executor = MigrationExecutor(database: database, app: "fidelity", migrations: [migration])
        let django = try Self.fixture("django_sqlmigrate_\(backend.rawValue).sql").split(separator: "\n")
            .filter { !$0.hasPrefix("--") && $0 != "BEGIN;" && $0 != "COMMIT;" }
            .map { String($0.dropLast()) }  // the `;`
        let pony = try executor.sql(for: "0001_initial").map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
        #expect(pony.count == django.count)
        for (ours, theirs) in zip(pony, django) { #expect(ours == theirs) }
    }

    @Test func aDatabaseDjangoCreatedOpensAndQueries() async throws {
        try await Self.withDjangoDatabase { database in
            let books = try await Book.objects.selectRelated("author").orderBy("id").fetch()
            #expect(books.count == 7)
            let birds = books[0]
            #expect(birds.title == "The Birds")
            #expect(birds.price == Decimal(string: "12.5"))
            #expect(birds.uid == UUID(uuidString: "00000000-0000-0000-0000-000000000001"))
            #expect(birds.genre == .fiction)
            #expect(birds.tags == ["nature", "classic"])
            #expect(birds.published == ISO8601DateFormatter().date(from: "2020-05-01T08:00:00Z"))
            #expect(birds.cover == Data([0, 1]))
            #expect(birds.author.cached?.email == "ann@example.com")
            #expect(books[4].sold == 3_000_000_000)
            let angel = try await Author.objects.get("email", "angel@example.net")
            #expect(angel.joined.timeIntervalSince1970 == 1_735_646_400.5)
            #expect(angel.bio == "")

            // Pony's rows read back in Django's formats.
            var added = Book(
                title: "Pony", author: ForeignKey(angel), pages: 10, price: Decimal(string: "1.25")!,
                uid: UUID(uuidString: "12345678-1234-1234-1234-1234567890AB")!, genre: .science,
                published: ISO8601DateFormatter().date(from: "2025-03-04T05:06:07Z"), slug: "pony",
                site: "https://pony.dev/")
            try await added.save()
            #expect(added.id == 8)
            let stored = try await database.query(
                "SELECT uid, published, tags, price, author_id FROM fidelity_book WHERE id = 8", [])
            #expect(
                stored.first?.values == [
                    .text("123456781234123412341234567890ab"), .text("2025-03-04 05:06:07"), .text("[]"),
                    .double(1.25), .integer(4),
                ])

            // Django's other field types read back as Django wrote them, and Pony's in Django's formats.
            let readings = try await Reading.objects.orderBy("id").fetch()
            #expect(readings.map(\.id) == [1, 2, 3, 4])
            #expect(readings.map(\.day.description) == ["2024-02-29", "2023-12-31", "2024-01-01", "1999-07-04"])
            #expect(readings.map { $0.at?.description } == ["06:30:00", "23:59:59.250000", nil, "00:00:00"])
            #expect(readings.map(\.level) == [-3, 12, 0, -32768])
            #expect(readings.map(\.small) == [7, 0, 32767, 1])
            #expect(readings.map(\.count) == [70000, 0, 2_147_483_647, 1])
            #expect(readings.map(\.big) == [9_000_000_000, 0, 9_223_372_036_854_775_807, 1])
            #expect(readings.map(\.address) == ["192.0.2.1", "2001:db8::1", nil, "::ffff:10.0.0.1"])
            #expect(readings.map(\.span) == [.milliseconds(1500), .seconds(183_600), nil, .microseconds(-5)])
            var reading = Reading(
                day: CalendarDate(year: 2025, month: 1, day: 2)!, at: TimeOfDay(hour: 7, minute: 5, microsecond: 5),
                level: 1, small: 2, count: 3, big: 4, address: "198.51.100.7", span: .seconds(90))
            try await reading.save()
            #expect(reading.id == 5)
            let row = try await database.query("SELECT day, at, span FROM fidelity_reading WHERE id = 5", [])
            #expect(row.first?.values == [.text("2025-01-02"), .text("07:05:00.000005"), .integer(90_000_000)])
            // The column's CHECK refuses what the Swift type cannot hold.
            await #expect(throws: (any Error).self) {
                try await database.execute("UPDATE fidelity_reading SET small = -1 WHERE id = 5", [])
            }

            // The migration Django applied counts as applied.
            let executor = MigrationExecutor(database: database, app: "fidelity", migrations: [])
            let applied = try await executor.applied()
            #expect(applied == ["0001_initial"])
        }
    }

    struct Case: Decodable {
        let model: String
        let lookup: String
        let value: JSONValue
        let ids: [Int64]
        let excluded: [Int64]
    }

    enum JSONValue: Decodable, Hashable, Sendable {
        case string(String), integer(Int64), double(Double), bool(Bool), list([JSONValue]), datetime(Date)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int64.self) {
                self = .integer(value)
            } else if let value = try? container.decode(Double.self) {
                self = .double(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([JSONValue].self) {
                self = .list(value)
            } else if let micros = try? container.decode([String: Int64].self)["microseconds"] {
                self = .integer(micros)
            } else {
                let text = try container.decode([String: String].self)["datetime"] ?? ""
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "bad datetime \(text)")
                }
                self = .datetime(date)
            }
        }

        /// The value as a Pony user would pass it for `lookup`.
        var databaseValue: DatabaseValue {
            switch self {
            case .string(let text): .text(text)
            case .integer(let number): .integer(number)
            case .double(let number): .double(number)
            case .bool(let flag): flag.databaseValue
            case .datetime(let date): date.databaseValue
            case .list: .null
            }
        }

        func lookupValue(for lookup: String) -> LookupValue {
            guard case .list(let items) = self else { return .value(databaseValue) }
            let values = items.map(\.databaseValue)
            return lookup.hasSuffix("__range") ? .range(values[0], values[1]) : .list(values)
        }
    }

    @Test(arguments: Backend.available) func lookupsReturnTheRowsDjangoReturns(backend: Backend) async throws {
        struct File: Decodable { let cases: [Case] }
        let cases = try JSONDecoder().decode(File.self, from: try Self.results(backend)).cases
        #expect(cases.count == 143)
        try await Self.withDjangoData(on: backend) {
            var mismatches: [String] = []
            for test in cases {
                let condition = Q.lookup(test.lookup, test.value.lookupValue(for: test.lookup))
                func ids<M: Model>(_ model: M.Type) async throws -> ([Int64], [Int64]) {
                    (
                        try await M.objects.filter(condition).distinct().valuesList("id").compactMap(\.first)
                            .compactMap { if case .integer(let id) = $0 { id } else { nil } },
                        try await M.objects.exclude(condition).valuesList("id").compactMap(\.first)
                            .compactMap { if case .integer(let id) = $0 { id } else { nil } }
                    )
                }
                do {
                    let (ids, excluded) =
                        switch test.model {
                        case "book": try await ids(Book.self)
                        case "label": try await ids(Label.self)
                        case "reading": try await ids(Reading.self)
                        default: try await ids(Author.self)
                        }
                    if ids.sorted() != test.ids || excluded.sorted() != test.excluded {
                        mismatches.append(
                            "\(test.model) \(test.lookup)=\(test.value): filter \(ids.sorted()) (Django \(test.ids)), "
                                + "exclude \(excluded.sorted()) (Django \(test.excluded))")
                    }
                } catch {
                    mismatches.append("\(test.model) \(test.lookup)=\(test.value): \(error)")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }
}

extension FidelityTests {
    struct Aggregates: Decodable {
        let books: [String: JSONValue?]
        let fiction_pages__avg: Double
        let none_pages__sum: Int?
        let authors_with_two_books: [[Int64]]
        let authors_by_pages: [[Int64]]
        let genres: [[JSONValue]]
        let over_annotations: [String: JSONValue]
        let over_filtered_annotations: [String: JSONValue]
    }

    @Test(arguments: Backend.available) func aggregatesAndAnnotationsComputeWhatDjangoComputes(backend: Backend)
        async throws
    {
        struct File: Decodable { let aggregates: Aggregates }
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).aggregates
        try await Self.withDjangoData(on: backend) {
            let books = try await Book.objects.aggregate(
                .sum("pages"), .avg("pages"), .min("price"), .max("published"), .count("id"),
                .count("genre", distinct: true), .max("author__name"), .count("published"))
            #expect(Set(books.keys) == Set(django.books.keys))
            #expect(books["pages__sum"] == .integer(1314))
            #expect(books["pages__avg"] == .double(187.71428571428572))
            let cheapest = try Decimal(databaseValue: books["price__min"]!)
            #expect(cheapest == Decimal(string: "0.01"))
            #expect(books["published__max"] == .text("2024-12-31 23:59:00"))
            #expect(books["id__count"] == .integer(7) && books["genre__count"] == .integer(3))
            #expect(books["author__name__max"] == .text("Ängel Ñoño"))
            #expect(books["published__count"] == .integer(5))

            let fiction = try await Book.objects.filter("genre", Genre.fiction).aggregate(["avg": .avg("pages")])
            #expect(fiction["avg"] == .double(django.fiction_pages__avg))
            let none = try await Book.objects.filter("pages__gt", 10_000).aggregate(.sum("pages"))
            #expect(none["pages__sum"] == .null && django.none_pages__sum == nil)

            let two = try await Author.objects.annotate(["n": .count("book")]).filter("n__gte", 2).orderBy("id")
                .fetchAnnotated()
            let pairs = try two.map { [$0.id!, try $0.annotation("n", as: Int64.self)] }
            #expect(pairs == django.authors_with_two_books)
            let byPages = try await Author.objects.annotate(["total": .sum("book__pages")]).orderBy("-total", "id")
                .valuesList("id", "total")
            #expect(byPages == django.authors_by_pages.map { $0.map(DatabaseValue.integer) })
            let genres = try await Book.objects.annotate(["n": .count("id"), "pages": .sum("pages")])
                .orderBy("genre").valuesList("genre", "n", "pages")
            #expect(genres == django.genres.map { $0.map { $0.databaseValue } })

            // Aggregates of annotations read the annotated query as a subquery.
            let over = try await Author.objects.annotate(["n": .count("book"), "pages": .sum("book__pages")])
                .aggregate(.avg("n"), .max("pages"), .count("n", distinct: true))
            #expect(over == django.over_annotations.mapValues { $0.databaseValue })
            let filtered = try await Author.objects.filter("active", true).annotate(["n": .count("book")])
                .filter("n__gte", 2).aggregate(["total": .sum("n"), "authors": .count()])
            #expect(filtered == django.over_filtered_annotations.mapValues { $0.databaseValue })
            await #expect(throws: FieldError.self) {
                try await Author.objects.annotate(["n": .count("book")]).aggregate(.avg("n"), .max("rating"))
            }
        }
    }
}

extension FidelityTests {
    @Test(arguments: Backend.available) func fullCleanReportsWhatDjangoReports(backend: Backend) async throws {
        struct File: Decodable { let validation: [String: [String: [String]]] }
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).validation
        try await Self.withDjangoData(on: backend) {
            func errors(_ model: some Model) async -> [String: [String]] {
                do {
                    try await model.fullClean()
                    return [:]
                } catch {
                    return (error as? ValidationError)?.errors ?? ["unexpected": ["\(error)"]]
                }
            }
            let joined = ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z")!
            let ann = try await Author.objects.get("pk", 1)
            func book(_ title: String, _ price: String, _ tags: [String], _ slug: String, _ site: String) -> Book {
                Book(
                    title: title, author: ForeignKey(ann), pages: 1, price: Decimal(string: price)!, uid: UUID(),
                    genre: .poetry, tags: tags, slug: slug, site: site)
            }
            var cases: [(String, any Model)] = [
                ("author_bad", Author(name: String(repeating: "x", count: 101), email: "not-an-email", joined: joined)),
                ("author_duplicate_email", Author(name: "Ann", email: "ann@example.com", joined: joined)),
                ("author_ok", Author(name: "Dee", email: "dee@example.com", joined: joined)),
                ("book_bad", book("", "12345.678", [], "bad slug!", "notaurl")),
                ("book_places", book("t", "1.234", ["x"], "ok", "")),
                ("book_ok", book("t", "9999.99", ["x"], "ok-slug_1", "https://a.example/x")),
            ]
            // The check and conditional unique constraints.
            let bob = try await Author.objects.get("pk", 2)
            let published = ISO8601DateFormatter().date(from: "2024-01-01T00:00:00Z")!
            func book(_ pages: Int32, _ price: String, _ slug: String, _ date: Date?) -> Book {
                Book(
                    title: "c", author: ForeignKey(bob), pages: pages, price: Decimal(string: price)!,
                    uid: UUID(uuidString: "00000000-0000-0000-0000-000000000060")!, genre: .poetry, tags: ["x"],
                    published: date, slug: slug, site: "")
            }
            cases += [
                (
                    "author_inactive_rated_high",
                    Author(name: "Eve", email: "eve@example.com", rating: 4.5, active: false, joined: joined)
                ),
                ("book_pages_zero", book(0, "1.00", "c", nil)),
                ("book_price_high", book(1, "50.00", "c", published)),
                ("book_price_zero_and_pages_zero", book(0, "0.00", "c", nil)),
                ("book_live_slug_taken", book(320, "1.00", "the-birds", published)),
                ("book_draft_slug", book(320, "1.00", "the-birds", nil)),
                (
                    "book_published_early",
                    book(320, "1.00", "c", ISO8601DateFormatter().date(from: "1999-12-31T23:59:00Z"))
                ),
                ("book_slug_quote", book(320, "1.00", "x'y", nil)),
                ("label_upper_case_taken", Label(name: "CLASSIC")), ("label_new", Label(name: "Fresh")),
            ]
            #expect(Set(cases.map(\.0)) == Set(django.keys))
            for (name, model) in cases {
                let pony = await errors(model)
                #expect(pony == django[name], "\(name)")
            }
        }
    }
}

/// A database that is never reached: for producing SQL only.
struct NoDatabase: Database {
    var dialect: SQLDialect = .sqlite
    var isInTransaction: Bool { false }
    func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] { throw DatabaseError("unused") }
    func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        throw DatabaseError("unused")
    }
    func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        throw DatabaseError("unused")
    }
    func close() async throws {}
}

extension FidelityTests {
    /// Annotations with database functions and `Case`, against Django's `Lower`, `Upper`,
    /// `Length`, `Concat`, `Coalesce`, `NullIf`, `Abs`, `Trim`, `Case` and `When` on the same data.
    @Test(arguments: Backend.available) func expressionsComputeWhatDjangoComputes(backend: Backend) async throws {
        struct File: Decodable {
            struct Aggregates: Decodable { let expressions: [String: [[JSONValue?]]] }
            let aggregates: Aggregates
        }
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).aggregates.expressions
        let expected = django.mapValues { $0.map { $0.map { $0?.databaseValue ?? .null } } }
        let size = F.case(
            When("pages__gte", 300, then: .value("long")), When("pages__gte", 100, then: .value("medium")),
            default: .value("short"))
        try await Self.withDjangoData(on: backend) {
            var results: [String: [[DatabaseValue]]] = [:]
            results["lower_names"] = try await Author.objects.annotate(["v": .lower(F("name"))]).orderBy("v", "id")
                .valuesList("id", "v")
            results["upper_a"] = try await Author.objects.annotate(["v": .upper(F("name"))])
                .filter("v__startswith", "A").orderBy("id").valuesList("id", "v")
            results["title_lengths"] = try await Book.objects.annotate(["v": .length(F("title"))])
                .filter("v__gt", 10).orderBy("-v", "id").valuesList("id", "v")
            results["contacts"] = try await Author.objects
                .annotate(["v": .concat(F("name"), .value(" <"), F("email"), .value(">"))]).orderBy("id")
                .valuesList("id", "v")
            results["bios"] = try await Author.objects.annotate(["v": .concat(.value("["), F("bio"), .value("]"))])
                .orderBy("id").valuesList("id", "v")
            results["titles_and_pages"] = try await Book.objects
                .annotate(["v": .concat(F("title"), .value(": "), F("pages"))]).orderBy("id").valuesList("id", "v")
            results["bio_or_dash"] = try await Author.objects.annotate(["v": .coalesce(F("bio"), .value("-"))])
                .orderBy("id").valuesList("id", "v")
            results["empty_bio_null"] = try await Author.objects.annotate(["v": .nullIf(F("bio"), .value(""))])
                .orderBy("id").valuesList("id", "v")
            results["sizes"] = try await Book.objects.annotate(["v": size]).orderBy("id").valuesList("id", "v")
            results["long_books"] = [
                [.integer(Int64(try await Book.objects.annotate(["v": size]).filter("v", "long").count()))]
            ]
            results["poetry_pages"] = try await Book.objects
                .annotate(["v": .case(When("genre", Genre.poetry, then: F("pages")))]).orderBy("id")
                .valuesList("id", "v")
            results["levels"] = try await Reading.objects.filter("level__gt", -32768)
                .annotate(["v": .abs(F("level"))]).orderBy("-v", "id").valuesList("id", "v")
            results["trimmed"] = try await Author.objects
                .annotate(["v": .trim(.concat(.value("  "), F("name"), .value("  ")))]).orderBy("id")
                .valuesList("id", "v")
            results["chained"] = try await Author.objects.annotate(["l": .lower(F("name")), "n": .length(F("l"))])
                .orderBy("-n", "id").valuesList("id", "l", "n")
            results["with_counts"] = try await Author.objects.annotate(["books": .count("book")])
                .annotate(["initial": .upper(F("name"))]).filter("books__gte", 1).orderBy("id")
                .valuesList("id", "initial", "books")
            results["by_size"] = try await Book.objects.annotate(["v": size])
                .annotate(["n": .count("id"), "pages": .sum("pages")]).orderBy("v").valuesList("v", "n", "pages")
            // Aggregates with a filter (Django's `filter=Q(…)`) and of expressions.
            results["long_book_counts"] = try await Author.objects
                .annotate(["n": .count("book", filter: Q("book__pages__gte", 300))]).orderBy("id").valuesList("id", "n")
            results["poetry_pages_by_author"] = try await Author.objects
                .annotate(["p": .sum("book__pages", filter: Q("book__genre", Genre.poetry))]).orderBy("id")
                .valuesList("id", "p")
            results["many_long_books"] = try await Author.objects
                .annotate(["n": .count("book", filter: Q("book__pages__gte", 150))]).filter("n__gte", 2)
                .orderBy("-n", "id").valuesList("id", "n")
            // Date parts (NULL sorts first on SQLite, last on PostgreSQL, in Django as here).
            results["published_years"] = try await Book.objects.annotate(["y": .extract(.year, F("published"))])
                .annotate(["n": .count("id")]).orderBy("y").valuesList("y", "n")
            results["reading_months"] = try await Reading.objects
                .annotate(["m": .extract(.month, F("day")), "d": .extract(.day, F("day"))]).orderBy("id")
                .valuesList("id", "m", "d")
            results["books_by_month"] = try await Book.objects.annotate(["m": .trunc(.month, F("published"))])
                .annotate(["n": .count("id")]).orderBy("m").valuesList("m", "n")
            results["published_years_start"] = try await Book.objects.filter("published__isnull", false)
                .annotate(["y": .trunc(.year, F("published"))]).orderBy("id").valuesList("id", "y")
            results["reading_month_starts"] = try await Reading.objects
                .annotate(["m": .trunc(.month, F("day")), "d": .trunc(.day, F("day"))]).orderBy("id")
                .valuesList("id", "m", "d")
            results["joined_in_june"] = try await Author.objects.annotate(["m": .extract(.month, F("joined"))])
                .filter("m", 6).orderBy("id").valuesList("id", "m")
            // Subqueries that name the outer row.
            let top = Book.objects.filter("author", F.outer("pk")).orderBy("-pages", "id").limit(1)
            results["top_titles"] = try await Author.objects.annotate(["t": .subquery(top, "title")]).orderBy("id")
                .valuesList("id", "t")
            results["with_long_books"] = try await Author.objects
                .filter(.exists(Book.objects.filter("author", F.outer("pk")).filter("pages__gte", 300))).orderBy("id")
                .valuesList("id")
            results["without_poetry"] = try await Author.objects
                .filter(~.exists(Book.objects.filter("author", F.outer("pk")).filter("genre", Genre.poetry)))
                .orderBy("id").valuesList("id")
            results["writes_poetry"] = try await Author.objects
                .annotate(["p": .exists(Book.objects.filter("author", F.outer("pk")).filter("genre", Genre.poetry))])
                .orderBy("id").valuesList("id", "p")
            results["by_active_authors"] = try await Book.objects
                .filter(.exists(Author.objects.filter("pk", F.outer("author")).filter("active", true))).orderBy("id")
                .valuesList("id")
            // On the outer query's own model (its table goes by U0 inside), and joining its table.
            let genreAverage = Book.objects.filter("genre", F.outer("genre")).annotate(["a": .avg("price")])
            results["above_genre_average"] = try await Book.objects
                .filter(Q("price__gt", .subquery(genreAverage, "a"))).orderBy("id").valuesList("id")
            let shorter = Book.objects.filter("author", F.outer("author")).filter("pages__lt", F.outer("pages"))
                .orderBy("-pages", "id").limit(1)
            results["next_shorter_by_author"] = try await Book.objects.annotate(["prev": .subquery(shorter, "title")])
                .orderBy("id").valuesList("id", "prev")
            results["with_sibling"] = try await Book.objects
                .filter(.exists(Book.objects.filter("author", F.outer("author")).exclude(Q("pk", F.outer("pk")))))
                .orderBy("id").valuesList("id")
            let byName = Book.objects.filter("author__name", F.outer("name")).orderBy("title").limit(1)
            results["first_title_by_name"] = try await Author.objects.annotate(["t": .subquery(byName, "title")])
                .orderBy("id").valuesList("id", "t")
            #expect(try await Author.objects.filter(.exists(Author.objects.filter("pk", F.outer("pk")))).count() == 4)
            await #expect(throws: FieldError.self) { try await Author.objects.filter("id", F.outer("pk")).count() }
            results["bio_sizes"] = try await Author.objects
                .annotate([
                    "g": .greatest(.length(F("bio")), .value(3)), "l": .least(.length(F("bio")), .value(3)),
                    "r": .greatest(F("rating"), .value(4.25)) + 0.125,
                ]).orderBy("id").valuesList("id", "g", "l", "r")
            results["title_parts"] = try await Book.objects
                .annotate([
                    "l": .left(F("title"), 3), "r": .right(F("title"), 4),
                    "s": .substring(F("title"), from: 2, length: 3),
                    "t": .substring(F("title"), from: 5), "p": .position(of: .value("e"), in: F("title")),
                    "x": .replace(F("title"), .value("e"), with: .value("3")), "y": .replace(F("title"), .value("the")),
                ]).orderBy("id").valuesList("id", "l", "r", "s", "t", "p", "x", "y")
            results["published_by_now"] = try await Book.objects.filter("published__lte", F.now).orderBy("id")
                .valuesList("id")
            func neighbours<M: Model>(_ model: M.Type, _ field: String) async throws -> [[DatabaseValue]] {
                var rows: [[DatabaseValue]] = []
                for instance in try await M.objects.orderBy("id").fetch() {
                    let next = try? await instance.next(by: field)
                    let previous = try? await instance.previous(by: field)
                    rows.append([instance.pk, next?.pk ?? .null, previous?.pk ?? .null])
                }
                return rows
            }
            results["next_by_joined"] = try await neighbours(Author.self, "joined")
            results["next_by_day"] = try await neighbours(Reading.self, "day")
            results["published_nulls_last"] = try await Book.objects
                .orderBy(F("published").desc(nulls: .last), "id").valuesList("id")
            results["published_nulls_first"] = try await Book.objects
                .orderBy(F("published").asc(nulls: .first), "id").valuesList("id")
            results["bio_nulls_reversed"] = try await Author.objects.orderBy(F("bio").asc(nulls: .last)).reverse()
                .valuesList("id")
            results["by_lower_name"] = try await Author.objects.orderBy(F.lower(F("name")).desc()).valuesList("id")
            func ids(_ books: [Book]) -> [[DatabaseValue]] { books.map { [$0.pk] } }
            let short = Book.objects.filter("pages__lt", 100)
            let poetry = Book.objects.filter("genre", Genre.poetry)
            results["union"] = ids(try await short.union(poetry).orderBy("-pages").fetch())
            results["union_all_count"] = [[.integer(Int64(try await short.union(poetry, all: true).count()))]]
            results["intersection"] = ids(try await short.intersection(poetry).orderBy("id").fetch())
            results["difference"] = ids(try await short.difference(poetry).orderBy("id").fetch())
            results["union_sliced"] = ids(try await short.union(poetry).orderBy("title")[0..<2].fetch())
            let three = Book.objects.filter("pk", 1).union(Book.objects.filter("pk", 2), Book.objects.filter("pk", 3))
            results["union_of_three_last"] = [[try await three.orderBy("id").last()?.pk ?? .null]]
            try await Label.objects.bulkCreate([Label(name: "classic"), Label(name: "new")], onConflict: .ignore)
            let joined2025 = ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z")!
            try await Author.objects.bulkCreate(
                [
                    Author(name: "Ann B", email: "ann@example.com", joined: joined2025),
                    Author(name: "Eve", email: "eve@example.com", joined: joined2025),
                ], onConflict: .update(["name"], uniqueFields: ["email"]))
            results["bulk_conflicts"] =
                try await Label.objects.orderBy("name").valuesList("name")
                + Author.objects.orderBy("email").valuesList("email", "name")
            results["casts"] = try await Book.objects
                .annotate([
                    "f": .cast(F("price"), as: .float) + 0.125, "t": .cast(F("pages"), as: .char(maxLength: 10)),
                    "d": .cast(F("published"), as: .date), "i": .cast(.cast(F("price"), as: .float) * 3, as: .integer),
                ]).orderBy("id").valuesList("id", "f", "t", "d", "i")
            results["aliased"] = try await Book.objects.alias(["n": .length(F("title"))]).filter("n__gt", 8)
                .orderBy("-n", "id").valuesList("id")
            results["aliased_count"] = try await Author.objects.alias(["c": .count("book")]).filter("c__gte", 2)
                .orderBy("id").valuesList("id")
            let aliased = Book.objects.alias(["n": .length(F("title"))])
            let aggregated = await #expect(throws: FieldError.self) { try await aliased.aggregate(["s": .sum("n")]) }
            #expect(aggregated?.description == "Cannot aggregate over the 'n' alias. Use annotate() to promote it.")
            #expect(try await aliased.fetchAnnotated().allSatisfy { $0.annotations.isEmpty })
            await #expect(throws: FieldError.self) { try await aliased.valuesList("id", "n") }
            results["reversed"] = try await Book.objects.orderBy("genre", "-pages").reverse().valuesList("id")
            let none = Book.objects.none()
            results["none"] = [
                [
                    .integer(Int64(try await none.count())),
                    .integer(try await none.filter("pages__gt", 0).exists() ? 1 : 0),
                ]
            ]
            results["raw"] = try await Book.objects.raw(
                "SELECT * FROM fidelity_book WHERE pages > %s OR title LIKE '%%100%%' ORDER BY id", [300]
            ).map { [$0.id.map { .integer($0) } ?? .null, .text($0.title)] }
            let counts = try await Book.objects.aggregate([
                "long": .sum(.case(When("pages__gte", 300, then: .value(1)), default: .value(0))),
                "short": .count("id", filter: Q("pages__lt", 100)), "longest": .max(.length(F("title"))),
            ])
            results["size_counts"] = [[counts["long"], counts["short"], counts["longest"]].map { $0 ?? .null }]
            await #expect(throws: FieldError.self) { try await Book.objects.aggregate(.max(.length(F("title")))) }
            #expect(Set(results.keys) == Set(django.keys))
            for (name, rows) in results.sorted(by: { $0.key < $1.key }) {
                #expect(rows == expected[name], "\(name)")
            }
            // In a lookup: the authors whose name is its own LOWER (as Django's LOWER left it).
            let lowered = Dictionary(uniqueKeysWithValues: (expected["lower_names"] ?? []).map { ($0[0], $0[1]) })
            let names = try await Author.objects.orderBy("id").valuesList("id", "name")
            let unchanged = names.filter { lowered[$0[0]] == $0[1] }.map { [$0[0]] }
            #expect(
                try await Author.objects.filter("name", F.lower(F("name"))).orderBy("id").valuesList("id") == unchanged)
            #expect(unchanged.count == 2)
            // An expression of an aggregate is filtered as one (SQL `HAVING`).
            let plusOne = try await Author.objects.annotate(["n": .count("book")]).annotate(["m": F("n") + 1])
                .filter("m__gte", 3).orderBy("id").valuesList("id", "m")
            let two = try await Author.objects.annotate(["n": .count("book")]).filter("n__gte", 2).orderBy("id")
                .valuesList("id", "n")
            #expect(plusOne == two.map { [$0[0], .integer((try? Int64(databaseValue: $0[1])).map { $0 + 1 } ?? 0)] })
            #expect(plusOne.count == 3)
            // An annotation sees the ones before it, not itself or later ones.
            await #expect(throws: FieldError.self) {
                try await Author.objects.annotate(["n": .length(F("n"))]).valuesList("id", "n")
            }
        }
    }
}

extension FidelityTests {
    /// Check and conditional unique constraints added to and removed from existing tables
    /// write Django's SQL: `ALTER TABLE … ADD CONSTRAINT … CHECK` and partial unique indexes on
    /// PostgreSQL; on SQLite a rebuilt table that keeps the other constraints' indexes.
    @Test(arguments: [Backend.sqlite, .postgresql]) func constraintOperationsWriteDjangosSQL(backend: Backend) throws {
        let created = try Autodetector(
            from: ProjectState(), to: fidelityModels.map { ModelState($0.schemaInfo) },
            questioner: NonInteractiveQuestioner()
        ).changes()
        let migrations = [
            Migration(name: "0001_initial", dependencies: [], operations: created, initial: true),
            Migration(
                name: "0002_constraints", dependencies: ["0001_initial"],
                operations: [
                    .addConstraint(
                        model: "reading",
                        constraint: .check(
                            Q("level__gte", -10) & Q("level__lte", F("small") + 100), name: "fidelity_reading_level")),
                    .addConstraint(
                        model: "reading",
                        constraint: .unique(
                            fields: ["day"], name: "fidelity_reading_one_high_day", condition: Q("level__gt", 0))),
                    .addConstraint(
                        model: "label", constraint: .check(~Q("name__in", ["", "none"]), name: "fidelity_label_named")),
                ], initial: false),
            Migration(
                name: "0003_no_constraints", dependencies: ["0002_constraints"],
                operations: [
                    .removeConstraint(model: "reading", name: "fidelity_reading_level"),
                    .removeConstraint(model: "reading", name: "fidelity_reading_one_high_day"),
                    .removeConstraint(model: "label", name: "fidelity_label_named"),
                ], initial: false),
        ]
        let database = NoDatabase(dialect: backend == .sqlite ? .sqlite : .postgresql)
        let executor = MigrationExecutor(database: database, app: "fidelity", migrations: migrations)
        let django = try Self.fixture("django_sqlmigrate_constraints_\(backend.rawValue).sql")
            .components(separatedBy: "COMMIT;").dropLast().map { block in
                block.split(separator: "\n").filter { !$0.hasPrefix("--") && $0 != "BEGIN;" }.map(String.init)
            }
        #expect(django.count == 2)
        for (name, theirs) in zip(["0002_constraints", "0003_no_constraints"], django) {
            let ours = try executor.sql(for: name).map { $0.hasSuffix(";") ? $0 : $0 + ";" }
            #expect(ours == theirs, "\(name):\n\(ours.joined(separator: "\n"))")
        }
    }
}
