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

    enum CodingKeys: String, CodingKey { case dependencies, operations, initial }

    /// A migration.
    public init(name: String, dependencies: [String], operations: [MigrationOperation], initial: Bool) {
        self.name = name
        self.dependencies = dependencies
        self.operations = operations
        self.initial = initial
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = ""
        dependencies = try container.decodeIfPresent([String].self, forKey: .dependencies) ?? []
        operations = try container.decode([MigrationOperation].self, forKey: .operations)
        initial = try container.decodeIfPresent(Bool.self, forKey: .initial) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if initial { try container.encode(true, forKey: .initial) }
        try container.encode(dependencies, forKey: .dependencies)
        try container.encode(operations, forKey: .operations)
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

    /// The state after `migrations`.
    public static func state(after migrations: [Migration]) throws -> ProjectState {
        var state = ProjectState()
        for migration in migrations {
            for operation in migration.operations { try operation.apply(to: &state) }
        }
        return state
    }

    /// The name Django gives the next migration: a number, then `initial`, the operations'
    /// fragments, or `auto_<timestamp>`.
    public static func nextName(after existing: [Migration], operations: [MigrationOperation], name: String? = nil)
        -> String
    {
        let number = (existing.compactMap { Int($0.name.prefix(4)) }.max() ?? 0) + 1
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
}
