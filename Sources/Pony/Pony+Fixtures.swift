internal import Foundation
internal import PonyAuth
internal import PonyORM
internal import PonySupport

// Django's `dumpdata` and `loaddata`: `pony manage app.swift dumpdata auth --indent 2`.
extension Pony {
    /// Django's `dumpdata [APP_LABEL[.MODEL] …] [--format json|jsonl] [--indent N] [--exclude LABEL …]
    /// [--pks K,…] [--natural-foreign] [--natural-primary] [--output FILE]`:
    /// the objects of every model (or of those named), in the order of the installed apps and
    /// then the app's own models, each model's by primary key.
    var dumpDataCommand: Command {
        Command(
            "dumpdata",
            usage:
                "[APP_LABEL[.MODEL] …] [--format json|jsonl] [--indent N] [--exclude APP_LABEL[.MODEL]] [--pks K,…]"
                + " [--natural-foreign] [--natural-primary] [--output FILE]",
            summary: "Print the database's objects as a JSON fixture, in Django's format."
        ) { context in
            let options: Set<String> = ["--indent", "--exclude", "--output", "-o", "-e", "--format", "--pks"]
            try Pony.refuseUnknown(
                context, "dumpdata", flags: ["--natural-foreign", "--natural-primary"], options: options,
                positional: Int.max)
            var indent: Int?
            if let value = context.option("--indent") {
                guard let number = Int(value), (0...16).contains(number) else {
                    throw UsageError("--indent takes a number of spaces from 0 to 16, not \"\(value)\".")
                }
                indent = number
            }
            let excluded = try Set(
                Pony.values(of: ["--exclude", "-e"], in: context.arguments).flatMap { try self.models(labelled: $0) }
                    .map { ObjectIdentifier($0) })
            let labels = context.positional(valueOptions: options)
            let chosen = labels.isEmpty ? self.allModels : try labels.flatMap { try self.models(labelled: $0) }
            let models = chosen.filter { !excluded.contains(ObjectIdentifier($0)) }
            let keys = context.option("--pks").map { $0.split(separator: ",").map(String.init) }
            if keys != nil, labels.count != 1 || !labels[0].contains(".") {
                throw UsageError("You can only use --pks option with one model")
            }
            let objects = try await Fixtures.dump(
                models, from: try Pony.openDatabase(), primaryKeys: keys,
                naturalForeign: context.flag("--natural-foreign"), naturalPrimary: context.flag("--natural-primary"))
            let text: [UInt8]
            switch context.option("--format") ?? "json" {
            case "json": text = Fixtures.text(objects, indent: indent)
            case "jsonl": text = Fixtures.jsonLines(objects)
            case let other: throw UsageError("Unknown serialization format: \(other) (Pony writes json and jsonl).")
            }
            if let path = context.option("--output") ?? context.option("-o") {
                try Data(text).write(to: URL(fileURLWithPath: path))
            } else {
                FileHandle.standardOutput.write(Data(text))
            }
            return 0
        }
    }

    /// Django's `loaddata FIXTURE …`: each a path, or a name in the app's `fixtures/` folder
    /// (`.json` or `.jsonl` may be left out; a `.jsonl` file is JSON Lines); all of them in one
    /// transaction.
    var loadDataCommand: Command {
        Command(
            "loaddata", usage: "FIXTURE …",
            summary: "Save the objects of JSON fixtures (dumpdata's format) to the database, all or none."
        ) { context in
            try Pony.refuseUnknown(context, "loaddata", flags: [], options: [], positional: Int.max)
            let names = context.positional()
            guard !names.isEmpty else {
                throw UsageError("No database fixture specified. Please provide the path of at least one fixture.")
            }
            let count = try await self.loadFixtures(
                names, baseDirectory: context.settings.baseDirectory, into: try Pony.openDatabase())
            context.write("Installed \(count) object(s) from \(names.count) fixture(s)\n")
            return 0
        }
    }

    /// Saves the objects of the fixtures `names` (paths, or names in `fixtures/` beside the
    /// app) to `database`, all or none, as `loaddata` does; returns how many there were.
    func loadFixtures(_ names: [String], baseDirectory: String, into database: any Database) async throws -> Int {
        let fixtures = try names.map { try fixture(named: $0, in: baseDirectory) }
        let models = allModels
        return try await database.transaction {
            var count = 0
            for (path, fixture) in fixtures {
                do {
                    count += try await Fixtures.load(fixture, models: models, into: database)
                } catch let error as FixtureError {
                    throw CommandError("Problem installing fixture '\(path)': \(error.description)")
                }
            }
            return count
        }
    }

    /// The database the command runs with.
    private static func openDatabase() throws -> any Database {
        guard let database = ORM.database else { throw CommandError("No database is open for this command.") }
        return database
    }

    /// The models an app label (`auth`) or model label (`auth.user`) names.
    private func models(labelled label: String) throws -> [any Model.Type] {
        let models = allModels
        let parts = label.lowercased().split(separator: ".", maxSplits: 1).map(String.init)
        guard let app = parts.first else { throw UsageError("An empty label names no model.") }
        let inApp = models.filter { $0.schemaInfo.appLabel.lowercased() == app }
        guard !inApp.isEmpty else { throw UsageError("No installed app with label '\(app)'.") }
        guard parts.count == 2 else { return inApp }
        guard let model = inApp.first(where: { $0.schemaInfo.name.lowercased() == parts[1] }) else {
            throw UsageError("Unknown model: \(label)")
        }
        return [model]
    }

    /// The values given to any of `options` (each may be repeated).
    private static func values(of options: Set<String>, in arguments: [String]) -> [String] {
        var values: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if options.contains(argument), index + 1 < arguments.count {
                values.append(arguments[index + 1])
                index += 2
                continue
            }
            if let option = options.first(where: { argument.hasPrefix($0 + "=") }) {
                values.append(String(argument.dropFirst(option.count + 1)))
            }
            index += 1
        }
        return values
    }

    /// A fixture's path and parsed JSON: `name` as a path, else in `fixtures/` beside the app.
    private func fixture(named name: String, in baseDirectory: String) throws -> (String, JSONValue) {
        let folder = URL(fileURLWithPath: baseDirectory).appendingPathComponent("fixtures")
        let candidates = [
            URL(fileURLWithPath: name), folder.appendingPathComponent(name),
            folder.appendingPathComponent(name + ".json"), folder.appendingPathComponent(name + ".jsonl"),
        ]
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw CommandError("No fixture named '\(name)' found (looked for \(name) and in \(folder.path)/).")
        }
        let bytes = Array(try Data(contentsOf: url))
        do {
            if url.pathExtension == "jsonl" { return (url.path, try Fixtures.parseJSONLines(bytes)) }
            return (url.path, try JSONValue(parsing: bytes))
        } catch let error as JSONParseError {
            throw CommandError("Problem installing fixture '\(url.path)': it is not JSON (\(error.description)).")
        } catch let error as FixtureError {
            throw CommandError("Problem installing fixture '\(url.path)': \(error.description)")
        }
    }
}
