/// What a database says about its tables (Django's `connection.introspection`), for
/// ``InspectDB``: their columns and types, keys, relations and unique constraints.
public enum Introspection {
    /// A table or view.
    public struct Table: Sendable, Equatable {
        /// The name.
        public var name: String
        /// Whether it is a view.
        public var isView: Bool
    }

    /// One column as the database declares it.
    public struct Column: Sendable, Equatable {
        /// The name.
        public var name: String
        /// The declared type, lower-cased (`varchar(30)`, `integer`, `timestamp with time zone`).
        public var type: String
        /// The length of a `varchar`/`char`.
        public var maxLength: Int?
        /// The digits and places of a `numeric`, when declared.
        public var precision: Int?
        public var scale: Int?
        /// Whether it may hold `NULL`.
        public var isNullable: Bool
        /// Whether the database fills it in (an identity, a sequence, SQLite's integer key).
        public var isAutomatic: Bool
        /// Whether a `CHECK (JSON_VALID(…))` holds it to JSON (SQLite's JSON columns).
        public var isJSON: Bool
        /// The column's comment (PostgreSQL's `COMMENT ON COLUMN`).
        public var comment: String? = nil
    }

    /// A table's columns, keys, relations and unique column sets.
    public struct Description: Sendable, Equatable {
        /// The columns, in table order.
        public var columns: [Column]
        /// The primary key's columns.
        public var primaryKey: [String]
        /// Each foreign key column, with the table and column it points to.
        public var relations: [String: (table: String, column: String)]
        /// The sets of columns each unique constraint or unique index holds, in name order
        /// (a partial or expression index is left out: it holds no plain set of columns).
        public var unique: [(name: String, columns: [String])]
        /// The table's comment (PostgreSQL's `obj_description`), if it has one.
        public var comment: String? = nil

        public static func == (lhs: Description, rhs: Description) -> Bool {
            lhs.columns == rhs.columns && lhs.primaryKey == rhs.primaryKey
                && lhs.relations.mapValues { [$0.table, $0.column] }
                    == rhs.relations.mapValues { [$0.table, $0.column] }
                && lhs.unique.map(\.name) == rhs.unique.map(\.name)
                && lhs.unique.map(\.columns) == rhs.unique.map(\.columns) && lhs.comment == rhs.comment
        }
    }

    /// The tables and views of the database (its current schema on PostgreSQL), by name.
    public static func tables(in database: any Database) async throws -> [Table] {
        database.dialect == .sqlite ? try await sqliteTables(database) : try await postgresTables(database)
    }

    /// The description of `table`; throws when there is no such table.
    public static func describe(_ table: String, in database: any Database) async throws -> Description {
        database.dialect == .sqlite
            ? try await sqliteDescription(table, database) : try await postgresDescription(table, database)
    }
}

extension DatabaseValue {
    /// The text, or the number as text.
    var introspectedText: String? {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// The number, or the text as a number.
    var introspectedInt: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .text(let text): Int(text)
        default: nil
        }
    }
}
