internal import PonySupport

// JSON keys and lookups as Django 5.2 writes them: `->`, `#>`, `?`, `@>` on PostgreSQL, whose
// `jsonb` compares JSON; `JSON_TYPE` and `JSON_EXTRACT` with a path (`$."owner"[0]`) on SQLite.

extension SQLRenderer {
    /// A key of a JSON value (Django's `KeyTransform`, `KeyTextTransform` when `text`).
    mutating func writeJSONKey(_ inner: SQLExpression, _ keys: [String], text: Bool) {
        if dialect == .sqlite {
            // NB: JSON's null, true and false as the names JSON_TYPE gives them, which
            // JSON_EXTRACT would make NULL, 1 and 0.
            let path = SQLExpression.bind(.text(Self.jsonPath(keys)))
            sql += "(CASE WHEN JSON_TYPE("
            writeList([inner, path])
            sql += ") IN ('null','false','true') THEN JSON_TYPE("
            writeList([inner, path])
            sql += ") ELSE JSON_EXTRACT("
            writeList([inner, path])
            sql += ") END)"
            return
        }
        sql += "("
        write(inner)
        if keys.count == 1, let index = Int(keys[0]) {
            sql += text ? " ->> " : " -> "
            sql += String(index)
        } else if keys.count == 1 {
            sql += text ? " ->> " : " -> "
            write(.bind(.text(keys[0])))
        } else {
            sql += text ? " #>> " : " #> "
            write(.bind(.text(Self.textArray(keys))))
            sql += "::text[]"
        }
        sql += ")"
    }

    /// A JSON value compared with a key: `jsonb` on PostgreSQL; on SQLite what a key's
    /// expression gives for it (`'true'`, or `JSON_EXTRACT('"Oslo"', '$')`), or for the
    /// ordering lookups the plain value, as Django's `KeyTransformNumericLookupMixin` loads it.
    mutating func writeJSONConstant(_ value: JSONValue, plain: Bool) {
        guard dialect == .sqlite else {
            write(.bind(.text(value.pythonJSON)))
            sql += "::jsonb"
            return
        }
        switch value {
        case .null: write(.bind(plain ? .null : .text("null")))
        case .bool(let flag): write(.bind(plain ? .integer(flag ? 1 : 0) : .text(flag ? "true" : "false")))
        case .int(let number) where plain: write(.bind(.integer(number)))
        case .double(let number) where plain: write(.bind(.double(number)))
        case .string(let text) where plain: write(.bind(.text(text)))
        default:
            sql += "JSON_EXTRACT("
            write(.bind(.text(value.pythonJSON)))
            sql += ", '$')"
        }
    }

    /// `has_key`, `has_keys` (`all`) and `has_any_keys` of the JSON `inner` (its key path
    /// `base`): `?`, `?&` and `?|` on PostgreSQL; `JSON_TYPE(…, path) IS NOT NULL` on SQLite.
    mutating func writeJSONHasKeys(_ inner: SQLExpression, base: [String], keys: [String], all: Bool) {
        guard dialect == .sqlite else {
            write(base.isEmpty ? inner : .jsonKey(inner, keys: base, text: false))
            if keys.count == 1 {
                sql += " ? "
                write(.bind(.text(keys[0])))
            } else {
                sql += all ? " ?& " : " ?| "
                write(.bind(.text(Self.textArray(keys))))
                sql += "::text[]"
            }
            return
        }
        if keys.count > 1 { sql += "(" }
        for (index, key) in keys.enumerated() {
            if index > 0 { sql += all ? " AND " : " OR " }
            sql += "JSON_TYPE("
            // NB: the last name is a key even when it is a number (Django's `HasKeyLookup`).
            writeList([inner, .bind(.text(Self.jsonPath(base) + "." + pythonJSONQuoted(key)))])
            sql += ") IS NOT NULL"
        }
        if keys.count > 1 { sql += ")" }
    }

    /// `@>` or `<@` (`containedBy`): PostgreSQL's containment of JSON.
    mutating func writeJSONContains(_ inner: SQLExpression, _ value: JSONValue, containedBy: Bool) {
        write(inner)
        sql += containedBy ? " <@ " : " @> "
        write(.bind(.text(value.pythonJSON)))
        sql += "::jsonb"
    }

    /// SQLite's JSON path of `keys`: `$."owner"[0]`, each key quoted as JSON (Django's
    /// `compile_json_path`), a number an array index.
    static func jsonPath(_ keys: [String]) -> String {
        var path = "$"
        for key in keys {
            if let index = Int(key) { path += "[\(index)]" } else { path += "." + pythonJSONQuoted(key) }
        }
        return path
    }

    /// A PostgreSQL `text[]` literal of `items`, each quoted: `{"a","b\"c"}`.
    static func textArray(_ items: [String]) -> String {
        let quoted = items.map { item -> String in
            var text = "\""
            for character in item {
                if character == "\"" || character == "\\" { text.append("\\") }
                text.append(character)
            }
            return text + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }
}

/// A JSON key's value as `values()` gives it: decoded, as Django's `JSONField.from_db_value`
/// decodes a key transform's (on SQLite, text that is no JSON stays as it is, as in Django).
/// A JSON string is a text, a number a number, `true`/`false` 1/0 (how Pony holds booleans),
/// `null` `NULL`, an array or object its JSON text.
enum JSONKeyValue {
    static func decoded(_ value: DatabaseValue) -> DatabaseValue {
        guard case .text(let text) = value, let json = try? JSONValue(parsing: text) else { return value }
        switch json {
        case .null: return .null
        case .bool(let flag): return .integer(flag ? 1 : 0)
        case .int(let number): return .integer(number)
        case .double(let number): return .double(number)
        case .string(let string): return .text(string)
        case .array, .object: return .text(json.pythonJSON(compact: false, asciiOnly: false))
        }
    }
}
