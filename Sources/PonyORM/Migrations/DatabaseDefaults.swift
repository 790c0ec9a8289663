extension SchemaEditor {
    /// A field's database default as DDL writes it (Django's `db_default_sql`): a value as a
    /// literal, an expression compiled for the model; `nil` for a field without one.
    func databaseDefault(_ field: FieldState, of model: ModelState) throws -> ColumnDefault? {
        guard let expression = field.dbDefault else { return nil }
        if case .value(let value) = expression { return .value(value) }
        guard expression.isAllowedAsDatabaseDefault else {
            throw MigrationError(
                "\(model.name).\(field.name): (fields.E012) this expression cannot be used in dbDefault: the"
                    + " database computes a default without the row, so it cannot name a field or use a condition,"
                    + " subquery, window or text search.\n\tHINT: Use values and functions of them, such as F.now,"
                    + " or set the value in Swift (an initial value, or in save()).")
        }
        var compiler = SQLCompiler(root: SchemaInfo(historical: model))
        return .expression(try compiler.expression(expression))
    }
}

extension F {
    /// Whether the expression can be a column's database default: values and functions of
    /// values (Django's `allowed_default`); no field, aggregate, subquery, window or condition.
    var isAllowedAsDatabaseDefault: Bool {
        switch self {
        case .value: true
        case .operation(let lhs, _, let rhs): lhs.isAllowedAsDatabaseDefault && rhs.isAllowedAsDatabaseDefault
        case .function(_, let arguments): arguments.allSatisfy(\.isAllowedAsDatabaseDefault)
        case .cast(let expression, _), .extract(_, let expression), .trunc(_, let expression):
            expression.isAllowedAsDatabaseDefault
        case .field, .conditional, .outer, .subquery, .windowed, .textSearch: false
        }
    }
}
