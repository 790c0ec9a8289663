import Foundation
import PonyORM
import Synchronization
import Testing

/// A database that records the statements it is given and answers with no rows.
final class RecordingDatabase: Database {
    let dialect: SQLDialect
    private let statements = Mutex<[(String, [DatabaseValue])]>([])

    init(_ dialect: SQLDialect) { self.dialect = dialect }

    var isInTransaction: Bool { false }
    var recorded: [(sql: String, binds: [DatabaseValue])] { statements.withLock { $0 } }

    func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        statements.withLock { $0.append((sql, binds)) }
        return []
    }
    func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        statements.withLock { $0.append((sql, binds)) }
        return ExecutionResult(changes: 0, lastInsertID: 0)
    }
    func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await body()
    }
    func close() async throws {}
}

/// The SQL each kind of query produces on both dialects, written out next to the query, as
/// swift-structured-queries' inline snapshots are: a change in the query tree or a dialect
/// shows here as a diff of SQL text.
@Suite struct SQLSnapshotTests {
    /// The statements `body` sends on `dialect`, with their binds.
    static func statements(
        _ dialect: SQLDialect, _ body: @Sendable () async throws -> Void
    ) async throws -> [(sql: String, binds: [DatabaseValue])] {
        let database = RecordingDatabase(dialect)
        try await ORM.using(database, models: allModels) { try await body() }
        return database.recorded
    }

    static func sql(_ dialect: SQLDialect, _ body: @Sendable () async throws -> Void) async throws -> String {
        try await statements(dialect, body).map { "\($0.sql) -- \($0.binds.map { "\($0)" }.joined(separator: ", "))" }
            .joined(separator: "\n")
    }

    /// Checks the statements `body` sends on each dialect against the text written in the test.
    static func expectSQL(
        _ body: @Sendable () async throws -> Void, sqlite: String, postgresql: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(try await sql(.sqlite, body) == sqlite, sourceLocation: sourceLocation)
        #expect(try await sql(.postgresql, body) == postgresql, sourceLocation: sourceLocation)
    }

    /// The same, for statements both dialects write alike.
    static func expectSQL(
        _ body: @Sendable () async throws -> Void, both: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await expectSQL(body, sqlite: both, postgresql: both, sourceLocation: sourceLocation)
    }

