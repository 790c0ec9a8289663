internal import Foundation

/// Django's `flush` and `sqlflush`: every model's table emptied, its many-to-many tables too,
/// and the key sequences started again; the record of applied migrations stays.
public enum DatabaseFlush {
    /// The tables of `models` and of their many-to-many relations that exist in `database`,
    /// sorted (Django's `django_table_names(only_existing=True)`).
    public static func tables(of models: [any Model.Type], in database: any Database) async throws -> [String] {
        var tables = Set<String>()
        // NB: as Django's, an unmanaged model's table is not the app's to empty.
        for model in models where model.schemaInfo.options.managed {
            let info = model.schemaInfo
            tables.insert(info.table)
            for relation in info.manyToMany where relation.through == nil { tables.insert(relation.throughTable) }
        }
        let listing =
            database.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        var existing = Set<String>()
        for row in try await database.query(listing, []) {
            if case .text(let name)? = row["name"] { existing.insert(name) }
        }
        return tables.intersection(existing).sorted()
    }

    /// Django's `sql_flush` with `reset_sequences=True`: on PostgreSQL one
    /// `TRUNCATE … RESTART IDENTITY`, on SQLite a `DELETE` per table and the tables'
    /// `sqlite_sequence` rows set to 0.
    public static func statements(_ tables: [String], dialect: SQLDialect) -> [String] {
        guard !tables.isEmpty else { return [] }
        let quoted = tables.map(quoteIdentifier)
        if dialect == .postgresql { return ["TRUNCATE \(quoted.joined(separator: ", ")) RESTART IDENTITY;"] }
        let names = tables.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
        return quoted.map { "DELETE FROM \($0);" }
            + ["UPDATE \"sqlite_sequence\" SET \"seq\" = 0 WHERE \"name\" IN (\(names.joined(separator: ", ")));"]
    }

    /// Empties the tables of `models` in one transaction; returns the tables emptied.
    @discardableResult
    public static func run(_ models: [any Model.Type], in database: any Database) async throws -> [String] {
        let tables = try await tables(of: models, in: database)
        var statements = statements(tables, dialect: database.dialect)
        // NB: SQLite makes sqlite_sequence with the first AUTOINCREMENT table; without one the
        // UPDATE would fail, and there is nothing to start again.
        if database.dialect == .sqlite,
            try await database.query("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'", []).isEmpty
        {
            statements.removeAll { $0.hasPrefix("UPDATE") }
        }
        let all = statements
        try await database.transaction {
            for statement in all { try await database.execute(statement, []) }
        }
        return tables
    }
}
