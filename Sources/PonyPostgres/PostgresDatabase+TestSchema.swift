internal import Foundation
package import PonyORM
internal import PonySupport

extension PostgresDatabase {
    /// The server Pony's own tests use, from `PONY_TEST_POSTGRES_URL` (`.ci/run` starts one and
    /// sets it); `nil` runs them on SQLite alone.
    package static var testServerURL: String? {
        ProcessInfo.processInfo.environment["PONY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `body` with a database for one test: a new schema on ``testServerURL`` when
    /// `postgreSQL` is true (and a server is set), else what `otherwise` opens. The database is
    /// closed however `body` ends, and a schema dropped with its tables, so a failing test
    /// leaves nothing behind.
    package static func withTestDatabase<Result>(
        postgreSQL: Bool, otherwise: () async throws -> any Database,
        _ body: (any Database) async throws -> Result
    ) async throws -> Result {
        let database: any Database
        let close: @Sendable () async throws -> Void
        if postgreSQL, let url = testServerURL {
            let schema = try await openInNewSchema(url: url, maximumConnections: 2)
            (database, close) = (schema.database, schema.drop)
        } else {
            let opened = try await otherwise()
            (database, close) = (opened, { try await opened.close() })
        }
        return try await closing(close) { try await body(database) }
    }

    /// A database on the server at `url` whose tables go to a new, empty schema, for one test:
    /// ``TestSchema/drop()`` removes the schema and everything in it.
    package static func openInNewSchema(url: String, maximumConnections: Int = 4) async throws -> TestSchema {
        let name = "pony_test_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
        try await onServer(url) { try await $0.execute("CREATE SCHEMA \"\(name)\"", []) }
        let schemaURL = url + (url.contains("?") ? "&" : "?") + "options=-c%20search_path%3D\(name)"
        let database = try await open(url: schemaURL, maximumConnections: maximumConnections)
        return TestSchema(database: database, url: schemaURL, name: name, serverURL: url)
    }

    /// Runs `body` on a connection of its own to `url`, closed afterwards.
    ///
    /// NB: not held for the test's duration: the suites run in parallel, and the server's
    /// connections are counted.
    fileprivate static func onServer(_ url: String, _ body: (PostgresDatabase) async throws -> Void) async throws {
        let server = try await open(url: url, maximumConnections: 1)
        try await closing(server.close) { try await body(server) }
    }
}

/// A schema made for one test (see ``PostgresDatabase/openInNewSchema(url:maximumConnections:)``).
package struct TestSchema: Sendable {
    /// The database, with the schema first on its search path.
    package let database: PostgresDatabase
    /// A URL that opens the same schema again, as another process would.
    package let url: String
    let name: String
    let serverURL: String

    /// Closes the database, then drops the schema with its tables.
    package func drop() async throws {
        try await database.close()
        try await PostgresDatabase.onServer(serverURL) { try await $0.execute("DROP SCHEMA \"\(name)\" CASCADE", []) }
    }
}