    @Test func getByPrimaryKeyIsACachedStatement() async throws {
        try await Self.expectSQL(
            {
                _ = try? await Owner.objects.get(pk: 3)
            },
            sqlite: #"""
                SELECT "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score" FROM "ponyormtests_owner" WHERE "ponyormtests_owner"."id" = ? LIMIT ? -- integer(3), integer(21)
                """#,
            postgresql: #"""
                SELECT "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score" FROM "ponyormtests_owner" WHERE "ponyormtests_owner"."id" = $1 LIMIT $2 -- integer(3), integer(21)
                """#)
    }

    @Test func filterAndExcludeKeepNulls() async throws {
        try await Self.expectSQL(
            {
                _ = try await Task.objects.filter("completed", false).exclude("note__icontains", "50%_off").fetch()
            },
            sqlite: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id" FROM "ponyormtests_task" WHERE "ponyormtests_task"."completed" = ? AND NOT ("ponyormtests_task"."note" LIKE ? ESCAPE '\' AND "ponyormtests_task"."note" IS NOT NULL) ORDER BY "ponyormtests_task"."id" ASC -- integer(0), text("%50\\%\\_off%")
                """#,
            postgresql: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id" FROM "ponyormtests_task" WHERE "ponyormtests_task"."completed" = $1 AND NOT (UPPER("ponyormtests_task"."note"::text) LIKE UPPER($2) AND "ponyormtests_task"."note" IS NOT NULL) ORDER BY "ponyormtests_task"."id" ASC -- integer(0), text("%50\\%\\_off%")
                """#)
    }

    @Test func orInRangeIsNullOrderingAndSlicing() async throws {
        try await Self.expectSQL(
            {
                _ = try await Task.objects.filter(
                    Q("priority__in", ["low", "high"]) | Q("due__isnull", true) | Q("id__range", 1...9)
                ).orderBy("-createdAt", "?").limit(5).offset(10).fetch()
            },
            sqlite: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id" FROM "ponyormtests_task" WHERE ("ponyormtests_task"."priority" IN (?, ?) OR "ponyormtests_task"."due" IS NULL OR "ponyormtests_task"."id" BETWEEN ? AND ?) ORDER BY "ponyormtests_task"."created_at" DESC, RANDOM() LIMIT ? OFFSET ? -- text("low"), text("high"), integer(1), integer(9), integer(5), integer(10)
                """#,
            postgresql: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id" FROM "ponyormtests_task" WHERE ("ponyormtests_task"."priority" IN ($1, $2) OR "ponyormtests_task"."due" IS NULL OR "ponyormtests_task"."id" BETWEEN $3 AND $4) ORDER BY "ponyormtests_task"."created_at" DESC, RANDOM() LIMIT $5 OFFSET $6 -- text("low"), text("high"), integer(1), integer(9), integer(5), integer(10)
                """#)
    }

    @Test func lookupsAcrossAForeignKeyJoin() async throws {
        try await Self.expectSQL(
            {
                _ = try await Task.objects.filter("owner__name__startswith", "A").selectRelated("owner").fetch()
            },
            sqlite: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id", "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score" FROM "ponyormtests_task" INNER JOIN "ponyormtests_owner" ON ("ponyormtests_task"."owner_id" = "ponyormtests_owner"."id") WHERE "ponyormtests_owner"."name" LIKE ? ESCAPE '\' ORDER BY "ponyormtests_task"."id" ASC -- text("A%")
                """#,
            postgresql: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id", "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score" FROM "ponyormtests_task" INNER JOIN "ponyormtests_owner" ON ("ponyormtests_task"."owner_id" = "ponyormtests_owner"."id") WHERE "ponyormtests_owner"."name"::text LIKE $1 ORDER BY "ponyormtests_task"."id" ASC -- text("A%")
                """#)
    }

    @Test func excludingAcrossAReverseRelationUsesASubquery() async throws {
        try await Self.expectSQL(
            {
                _ = try await Owner.objects.exclude("task__name__regex", "^x").distinct().fetch()
            },
            sqlite: #"""
                SELECT DISTINCT "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score" FROM "ponyormtests_owner" WHERE NOT ("ponyormtests_owner"."id" IN (SELECT "U0"."id" FROM "ponyormtests_owner" "U0" LEFT OUTER JOIN "ponyormtests_task" "U1" ON ("U0"."id" = "U1"."owner_id") WHERE "U1"."name" REGEXP ?)) -- text("^x")
                """#,
            postgresql: #"""
                SELECT DISTINCT "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score" FROM "ponyormtests_owner" WHERE NOT ("ponyormtests_owner"."id" IN (SELECT "U0"."id" FROM "ponyormtests_owner" "U0" LEFT OUTER JOIN "ponyormtests_task" "U1" ON ("U0"."id" = "U1"."owner_id") WHERE "U1"."name"::text ~ $1)) -- text("^x")
                """#)
    }

    @Test func dateParts() async throws {
        try await Self.expectSQL(
            {
                _ = try await Task.objects.filter("createdAt__year__gte", 2024).filter("createdAt__date", "2024-02-29")
                    .fetch()
            },
            sqlite: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id" FROM "ponyormtests_task" WHERE CAST(strftime('%Y', "ponyormtests_task"."created_at") AS integer) >= ? AND date("ponyormtests_task"."created_at") = ? ORDER BY "ponyormtests_task"."id" ASC -- integer(2024), text("2024-02-29")
                """#,
            postgresql: #"""
                SELECT "ponyormtests_task"."id", "ponyormtests_task"."name", "ponyormtests_task"."note", "ponyormtests_task"."created_at", "ponyormtests_task"."due", "ponyormtests_task"."completed", "ponyormtests_task"."priority", "ponyormtests_task"."tags", "ponyormtests_task"."owner_id" FROM "ponyormtests_task" WHERE EXTRACT(YEAR FROM "ponyormtests_task"."created_at" AT TIME ZONE 'UTC') >= $1 AND ("ponyormtests_task"."created_at" AT TIME ZONE 'UTC')::date = $2 ORDER BY "ponyormtests_task"."id" ASC -- integer(2024), text("2024-02-29")
                """#)
    }

    @Test func countAndExists() async throws {
        try await Self.expectSQL(
            {
                _ = try await Task.objects.filter("completed", true).count()
                _ = try await Task.objects.filter("completed", true).exists()
            },
            sqlite: #"""
                SELECT COUNT(*) FROM "ponyormtests_task" WHERE "ponyormtests_task"."completed" = ? -- integer(1)
                SELECT 1 FROM "ponyormtests_task" WHERE "ponyormtests_task"."completed" = ? LIMIT ? -- integer(1), integer(1)
                """#,
            postgresql: #"""
                SELECT COUNT(*) FROM "ponyormtests_task" WHERE "ponyormtests_task"."completed" = $1 -- integer(1)
                SELECT 1 FROM "ponyormtests_task" WHERE "ponyormtests_task"."completed" = $1 LIMIT $2 -- integer(1), integer(1)
                """#)
    }

    @Test func aggregatesRunOverTheQueryAsASubquery() async throws {
        try await Self.expectSQL(
            {
                _ = try await Owner.objects.filter("name__iexact", "ann").aggregate(.avg("score"), .count("task"))
            },
            sqlite: #"""
                SELECT AVG("ponyormtests_owner"."score") AS "score__avg", COUNT("ponyormtests_task"."id") AS "task__count" FROM "ponyormtests_owner" LEFT OUTER JOIN "ponyormtests_task" ON ("ponyormtests_owner"."id" = "ponyormtests_task"."owner_id") WHERE "ponyormtests_owner"."id" IN (SELECT * FROM (SELECT "ponyormtests_owner"."id" FROM "ponyormtests_owner" WHERE "ponyormtests_owner"."name" LIKE ? ESCAPE '\') "subquery") -- text("ann")
                """#,
            postgresql: #"""
                SELECT AVG("ponyormtests_owner"."score")::double precision AS "score__avg", COUNT("ponyormtests_task"."id") AS "task__count" FROM "ponyormtests_owner" LEFT OUTER JOIN "ponyormtests_task" ON ("ponyormtests_owner"."id" = "ponyormtests_task"."owner_id") WHERE "ponyormtests_owner"."id" IN (SELECT * FROM (SELECT "ponyormtests_owner"."id" FROM "ponyormtests_owner" WHERE UPPER("ponyormtests_owner"."name"::text) LIKE UPPER($1)) "subquery") -- text("ann")
                """#)
    }

    @Test func annotationsGroupAndFilterWithHaving() async throws {
        try await Self.expectSQL(
            {
                _ = try await Owner.objects.annotate(["n": .count("task")]).filter("n__gte", 2).fetch()
            },
            sqlite: #"""
                SELECT "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score", COUNT("ponyormtests_task"."id") AS "n" FROM "ponyormtests_owner" LEFT OUTER JOIN "ponyormtests_task" ON ("ponyormtests_owner"."id" = "ponyormtests_task"."owner_id") GROUP BY "ponyormtests_owner"."id" HAVING COUNT("ponyormtests_task"."id") >= ? -- integer(2)
                """#,
            postgresql: #"""
                SELECT "ponyormtests_owner"."id", "ponyormtests_owner"."name", "ponyormtests_owner"."token", "ponyormtests_owner"."score", COUNT("ponyormtests_task"."id") AS "n" FROM "ponyormtests_owner" LEFT OUTER JOIN "ponyormtests_task" ON ("ponyormtests_owner"."id" = "ponyormtests_task"."owner_id") GROUP BY "ponyormtests_owner"."id" HAVING COUNT("ponyormtests_task"."id") >= $1 -- integer(2)
                """#)
    }

    @Test func updateWithFExpressions() async throws {
        try await Self.expectSQL(
            {
                _ = try await Owner.objects.filter("task__completed", true).update(["score": F("score") + 1])
            },
            sqlite: #"""
                UPDATE "ponyormtests_owner" SET "score" = ("ponyormtests_owner"."score" + ?) WHERE "ponyormtests_owner"."id" IN (SELECT "ponyormtests_owner"."id" FROM "ponyormtests_owner" LEFT OUTER JOIN "ponyormtests_task" ON ("ponyormtests_owner"."id" = "ponyormtests_task"."owner_id") WHERE "ponyormtests_task"."completed" = ?) -- integer(1), integer(1)
                """#,
            postgresql: #"""
                UPDATE "ponyormtests_owner" SET "score" = ("ponyormtests_owner"."score" + $1) WHERE "ponyormtests_owner"."id" IN (SELECT "ponyormtests_owner"."id" FROM "ponyormtests_owner" LEFT OUTER JOIN "ponyormtests_task" ON ("ponyormtests_owner"."id" = "ponyormtests_task"."owner_id") WHERE "ponyormtests_task"."completed" = $2) -- integer(1), integer(1)
                """#)
    }
}

extension SQLSnapshotTests {
    @Test func insertsAndUpdatesByPrimaryKey() async throws {
        let body: @Sendable () async throws -> Void = {
            var owner = Owner(name: "Ann", token: "t1")
            try await owner.save()
            owner.id = 7
            try await owner.save(updateFields: ["name"])
            _ = try await Owner.objects.bulkCreate([Owner(name: "a", token: "t2"), Owner(name: "b", token: "t3")])
        }
        try await Self.expectSQL(
            body,
            sqlite: #"""
                INSERT INTO "ponyormtests_owner" ("name", "token", "score") VALUES (?, ?, ?) -- text("Ann"), text("t1"), integer(0)
                UPDATE "ponyormtests_owner" SET "name" = ? WHERE "ponyormtests_owner"."id" = ? -- text("Ann"), integer(7)
                INSERT INTO "ponyormtests_owner" ("name", "token", "score") VALUES (?, ?, ?), (?, ?, ?) -- text("a"), text("t2"), integer(0), text("b"), text("t3"), integer(0)
                """#,
            postgresql: #"""
                INSERT INTO "ponyormtests_owner" ("name", "token", "score") VALUES ($1, $2, $3) RETURNING "id" -- text("Ann"), text("t1"), integer(0)
                UPDATE "ponyormtests_owner" SET "name" = $1 WHERE "ponyormtests_owner"."id" = $2 -- text("Ann"), integer(7)
                INSERT INTO "ponyormtests_owner" ("name", "token", "score") VALUES ($1, $2, $3), ($4, $5, $6) RETURNING "id" -- text("a"), text("t2"), integer(0), text("b"), text("t3"), integer(0)
                """#)
    }

    /// Django 5.2.19 writes `NOT ("ex_writer"."name" = Bob AND "ex_writer"."name" IS NOT NULL)`
    /// behind a `LEFT OUTER JOIN` for `exclude(reviewer__name="Bob")` on a nullable foreign key
    /// (checked in this session), keeping the rows without a target.
    @Test func excludingThroughANullableForeignKeyKeepsRowsWithoutOne() async throws {
        try await Self.expectSQL(
            { _ = try await Sticker.objects.exclude("owner__name", "Bob").fetch() },
            sqlite: #"""
                SELECT "ponyormtests_sticker"."id", "ponyormtests_sticker"."text", "ponyormtests_sticker"."owner_id" FROM "ponyormtests_sticker" LEFT OUTER JOIN "ponyormtests_owner" ON ("ponyormtests_sticker"."owner_id" = "ponyormtests_owner"."id") WHERE NOT ("ponyormtests_owner"."name" = ? AND "ponyormtests_owner"."name" IS NOT NULL) -- text("Bob")
                """#,
            postgresql: #"""
                SELECT "ponyormtests_sticker"."id", "ponyormtests_sticker"."text", "ponyormtests_sticker"."owner_id" FROM "ponyormtests_sticker" LEFT OUTER JOIN "ponyormtests_owner" ON ("ponyormtests_sticker"."owner_id" = "ponyormtests_owner"."id") WHERE NOT ("ponyormtests_owner"."name" = $1 AND "ponyormtests_owner"."name" IS NOT NULL) -- text("Bob")
                """#)
    }
}

extension SQLSnapshotTests {
    /// Date parts in a time zone: `AT TIME ZONE` on PostgreSQL, as Django writes it (the zone a
    /// literal here, a parameter in Django), PonySQLite's functions on SQLite; a fixed offset is
    /// an ISO 8601 interval on PostgreSQL, whose POSIX zone names read offsets backwards.
    @Test func datePartsInATimeZone() async throws {
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        let count = #"SELECT COUNT(*) FROM "ponyormtests_task" WHERE "#
        try await Self.expectSQL(
            {
                try await ORM.$timeZone.withValue(oslo) { () async throws in
                    _ = try await Task.objects.filter("due__hour", 5).filter("createdAt__year", 2026).count()
                    _ = try await Task.objects.annotate(["d": .trunc(.week, F("due"))]).valuesList("d")
                }
                try await ORM.$timeZone.withValue(try #require(TimeZone(secondsFromGMT: -34_200))) { () async throws in
                    _ = try await Task.objects.filter("due__week_day", 1).count()
                }
            },
            sqlite: count
                + #"""
                pony_date_part('hour', "ponyormtests_task"."due", 'Europe/Oslo') = ? AND pony_date_part('year', "ponyormtests_task"."created_at", 'Europe/Oslo') = ? -- integer(5), integer(2026)
                SELECT pony_date_trunc('week', "ponyormtests_task"."due", 'Europe/Oslo') AS "d" FROM "ponyormtests_task" ORDER BY "ponyormtests_task"."id" ASC -- 
                """# + "\n" + count
                    + #"""
                    pony_date_part('week_day', "ponyormtests_task"."due", 'GMT-0930') = ? -- integer(1)
                    """#,
            postgresql: count
                + #"""
                EXTRACT(HOUR FROM "ponyormtests_task"."due" AT TIME ZONE 'Europe/Oslo') = $1 AND EXTRACT(YEAR FROM "ponyormtests_task"."created_at" AT TIME ZONE 'Europe/Oslo') = $2 -- integer(5), integer(2026)
                SELECT (DATE_TRUNC('week', "ponyormtests_task"."due" AT TIME ZONE 'Europe/Oslo') AT TIME ZONE 'Europe/Oslo') AS "d" FROM "ponyormtests_task" ORDER BY "ponyormtests_task"."id" ASC -- 
                """# + "\n" + count
                    + #"""
                    (EXTRACT(DOW FROM "ponyormtests_task"."due" AT TIME ZONE INTERVAL '-09:30') + 1) = $1 -- integer(1)
                    """#)
    }
}
