internal import Foundation
public import PonyORM
internal import PonySQLite
internal import Synchronization

#if PONY_POSTGRES
    internal import PonyPostgres
#endif

/// The models `pony` found in the app's file: the CLI appends a function that lists them
/// (see PonyCommands/ModelDiscovery), which the app finds by name at start-up.
final class ModelList: Sendable {
    let models: [any Model.Type]
    init(_ models: [any Model.Type]) { self.models = models }
}

extension Pony {
    /// Registers models explicitly (a structured project; single files are scanned by `pony`).
    public func models(_ models: any Model.Type...) {
        state.withLock { state in
            for model in models where !state.models.contains(where: { $0 == model }) { state.models.append(model) }
        }
    }

    /// Connects a signal receiver: `app.signal(.postSave, Task.self) { task, created in … }`.
    public func signal<M: Model>(
        _ kind: Signals.Kind, _ model: M.Type, _ receiver: @escaping @Sendable (M, _ created: Bool) async throws -> Void
    ) {
        state.withLock { $0.signals.connect(kind, model, receiver) }
    }

    /// Connects a receiver of many-to-many changes (Django's `m2m_changed`):
    /// `app.manyToManyChanged(Book.self) { book, change in … }`.
    public func manyToManyChanged<M: Model>(
        _ model: M.Type, _ receiver: @escaping @Sendable (M, ManyToManyChange) async throws -> Void
    ) {
        state.withLock { $0.signals.connect(model, manyToManyChanged: receiver) }
    }

