internal import PonySupport

/// How migrations store a condition (a constraint's): lookups on the row's fields, with
/// values, lists, ranges or `F` expressions, combined with `and`, `or` and `not`:
/// `{"or": [{"lookup": "active", "value": 1}, {"lookup": "rating__lte", "value": {"float": 3.5}}]}`.
/// A subquery cannot be stored (nor can a constraint hold one).
extension Q: Codable {
    private enum CodingKeys: String, CodingKey {
        case lookup, value, values, range, expression, json, and, or, not
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let path = try c.decodeIfPresent(String.self, forKey: .lookup) {
            if let value = try c.decodeIfPresent(StoredValue.self, forKey: .value) {
                self = .lookup(path, .value(value.value))
            } else if let values = try c.decodeIfPresent([StoredValue].self, forKey: .values) {
                self = .lookup(path, .list(values.map(\.value)))
            } else if let bounds = try c.decodeIfPresent([StoredValue].self, forKey: .range), bounds.count == 2 {
                self = .lookup(path, .range(bounds[0].value, bounds[1].value))
            } else if let json = try c.decodeIfPresent(JSONValue.self, forKey: .json) {
                self = .lookup(path, .json(json))
            } else {
                self = .lookup(path, .expression(try c.decode(F.self, forKey: .expression)))
            }
        } else if let parts = try c.decodeIfPresent([Q].self, forKey: .and) {
            self = .and(parts)
        } else if let parts = try c.decodeIfPresent([Q].self, forKey: .or) {
            self = .or(parts)
        } else {
            self = .not(try c.decode(Q.self, forKey: .not))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .lookup(let path, let value):
            try c.encode(path, forKey: .lookup)
            switch value {
            case .value(let value): try c.encode(StoredValue(value), forKey: .value)
            case .list(let values): try c.encode(values.map(StoredValue.init), forKey: .values)
            case .range(let low, let high): try c.encode([StoredValue(low), StoredValue(high)], forKey: .range)
            case .expression(let expression): try c.encode(expression, forKey: .expression)
            case .json(let json): try c.encode(json, forKey: .json)
            }
        case .and(let parts): try c.encode(parts, forKey: .and)
        case .or(let parts): try c.encode(parts, forKey: .or)
        case .not(let inner): try c.encode(inner, forKey: .not)
        case .exists:
            throw EncodingError.invalidValue(
                self,
                .init(
                    codingPath: encoder.codingPath,
                    debugDescription: "A condition with a subquery (Q.exists) cannot be stored in a migration."))
        }
    }
}

