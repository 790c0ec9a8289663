// PostgreSQL's answers, from its catalog, for the tables of the current schema.
extension Introspection {
    static func postgresTables(_ database: any Database) async throws -> [Table] {
        let rows = try await database.query(
            """
            SELECT c.relname AS name, c.relkind::text AS kind FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = current_schema() AND NOT c.relispartition
            ORDER BY c.relname
            """, [])
        return rows.compactMap { row in
            guard let name = row["name"]?.introspectedText else { return nil }
            return Table(name: name, isView: ["v", "m"].contains(row["kind"]?.introspectedText))
        }
    }

    static func postgresDescription(_ table: String, _ database: any Database) async throws -> Description {
        let relation = "to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?))"
        let rows = try await database.query(
            """
            SELECT a.attname AS name, t.typname AS type,
              CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS length,
              CASE WHEN t.typname = 'numeric' AND a.atttypmod > 4 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS precision,
              CASE WHEN t.typname = 'numeric' AND a.atttypmod > 4 THEN (a.atttypmod - 4) & 65535 END AS scale,
              NOT a.attnotnull AS nullable,
              a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%' AS automatic,
              col_description(a.attrelid, a.attnum) AS comment
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = \(relation) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, [.text(table)])
        guard !rows.isEmpty else { throw MigrationError("There is no table \(table).") }
        let columns = rows.compactMap { row -> Column? in
            guard let name = row["name"]?.introspectedText else { return nil }
            return Column(
                name: name, type: row["type"]?.introspectedText ?? "", maxLength: row["length"]?.introspectedInt,
                precision: row["precision"]?.introspectedInt, scale: row["scale"]?.introspectedInt,
                isNullable: row["nullable"]?.isTrue ?? true, isAutomatic: row["automatic"]?.isTrue ?? false,
                isJSON: false, comment: row["comment"]?.introspectedText)
        }
        let primaryKey = try await database.query(
            """
            SELECT a.attname AS name FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = \(relation) AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """, [.text(table)]
        ).compactMap { $0["name"]?.introspectedText }
        var relations: [String: (table: String, column: String)] = [:]
        for row in try await database.query(
            """
            SELECT a1.attname AS name, c2.relname AS target, a2.attname AS column FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c2 ON c2.oid = con.confrelid
            JOIN pg_catalog.pg_attribute a1 ON a1.attrelid = con.conrelid AND a1.attnum = con.conkey[1]
            JOIN pg_catalog.pg_attribute a2 ON a2.attrelid = con.confrelid AND a2.attnum = con.confkey[1]
            WHERE con.conrelid = \(relation) AND con.contype = 'f' AND cardinality(con.conkey) = 1
            """, [.text(table)])
        {
            guard let name = row["name"]?.introspectedText, let target = row["target"]?.introspectedText,
                let column = row["column"]?.introspectedText
            else { continue }
            relations[name] = (target, column)
        }
        var unique: [(name: String, columns: [String])] = []
        for row in try await database.query(
            """
            SELECT ic.relname AS name, (
              SELECT string_agg(a.attname, E'\\n' ORDER BY k.n) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
              JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns
            FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = \(relation) AND i.indisunique AND NOT i.indisprimary
              AND i.indexprs IS NULL AND i.indpred IS NULL
            ORDER BY ic.relname
            """, [.text(table)])
        {
            guard let name = row["name"]?.introspectedText, let list = row["columns"]?.introspectedText else {
                continue
            }
            unique.append((name, list.split(separator: "\n").map(String.init)))
        }
        let comment = try await database.query(
            "SELECT obj_description(\(relation), 'pg_class') AS comment", [.text(table)]
        )
        .first?["comment"]?.introspectedText
        return Description(
            columns: columns, primaryKey: primaryKey, relations: relations, unique: unique,
            comment: comment.flatMap { $0.isEmpty ? nil : $0 })
    }
}

extension DatabaseValue {
    /// A boolean as PostgreSQL returns it.
    var isTrue: Bool {
        switch self {
        case .integer(let value): value != 0
        case .text(let text): text == "t" || text == "true"
        default: false
        }
    }
}
