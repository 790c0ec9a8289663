/// Where models read and write: the database and the app's models, for the current task.
///
/// Pony sets both at start-up around the server and the commands, so views just call
/// `Task.objects…`. Tests and scripts set them with ``ORM/using(_:models:_:)``. Task-locals
/// reach every child task; there is no global mutable state.
public enum ORM {
    /// The database of the current task.
    @TaskLocal public static var database: (any Database)?
    /// Every model of the app: reverse relations and delete cascades search these.
    @TaskLocal public static var models: [any Model.Type] = []
    /// Signal receivers of the app.
    @TaskLocal public static var signals: Signals = Signals()

    /// Runs `body` with `database` and `models` as the current ones.
    public static func using<Result: Sendable>(
        _ database: any Database, models: [any Model.Type], signals: Signals = Signals(),
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await $database.withValue(database) {
            try await $models.withValue(models) {
                try await $signals.withValue(signals) { try await body() }
            }
        }
    }

    /// The current database, or an error that says how to set one.
    package static func requireDatabase() throws -> any Database {
        guard let database else {
            throw DatabaseError(
                "No database is set for this task: Pony opens one at start-up; elsewhere wrap the code in"
                    + " `ORM.using(database, models: [...]) { ... }`.")
        }
        return database
    }

    /// The app's model with Django label `label` (`todo.owner`).
    static func model(labelled label: String) -> (any Model.Type)? {
        models.first { $0.schemaInfo.label == label }
    }

    /// Runs `body` in a transaction on the current database (Django's `atomic`): committed
    /// when it returns, rolled back when it throws; nested calls are savepoints.
    public static func atomic<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        try await requireDatabase().transaction(body)
    }
}

extension ORM {
    /// Runs `body` in a transaction that holds the lock migrations take (PostgreSQL's advisory
    /// lock; SQLite's write lock), so that work each process does after migrating (content
    /// types and permissions) runs in one process at a time and sees what the others made.
    public static func atomicWithMigrationLock<Result: Sendable>(
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        let database = try requireDatabase()
        return try await database.transaction {
            if let lock = database.dialect.migrationLock { try await database.execute(rendered: lock, []) }
            return try await body()
        }
    }
}

/// Runs `body` in a transaction on the current database: `try await atomic { … }`.
public func atomic<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
    try await ORM.atomic(body)
}

extension Model {
    /// The table and fields, without the model's type (usable on `any Model.Type`).
    public static var schemaInfo: SchemaInfo { schema.info }
}
