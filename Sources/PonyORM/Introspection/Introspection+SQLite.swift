internal import Foundation

// SQLite's answers, from `sqlite_master` and its pragmas, as Django's SQLite introspection
// reads them.
extension Introspection {
    static func sqliteTables(_ database: any Database) async throws -> [Table] {
        let rows = try await database.query(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                + " ORDER BY name", [])
        return rows.compactMap { row in
            guard let name = row["name"]?.introspectedText else { return nil }
            return Table(name: name, isView: row["type"]?.introspectedText == "view")
        }
    }

    static func sqliteDescription(_ table: String, _ database: any Database) async throws -> Description {
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let info = try await database.query("PRAGMA table_xinfo(\(quoted))", [])
        guard !info.isEmpty else { throw MigrationError("There is no table \(table).") }
        let sql =
            try await database.query("SELECT sql FROM sqlite_master WHERE name = ?", [.text(table)]).first?["sql"]?
            .introspectedText?.lowercased() ?? ""
        var keyed: [(position: Int, column: String)] = []
        var columns: [Column] = []
        for row in info {
            // NB: hidden 1 is a virtual table's hidden column; 2 and 3 are generated columns.
            guard let name = row["name"]?.introspectedText, row["hidden"]?.introspectedInt != 1 else { continue }
            let type = (row["type"]?.introspectedText ?? "").lowercased()
            let key = row["pk"]?.introspectedInt ?? 0
            if key > 0 { keyed.append((key, name)) }
            columns.append(
                Column(
                    name: name, type: type, maxLength: characterLength(type), precision: nil, scale: nil,
                    isNullable: row["notnull"]?.introspectedInt == 0, isAutomatic: false,
                    isJSON: sql.contains("json_valid(\"\(name.lowercased())\")")))
        }
        let primaryKey = keyed.sorted { $0.position < $1.position }.map(\.column)
        // NB: as Django's, a key of one integer column is the rowid, which SQLite fills in.
        if primaryKey.count == 1, let index = columns.firstIndex(where: { $0.name == primaryKey[0] }) {
            columns[index].isAutomatic = true
        }
        var relations: [String: (table: String, column: String)] = [:]
        for row in try await database.query("PRAGMA foreign_key_list(\(quoted))", []) {
            guard let from = row["from"]?.introspectedText, let target = row["table"]?.introspectedText else {
                continue
            }
            var column = row["to"]?.introspectedText
            if column == nil { column = try await sqliteDescription(target, database).primaryKey.first }
            relations[from] = (target, column ?? "id")
        }
        var unique: [(name: String, columns: [String])] = []
        for row in try await database.query("PRAGMA index_list(\(quoted))", []) {
            guard let name = row["name"]?.introspectedText, row["unique"]?.introspectedInt == 1,
                row["partial"]?.introspectedInt != 1, row["origin"]?.introspectedText != "pk"
            else { continue }
            let quotedIndex = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let parts = try await database.query("PRAGMA index_info(\(quotedIndex))", []).map { $0["name"] }
            let names = parts.compactMap { $0?.introspectedText }
            guard names.count == parts.count else { continue }
            unique.append((name, names))
        }
        return Description(
            columns: columns, primaryKey: primaryKey, relations: relations, unique: unique.sorted { $0.name < $1.name })
    }

    /// The length of `varchar(30)` or `char(30)`, as Django's `get_field_size`.
    static func characterLength(_ type: String) -> Int? {
        let trimmed = type.trimmingCharacters(in: .whitespaces)
        let body =
            trimmed.hasPrefix("varchar") ? trimmed.dropFirst(7) : trimmed.hasPrefix("char") ? trimmed.dropFirst(4) : nil
        guard let body else { return nil }
        let inner = body.trimmingCharacters(in: .whitespaces)
        guard inner.hasPrefix("("), inner.hasSuffix(")") else { return nil }
        return Int(inner.dropFirst().dropLast().trimmingCharacters(in: .whitespaces))
    }
}
