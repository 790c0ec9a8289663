internal import Foundation
internal import PonyAuth
internal import PonySupport
internal import PonyWeb

// Django's `dbshell`: `pony manage app.swift dbshell`, or `dbshell -- -cmd ".tables"`.
extension Pony {
    /// Django's `dbshell [-- ARGUMENTS …]`: the database's own client (`sqlite3` on the
    /// file, `psql` on the PostgreSQL URL) at the terminal, with the arguments after `--`.
    var dbShellCommand: Command {
        Command(
            "dbshell", usage: "[-- ARGUMENTS …]",
            summary: "Open the database's command-line client (sqlite3 or psql), with ARGUMENTS after --.",
            usesDatabase: false
        ) { context in
            let separator = context.arguments.firstIndex(of: "--")
            let own = context.arguments[..<(separator ?? context.arguments.endIndex)]
            if let unknown = own.first { throw UsageError("dbshell does not take \"\(unknown)\"; put it after --.") }
            let extra = separator.map { Array(context.arguments[($0 + 1)...]) } ?? []
            let client = try Pony.databaseClient(for: context.settings, arguments: extra)
            return try Pony.runInForeground(client.program, client.arguments, environment: client.environment)
        }
    }

    /// The client program for the app's database, its arguments, and its environment (the
    /// password goes there as `PGPASSWORD`, as Django's client passes it, not on a command
    /// line others can read).
    static func databaseClient(for settings: ResolvedSettings, arguments extra: [String]) throws -> (
        program: String, arguments: [String], environment: [String: String]
    ) {
        var environment = ProcessInfo.processInfo.environment
        let url: String
        switch DatabaseLocation(settings) {
        case .memory: return ("sqlite3", [":memory:"] + extra, environment)
        case .sqlite(let path): return ("sqlite3", [path] + extra, environment)
        case .postgres(let given): url = given
        }
        guard var components = URLComponents(string: url) else {
            throw CommandError("The database URL does not parse, so there is no client to open.")
        }
        if let password = components.password {
            environment["PGPASSWORD"] = password
            components.password = nil
        }
        // NB: libpq refuses parameters it does not know; pool_size is Pony's.
        let items = (components.queryItems ?? []).filter { $0.name != "pool_size" }
        components.queryItems = items.isEmpty ? nil : items
        return ("psql", [components.string ?? url] + extra, environment)
    }

    /// Runs `program` (found on `PATH`) with the terminal, as Django's `subprocess.run` does,
    /// and returns its exit status. Interrupts go to it alone (Ctrl-C stops a query, not the
    /// shell), as Django's PostgreSQL client arranges.
    static func runInForeground(_ program: String, _ arguments: [String], environment: [String: String]) throws
        -> Int32
    {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map {
            URL(fileURLWithPath: String($0)).appendingPathComponent(program).path
        }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            throw CommandError(
                "You appear not to have the '\(program)' program installed or on your path (apt-get install"
                    + " \(program == "psql" ? "postgresql-client" : "sqlite3")).")
        }
        return try Spawn.runInForeground(path, arguments: arguments, environment: environment)
    }
}