    /// Hands the models found by `pony` to the app; called from the code `pony` appends.
    public static func _exportModels(_ models: [any Model.Type]) -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(ModelList(models)).toOpaque()
    }

    /// The installed apps' models, then the app's own.
    var allModels: [any Model.Type] { installedApps.flatMap(\.config.models) + ownModels }

    /// Registered models, then those `pony` found in the file.
    var ownModels: [any Model.Type] {
        var models = state.withLock { $0.models }
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "pony_app_models") else { return models }
        typealias Export = @convention(c) () -> UnsafeMutableRawPointer
        let list = Unmanaged<ModelList>.fromOpaque(unsafeBitCast(symbol, to: Export.self)()).takeRetainedValue()
        for model in list.models where !models.contains(where: { $0 == model }) { models.append(model) }
        return models
    }

    /// The app label migrations are recorded under: the models' (the file's name).
    var appLabel: String { ownModels.first?.schemaInfo.appLabel ?? name.lowercased() }

    /// Where migrations live: ``Settings/migrationsDirectory`` (`migrations/` beside the
    /// app's file by default).
    func migrationsDirectory(_ settings: ResolvedSettings) -> URL {
        URL(fileURLWithPath: settings.migrationsDirectory)
    }

    /// Opens the database ``Settings/database`` names (`DATABASE_URL` overrides it), else
    /// `db.sqlite3` beside the app.
    func openDatabase(_ settings: ResolvedSettings) async throws -> any Database {
        switch DatabaseLocation(settings) {
        case .postgres(let url):
            #if PONY_POSTGRES
                return try await PostgresDatabase.open(url: url, statementTimeout: settings.statementTimeout)
            #else
                // NB: `pony` builds the backend into its framework cache only for apps that ask
                // for PostgreSQL when it starts (PonyCommands/Toolchain.swift).
                throw ConfigurationError(
                    "The database is PostgreSQL, but this build of Pony has no PostgreSQL backend: `pony` adds it"
                        + " when DATABASE_URL names a PostgreSQL database as it starts, or when the app's file"
                        + " mentions postgres://. Start it with DATABASE_URL set, or with PONY_POSTGRES=1.",
                    id: "database.E002")
            #endif
        case .memory:
            return try await SQLiteDatabase.open(.memory, statementTimeout: settings.statementTimeout)
        case .sqlite(let path):
            return try await SQLiteDatabase.open(.file(path), statementTimeout: settings.statementTimeout)
        }
    }

    /// Runs `body` with the database open and set for the ORM, whose date parts are taken in
    /// the app's time zone.
    func withDatabase<Result: Sendable>(
        _ settings: ResolvedSettings, _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result {
        let database = try await openDatabase(settings)
        let models = allModels
        let signals = state.withLock { $0.signals }
        do {
            let result = try await ORM.$timeZone.withValue(settings.timeZone) {
                try await ORM.using(database, models: models, signals: signals) { try await body(database) }
            }
            try? await database.close()
            return result
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// The models' current state, for the autodetector.
    func modelStates() -> [ModelState] {
        ownModels.map { ModelState($0.schemaInfo) }
    }

    /// `makemigrations`: writes the next migration when the models changed. Returns the
    /// file written, or `nil` when nothing changed.
    func makeMigrations(
        _ settings: ResolvedSettings, name: String? = nil, empty: Bool = false, check: Bool = false,
        questioner: any MigrationQuestioner, log: (String) -> Void
    ) throws -> URL? {
        try ORM.check(allModels)
        let directory = migrationsDirectory(settings)
        let existing = try Migration.load(from: directory)
        let operations: [MigrationOperation]
        if empty {
            operations = [.runSQL(sql: [], reverseSQL: [])]
        } else {
            operations = try Autodetector(
                from: try Migration.state(after: existing), to: modelStates(), questioner: questioner
            ).changes()
        }
        if operations.isEmpty {
            log("No changes detected\n")
            return nil
        }
        let migration = Migration(
            name: Migration.nextName(after: existing, operations: operations, name: name ?? (empty ? "custom" : nil)),
            dependencies: (Migration.leaf(of: existing).map { [$0] } ?? []) + crossAppDependencies(operations),
            operations: operations, initial: existing.isEmpty)
        let file = directory.appendingPathComponent("\(migration.name).json")
        log("Migrations for '\(appLabel)':\n  \(relative(file, settings))\n")
        for operation in operations { log("    - \(operation.description)\n") }
        if check { return file }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try migration.fileContents().write(to: file, options: .atomic)
        return file
    }

    func relative(_ file: URL, _ settings: ResolvedSettings) -> String {
        let base = settings.baseDirectory.hasSuffix("/") ? settings.baseDirectory : settings.baseDirectory + "/"
        return file.path.hasPrefix(base) ? String(file.path.dropFirst(base.count)) : file.path
    }

    /// `app.NNNN_latest` for each installed app whose models the operations point to, as
    /// Django's autodetector adds a dependency on the other app's latest migration.
    func crossAppDependencies(_ operations: [MigrationOperation]) -> [String] {
        let targets = Set(
            operations.flatMap(\.relationTargets).compactMap { $0.split(separator: ".").first.map(String.init) })
        return installedApps.compactMap { app in
            guard targets.contains(app.label), app.label != appLabel, let last = app.config.migrations.last else {
                return nil
            }
            return "\(app.label).\(last.name)"
        }
    }

    /// An executor for every installed app's migrations and the app's own; app-scoped
    /// commands address the app's own.
    func executor(_ database: any Database, _ settings: ResolvedSettings) throws -> MigrationExecutor {
        let own = try Migration.load(from: migrationsDirectory(settings))
        return MigrationExecutor(
            database: database,
            apps: installedApps.map { ($0.label, $0.config.migrations) } + [(appLabel, own)], app: appLabel)
    }
}

/// Asks on the terminal, as Django's `InteractiveMigrationQuestioner`.
struct TerminalQuestioner: MigrationQuestioner {
    func askNotNullAddition(field: String, model: String) throws -> DatabaseValue {
        print(
            "It is impossible to add a non-nullable field '\(field)' to \(model) without specifying a default. This is"
                + " because the database needs something to populate existing rows.\nPlease select a fix:\n"
                + " 1) Provide a one-off default now (will be set on all existing rows with a null value for this column)\n"
                + " 2) Quit and manually define a default value in the model.")
        while true {
            print("Select an option: ", terminator: "")
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces) else { break }
            if answer == "2" { break }
            guard answer == "1" else { continue }
            print("Please enter the default value as a literal (a number, 'text' in quotes, or null):")
            while true {
                print(">>> ", terminator: "")
                guard let value = readLine()?.trimmingCharacters(in: .whitespaces) else { break }
                if let number = Int64(value) { return .integer(number) }
                if let number = Double(value) { return .double(number) }
                if value == "null" || value == "None" { return .null }
                if value.count >= 2, let first = value.first, first == value.last, first == "'" || first == "\"" {
                    return .text(String(value.dropFirst().dropLast()))
                }
                print("Please enter a number, a quoted string or null.")
            }
            break
        }
        throw MigrationError(
            "Quit: give the field '\(field)' a default or make it optional, then run makemigrations again.")
    }

    func askRename(model: String, oldName: String, newName: String, fieldType: String) -> Bool {
        print("Was \(model).\(oldName) renamed to \(model).\(newName) (a \(fieldType))? [y/N] ", terminator: "")
        return readLine()?.lowercased().hasPrefix("y") ?? false
    }

    func askRenameModel(oldName: String, newName: String) -> Bool {
        print("Was the model \(oldName) renamed to \(newName)? [y/N] ", terminator: "")
        return readLine()?.lowercased().hasPrefix("y") ?? false
    }
}

/// The questioner for this process: the terminal when stdin is one.
func defaultQuestioner() -> any MigrationQuestioner {
    isatty(0) == 1 ? TerminalQuestioner() : NonInteractiveQuestioner()
}
