internal import Foundation
internal import PonyAuth
internal import PonyORM
internal import PonyWeb

// Django's `flush` and `sqlflush`: `pony manage app.swift flush --noinput`.
extension Pony {
    /// Django's `flush [--noinput]`: after asking (unless `--noinput`), every model's table is
    /// emptied and its key sequence started again; then what follows a migration runs again
    /// (content types and permissions, cache tables), as Django's `post_migrate`.
    var flushCommand: Command {
        Command(
            "flush", usage: "[--noinput]",
            summary: "Delete every row of every model's table (the migrations stay applied), after asking."
        ) { context in
            try Pony.refuseUnknown(context, "flush", flags: ["--noinput", "--no-input"], options: [])
            guard let database = ORM.database else { throw CommandError("No database is open for this command.") }
            if !context.flag("--noinput") && !context.flag("--no-input") {
                context.write(
                    """
                    You have requested a flush of the database.
                    This will IRREVERSIBLY DESTROY all data currently in the "\(Pony.databaseName(context.settings))" database,
                    and return each table to an empty state.
                    Are you sure you want to do this?

                        Type 'yes' to continue, or 'no' to cancel: 
                    """)
                guard readLine() == "yes" else {
                    context.write("Flush cancelled.\n")
                    return 0
                }
            }
            let emptied = try await DatabaseFlush.run(self.allModels, in: database)
            if !emptied.isEmpty { try await self.afterMigrate() }
            return 0
        }
    }

    /// Django's `sqlflush`: the SQL `flush` runs, between `BEGIN;` and `COMMIT;`.
    var sqlFlushCommand: Command {
        Command("sqlflush", summary: "Print the SQL flush would run.") { context in
            try Pony.refuseUnknown(context, "sqlflush", flags: [], options: [])
            guard let database = ORM.database else { throw CommandError("No database is open for this command.") }
            let tables = try await DatabaseFlush.tables(of: self.allModels, in: database)
            let statements = DatabaseFlush.statements(tables, dialect: database.dialect)
            context.write((["BEGIN;"] + statements + ["COMMIT;"]).joined(separator: "\n") + "\n")
            return 0
        }
    }

    /// The database's `NAME`, as Django's flush names it: the SQLite file, or PostgreSQL's
    /// database.
    static func databaseName(_ settings: ResolvedSettings) -> String {
        switch DatabaseLocation(settings) {
        case .postgres(let url): URLComponents(string: url).map { String($0.path.drop { $0 == "/" }) } ?? url
        case .memory: ":memory:"
        case .sqlite(let path): path
        }
    }
}