/// An `F` expression in a stored condition or generated field: a field, a value, arithmetic, a
/// database function, a `Case`, a cast or a search vector (`{"field": "pages"}`,
/// `{"operator": "*", "operands": [{"field": "pages"}, {"value": 10}]}`,
/// `{"case": [{"when": {"lookup": "pages__gte", "value": 300}, "then": {"value": "long"}}], "default": {"value": "short"}}`,
/// `{"cast": {"field": "pages"}, "output": {"type": "CharField", "max_length": 10}}`).
extension F: Codable {
    private enum CodingKeys: String, CodingKey {
        case field, value, `operator`, operands, function, arguments
        case searchVector = "search_vector", config, weight
        case cases = "case", otherwise = "default", cast, output
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try c.decodeIfPresent(String.self, forKey: .field) {
            self = .field(name)
        } else if let value = try c.decodeIfPresent(StoredValue.self, forKey: .value) {
            self = .value(value.value)
        } else if let expressions = try c.decodeIfPresent([F].self, forKey: .searchVector) {
            let weight = try c.decodeIfPresent(String.self, forKey: .weight)
            self = .textSearch(
                .vector(
                    expressions, config: try c.decodeIfPresent(String.self, forKey: .config),
                    weight: try weight.map { name in
                        guard let weight = SearchWeight(rawValue: name) else {
                            throw DecodingError.dataCorruptedError(
                                forKey: .weight, in: c, debugDescription: "Expected a weight A, B, C or D.")
                        }
                        return weight
                    }))
        } else if let whens = try c.decodeIfPresent([When].self, forKey: .cases) {
            self = .conditional(whens, otherwise: try c.decodeIfPresent(F.self, forKey: .otherwise))
        } else if let inner = try c.decodeIfPresent(F.self, forKey: .cast) {
            self = .cast(inner, try c.decode(StoredFieldType.self, forKey: .output).fieldType)
        } else if let symbol = try c.decodeIfPresent(String.self, forKey: .operator) {
            let operands = try c.decode([F].self, forKey: .operands)
            guard let op = ArithmeticOperator(rawValue: symbol), operands.count == 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .operator, in: c, debugDescription: "Expected +, -, * or / between two operands.")
            }
            self = .operation(operands[0], op, operands[1])
        } else {
            let name = try c.decode(String.self, forKey: .function)
            guard let function = DatabaseFunction(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .function, in: c, debugDescription: "Unknown database function \"\(name)\".")
            }
            self = .function(function, try c.decode([F].self, forKey: .arguments))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        // NB: two search vectors joined are stored as an operation of two search vectors.
        if case .textSearch(.combined(let lhs, let rhs)) = self {
            return try F.operation(.textSearch(lhs), .add, .textSearch(rhs)).encode(to: encoder)
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .field(let name): try c.encode(name, forKey: .field)
        case .value(let value): try c.encode(StoredValue(value), forKey: .value)
        case .operation(let lhs, let op, let rhs):
            try c.encode(op.rawValue, forKey: .operator)
            try c.encode([lhs, rhs], forKey: .operands)
        case .function(let function, let arguments):
            try c.encode(function.rawValue, forKey: .function)
            try c.encode(arguments, forKey: .arguments)
        case .textSearch(.vector(let expressions, let config, let weight)):
            try c.encode(expressions, forKey: .searchVector)
            try c.encodeIfPresent(config, forKey: .config)
            try c.encodeIfPresent(weight?.rawValue, forKey: .weight)
        case .conditional(let whens, let otherwise):
            try c.encode(whens, forKey: .cases)
            try c.encodeIfPresent(otherwise, forKey: .otherwise)
        case .cast(let inner, let type) where type.relationTarget == nil:
            try c.encode(inner, forKey: .cast)
            try c.encode(StoredFieldType(type), forKey: .output)
        case .extract, .trunc, .outer, .subquery, .cast, .windowed, .textSearch:
            throw EncodingError.invalidValue(
                self,
                .init(
                    codingPath: encoder.codingPath,
                    debugDescription:
                        "Only fields, values, arithmetic, database functions, cases, casts and search vectors can be"
                        + " stored in a migration, not \(self)."
                ))
        }
    }
}

/// A value in a stored condition: as ``DatabaseValue`` stores itself, except that a float is
/// `{"float": 3.0}`, so that it reads back as a float rather than as the integer `3`.
private struct StoredValue: Codable {
    let value: DatabaseValue

    init(_ value: DatabaseValue) { self.value = value }

    private enum CodingKeys: String, CodingKey { case float }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: CodingKeys.self),
            let number = try keyed.decodeIfPresent(Double.self, forKey: .float)
        {
            value = .double(number)
        } else {
            value = try DatabaseValue(from: decoder)
        }
    }

    func encode(to encoder: any Encoder) throws {
        guard case .double(let number) = value else { return try value.encode(to: encoder) }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .float)
    }
}

/// A `When` of a stored `Case`: `{"when": condition, "then": result}`.
extension When: Codable {
    private enum CodingKeys: String, CodingKey { case when, then }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(Q.self, forKey: .when), then: try c.decode(F.self, forKey: .then))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(condition, forKey: .when)
        try c.encode(result, forKey: .then)
    }
}

/// The type a stored cast converts to, as a migration records a field's: its class and the
/// parameters that change the column (`{"type": "DecimalField", "max_digits": 8, "decimal_places": 2}`).
private struct StoredFieldType: Codable {
    let type: FieldClass
    var maxLength: Int?
    var maxDigits: Int?
    var decimalPlaces: Int?

    private enum CodingKeys: String, CodingKey {
        case type, maxLength = "max_length", maxDigits = "max_digits", decimalPlaces = "decimal_places"
    }

    init(_ fieldType: FieldType) {
        type = fieldType.fieldClass
        maxLength = fieldType.maxLength
        if case .decimal(let digits, let places) = fieldType {
            maxDigits = digits
            decimalPlaces = places
        }
    }

    /// The type, with the defaults a migration's field takes for parameters not given.
    var fieldType: FieldType {
        var state = FieldState(automaticKey: "", type: type)
        state.primaryKey = nil
        state.maxLength = maxLength
        state.maxDigits = maxDigits
        state.decimalPlaces = decimalPlaces
        return state.fieldType
    }
}
