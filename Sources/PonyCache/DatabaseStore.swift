import Foundation
internal import PonyORM

/// Django's `DatabaseCache`: entries in a table of the app's database (`ORM.database`), laid
/// out as Django's `createcachetable` lays it out.
struct DatabaseStore: CacheStore {
    let table: String
    let maxEntries: Int
    let cullFrequency: Int

    init(table: String, maxEntries: Int, cullFrequency: Int) {
        self.table = table
        self.maxEntries = max(0, maxEntries)
        self.cullFrequency = max(0, cullFrequency)
    }

    /// The `CREATE TABLE` and `CREATE INDEX` statements of Django's `createcachetable`.
    static func creationSQL(table: String, dialect: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE \(quote(table)) (
                "cache_key" varchar(255) NOT NULL PRIMARY KEY,
                "value" text NOT NULL,
                "expires" \(dialect.columnType(.dateTime)) NOT NULL
            )
            """,
            "CREATE INDEX \(quote(table + "_expires")) ON \(quote(table)) (\"expires\")",
        ]
    }

    /// Creates the table unless it exists; whether it did.
    static func createTable(_ table: String, in database: any Database) async throws -> Bool {
        let existing: [DatabaseRow]
        if database.dialect == .sqlite {
            existing = try await database.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])
        } else {
            existing = try await database.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?", [.text(table)])
        }
        guard existing.isEmpty else { return false }
        try await database.transaction {
            for statement in creationSQL(table: table, dialect: database.dialect) {
                try await database.execute(statement, [])
            }
        }
        return true
    }

    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private var quoted: String { Self.quote(table) }

    private func database() throws -> any Database {
        guard let database = ORM.database else { throw CacheError.noDatabase }
        return database
    }

    private static func stamp(_ expiry: Double?) -> DatabaseValue {
        // NB: Django stores `datetime.max` for "never", whole seconds as Django does.
        Date(timeIntervalSince1970: (expiry ?? 253_402_300_799).rounded(.down)).databaseValue
    }

    private static var now: DatabaseValue { stamp(Date().timeIntervalSince1970) }

    private func checked(_ key: String) throws -> String {
        guard key.count <= 255 else { throw CacheError.keyTooLong(key) }
        return key
    }

    func get(_ key: String) async throws -> [UInt8]? {
        let rows = try await database().query(
            "SELECT \"value\", \"expires\" FROM \(quoted) WHERE \"cache_key\" = ?", [.text(try checked(key))])
        guard let row = rows.first, case .text(let value)? = row["value"], let expires = row["expires"] else {
            return nil
        }
        if (try? Date(databaseValue: expires)).map({ $0.timeIntervalSince1970 < Date().timeIntervalSince1970 }) ?? true
        {
            try await database().execute(
                "DELETE FROM \(quoted) WHERE \"cache_key\" = ? AND \"expires\" < ?", [.text(key), Self.now])
            return nil
        }
        return Array(value.utf8)
    }

    func set(_ key: String, _ value: [UInt8], expiry: Expiry) async throws {
        _ = try await write(.set, key, value, expiry: expiry)
    }

    func add(_ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool {
        try await write(.add, key, value, expiry: expiry)
    }

    func touch(_ key: String, expiry: Expiry) async throws -> Bool {
        try await write(.touch, key, [], expiry: expiry)
    }

    func incr(_ key: String, by delta: Int) async throws -> Int? {
        let database = try database()
        return try await database.transaction {
            let rows = try await database.query(
                "SELECT \"value\" FROM \(quoted) WHERE \"cache_key\" = ? AND \"expires\" >= ?",
                [.text(try checked(key)), Self.now])
            guard case .text(let value)? = rows.first?["value"] else { return nil }
            let (sum, encoded) = try Self.adding(delta, to: Array(value.utf8), key: key)
            try await database.execute(
                "UPDATE \(quoted) SET \"value\" = ? WHERE \"cache_key\" = ?",
                [.text(String(decoding: encoded, as: UTF8.self)), .text(key)])
            return sum
        }
    }

    func delete(_ key: String) async throws -> Bool {
        try await database().execute("DELETE FROM \(quoted) WHERE \"cache_key\" = ?", [.text(try checked(key))])
            .changes > 0
    }

    func clear() async throws {
        try await database().execute("DELETE FROM \(quoted)", [])
    }

    enum Mode { case set, add, touch }

    /// Django's `_base_set`: culls when over `maxEntries`, then updates the row or inserts
    /// one, in a transaction.
    private func write(_ mode: Mode, _ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool {
        let database = try database()
        let key = try checked(key)
        let text = DatabaseValue.text(String(decoding: value, as: UTF8.self))
        let expires = Self.stamp(expiry.date)
        let now = Self.now
        return try await database.transaction {
            let count = try await database.query("SELECT COUNT(*) AS n FROM \(quoted)", [])
            if case .integer(let number)? = count.first?["n"], number > maxEntries {
                try await cull(database, count: Int(number), now: now)
            }
            let rows = try await database.query(
                "SELECT \"expires\" FROM \(quoted) WHERE \"cache_key\" = ?", [.text(key)])
            let current = rows.first?["expires"].flatMap { try? Date(databaseValue: $0) }
            switch mode {
            case .touch:
                guard current != nil else { return false }
                try await database.execute(
                    "UPDATE \(quoted) SET \"expires\" = ? WHERE \"cache_key\" = ?", [expires, .text(key)])
            case .set, .add:
                if let current {
                    guard mode == .set || current.timeIntervalSince1970 < Date().timeIntervalSince1970.rounded(.down)
                    else { return false }
                    try await database.execute(
                        "UPDATE \(quoted) SET \"value\" = ?, \"expires\" = ? WHERE \"cache_key\" = ?",
                        [text, expires, .text(key)])
                } else {
                    try await database.execute(
                        "INSERT INTO \(quoted) (\"cache_key\", \"value\", \"expires\") VALUES (?, ?, ?)",
                        [.text(key), text, expires])
                }
            }
            return true
        }
    }

    /// Django's `_cull`: the expired entries, then, if still too many, the first
    /// `count / cullFrequency` keys in key order (all of them when `cullFrequency` is 0).
    private func cull(_ database: any Database, count: Int, now: DatabaseValue) async throws {
        guard cullFrequency > 0 else {
            try await database.execute("DELETE FROM \(quoted)", [])
            return
        }
        let deleted = try await database.execute("DELETE FROM \(quoted) WHERE \"expires\" < ?", [now]).changes
        let remaining = count - deleted
        guard remaining > maxEntries else { return }
        let last = try await database.query(
            "SELECT \"cache_key\" FROM \(quoted) ORDER BY \"cache_key\" LIMIT 1 OFFSET ?",
            [.integer(Int64(remaining / cullFrequency))])
        if case .text(let key)? = last.first?["cache_key"] {
            try await database.execute("DELETE FROM \(quoted) WHERE \"cache_key\" < ?", [.text(key)])
        }
    }
}
