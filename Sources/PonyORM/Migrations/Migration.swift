public import Foundation

/// One migration file: `migrations/0002_task_owner.json`.
public struct Migration: Codable, Sendable, Equatable {
    /// The file name without `.json`.
    public var name: String
    /// Migrations of the same app that must run first.
    public var dependencies: [String]
    /// The changes, in order.
    public var operations: [MigrationOperation]
    /// Whether this is the app's first migration.
    public var initial: Bool
    /// The migrations of the same app this one squashes (Django's `replaces`): it runs in their
    /// place on a database that has none of them, and counts as applied where all of them are.
    public var replaces: [String]

    enum CodingKeys: String, CodingKey { case dependencies, operations, initial, replaces }

    /// A migration.
    public init(
        name: String, dependencies: [String], operations: [MigrationOperation], initial: Bool, replaces: [String] = []
    ) {
        self.name = name
        self.dependencies = dependencies
        self.operations = operations
        self.initial = initial
        self.replaces = replaces
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = ""
        dependencies = try container.decodeIfPresent([String].self, forKey: .dependencies) ?? []
        operations = try container.decode([MigrationOperation].self, forKey: .operations)
        initial = try container.decodeIfPresent(Bool.self, forKey: .initial) ?? false
        replaces = try container.decodeIfPresent([String].self, forKey: .replaces) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if initial { try container.encode(true, forKey: .initial) }
        try container.encode(dependencies, forKey: .dependencies)
        try container.encode(operations, forKey: .operations)
        if !replaces.isEmpty { try container.encode(replaces, forKey: .replaces) }
    }

    /// The JSON the file holds: sorted keys, indented, ending in a newline.
    public func fileContents() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// The migrations in `directory` (`*.json`), in name order. A file that does not parse is
    /// an error naming it.
    public static func load(from directory: URL) throws -> [Migration] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { file in
            let url = directory.appendingPathComponent(file)
            do {
                var migration = try JSONDecoder().decode(Migration.self, from: Data(contentsOf: url))
                migration.name = String(file.dropLast(5))
                return migration
            } catch {
                throw MigrationError("Cannot read the migration \(url.path): \(error)")
            }
        }
    }

    /// The state after `migrations`: a squashed migration stands for those it replaces.
    public static func state(after migrations: [Migration]) throws -> ProjectState {
        var state = ProjectState()
        for migration in Replacements(migrations).active {
            for operation in migration.operations { try operation.apply(to: &state) }
        }
        return state
    }

    /// The name of the last migration that counts on a new database (a squashed one rather
    /// than those it replaces): what the next migration depends on.
    public static func leaf(of migrations: [Migration]) -> String? {
        counting(migrations).last?.name
    }

    /// The migrations that count on a new database, in file order: a squashed migration in
    /// place of those it replaces.
    public static func counting(_ migrations: [Migration]) -> [Migration] {
        Replacements(migrations).active
    }

    /// The name Django gives the next migration: a number, then `initial`, the operations'
    /// fragments, or `auto_<timestamp>`.
    public static func nextName(after existing: [Migration], operations: [MigrationOperation], name: String? = nil)
        -> String
    {
        let number = (existing.compactMap(\.number).max() ?? 0) + 1
        let digits = String(number)
        let prefix = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        if let name { return "\(prefix)_\(name)" }
        if existing.isEmpty { return "\(prefix)_initial" }
        let fragments = operations.compactMap(\.nameFragment)
        if fragments.isEmpty || fragments.count != operations.count {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd_HHmm"
            return "\(prefix)_auto_\(formatter.string(from: Date()))"
        }
        var joined = fragments.joined(separator: "_")
        if joined.count > 52 { joined = String(joined.prefix(52)) + "_and_more" }
        return "\(prefix)_\(joined)"
    }

    /// The number a migration counts as: its own (`0002_x` is 2), or the last it squashes
    /// (`0001_squashed_0004_x` is 4), as Django's `parse_number`.
    var number: Int? {
        if let range = name.range(of: "_squashed_", options: .backwards),
            let squashed = Int(name[range.upperBound...].prefix { $0.isNumber })
        {
            return squashed
        }
        return Int(name.prefix { $0.isNumber })
    }
}
