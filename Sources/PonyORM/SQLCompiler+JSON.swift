internal import PonySupport

// Lookups through a JSON column (Django's `JSONField`): keys and indexes (`data__owner__name`,
// `tags__0`), the lookups on them, and `has_key`, `has_keys`, `has_any_keys`, `contains` and
// `contained_by`.

/// The lookups that end a path through a JSON column; any other last name is a key.
private let jsonLookupNames: Set<String> = [
    "exact", "iexact", "icontains", "in", "gt", "gte", "lt", "lte", "startswith", "istartswith", "endswith",
    "iendswith", "regex", "iregex", "isnull", "contains", "contained_by", "has_key", "has_keys", "has_any_keys",
]

extension SQLCompiler {
    /// Whether the names after a JSON column (`rest`) make a JSON lookup: a key, a lookup only
    /// JSON has, or a value given as JSON.
    static func isJSONLookup(_ rest: [String], _ value: LookupValue) -> Bool {
        guard let first = rest.first else { return false }
        if case .json = value { return true }
        return rest.count > 1 || !lookupNames.contains(first) || first == "contains"
    }

    /// The condition `rest` (keys, then maybe a lookup; `exact` when none) puts on the JSON
    /// column `column`, as Django's key transforms and JSON lookups write it.
    mutating func jsonLookup(_ column: SQLExpression, _ rest: [String], _ value: LookupValue) throws -> SQLExpression {
        var keys = rest
        var lookup = "exact"
        // NB: as in Django, only the last name can be a lookup: `data__in__x` is two keys.
        if let last = keys.last, jsonLookupNames.contains(last) {
            lookup = last
            keys.removeLast()
        }
        switch lookup {
        case "has_key", "has_keys", "has_any_keys":
            let names = try Self.keyNames(value, single: lookup == "has_key")
            return .jsonHasKeys(column, base: keys, keys: names, all: lookup != "has_any_keys")
        case "contains", "contained_by":
            if ORM.database?.dialect == .sqlite {
                throw FieldError(description: "\(lookup) lookup is not supported on this database backend.")
            }
            let lhs = keys.isEmpty ? column : .jsonKey(column, keys: keys, text: false)
            return .jsonContains(lhs, try Self.json(value, lookup), containedBy: lookup == "contained_by")
        default: break
        }
        guard !keys.isEmpty else {
            guard lookup == "exact" else {
                throw FieldError(
                    description: "Lookup \"\(lookup)\" on a JSON field needs a key: \"field__key__\(lookup)\".")
            }
            return .compare(column, .equal, .jsonConstant(try Self.json(value, lookup), plain: false))
        }
        let key = SQLExpression.jsonKey(column, keys: keys, text: false)
        switch lookup {
        case "isnull":
            let flag: Bool
            switch value {
            case .value(let raw): flag = !(raw == .integer(0) || raw == .text("false"))
            case .json(.bool(let raw)): flag = raw
            default: throw FieldError(description: "Lookup \"isnull\" needs true or false.")
            }
            return .isNull(key, negated: !flag)
        case "exact":
            return .compare(key, .equal, .jsonConstant(try Self.json(value, lookup), plain: false))
        case "in":
            let items: [JSONValue]
            switch value {
            case .list(let values): items = values.map(Self.json)
            case .json(.array(let values)): items = values
            default: throw FieldError(description: "Lookup \"in\" needs a list of values, not a single value.")
            }
            return .inList(key, items.map { .jsonConstant($0, plain: false) })
        case "gt", "gte", "lt", "lte":
            let op = ComparisonOperator(lookup: lookup) ?? .equal
            return .compare(key, op, .jsonConstant(try Self.json(value, lookup), plain: true))
        default:
            guard let pattern = PatternLookup(rawValue: lookup) else {
                throw FieldError(description: "Unsupported lookup \"\(lookup)\" on a key of a JSON field.")
            }
            let text: String
            switch try Self.json(value, lookup) {
            case .string(let string): text = string
            case .int(let number): text = String(number)
            case .double(let number): text = pythonRepr(number)
            case let other: text = other.pythonJSON
            }
            return .pattern(pattern, .jsonKey(column, keys: keys, text: true), text)
        }
    }

    /// The JSON value of a lookup's value: a text is a JSON string, a number a number, `NULL`
    /// JSON's `null`, a list (for `contains`) an array, as Django dumps a Python value.
    private static func json(_ value: LookupValue, _ lookup: String) throws -> JSONValue {
        switch value {
        case .json(let json): return json
        case .value(let raw): return json(raw)
        case .list(let values) where lookup != "exact": return .array(values.map(json))
        case .list, .range, .expression:
            throw FieldError(description: "Lookup \"\(lookup)\" on a JSON field needs one value (a JSON value).")
        }
    }

    private static func json(_ value: DatabaseValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .int(number)
        case .double(let number): .double(number)
        case .text(let text): .string(text)
        case .blob(let bytes): .string(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The keys of `has_key` (one) or `has_keys`/`has_any_keys` (a list), as text.
    private static func keyNames(_ value: LookupValue, single: Bool) throws -> [String] {
        func name(_ json: JSONValue) -> String {
            if case .string(let text) = json { return text }
            return json.pythonJSON
        }
        switch value {
        case .value(let raw) where single: return [name(json(raw))]
        case .json(let json) where single: return [name(json)]
        case .list(let values) where !single: return values.map { name(json($0)) }
        case .json(.array(let items)) where !single: return items.map(name)
        default:
            throw FieldError(description: single ? "Lookup \"has_key\" needs one key." : "Lookup needs a list of keys.")
        }
    }
}

extension LookupValue {
    /// A JSON value given to a lookup on a column that is not JSON, as that column stores it:
    /// `true` as 1, a list for `in`, an array or object as its JSON text.
    var withoutJSON: LookupValue {
        guard case .json(let json) = self else { return self }
        if case .array(let items) = json { return .list(items.map(\.storedValue)) }
        return .value(json.storedValue)
    }
}

extension JSONValue {
    /// The value as a column other than a JSON one stores it.
    fileprivate var storedValue: DatabaseValue {
        switch self {
        case .null: .null
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .int(let number): .integer(number)
        case .double(let number): .double(number)
        case .string(let text): .text(text)
        case .array, .object: .text(pythonJSON)
        }
    }
}
