extension SchemaEditor {
    /// A generated field's column clause (Django's `GeneratedField.generated_sql`): its expression
    /// compiled against the model's own columns; `nil` for other fields.
    func generatedColumn(_ field: FieldState, of model: ModelState) throws -> GeneratedColumn? {
        guard let expression = field.generated else { return nil }
        if field.dbPersist == false, !dialect.rebuildsTables {
            throw MigrationError(
                "\(model.name).\(field.name): (fields.E221) PostgreSQL does not support non-persisted generated fields."
                    + "\n\tHINT: Leave out dbPersist: false, so that the column is stored.")
        }
        var compiler = SQLCompiler(root: SchemaInfo(historical: model))
        let compiled = try compiler.expression(expression)
        guard compiler.joins.isEmpty else {
            throw MigrationError(
                "Generated field \(model.name).\(field.name) names a field of another model; a generated field can"
                    + " only be computed from its model's own fields.")
        }
        var column = GeneratedColumn(expression: compiled, stored: field.dbPersist ?? true)
        // NB: as Django's SQLiteNumericMixin: arithmetic and functions whose type is a decimal
        // are cast on SQLite; a field or a value is not, nor an expression of mixed types.
        switch expression {
        case .operation, .function:
            column.castsToNumeric = dialect.rebuildsTables && NumericKind(expression, in: model) == .decimal
        default:
            break
        }
        return column
    }
}

/// The numeric type Django infers for an expression (`_resolve_output_field`), as far as the
/// SQLite cast of a generated column needs it; `nil` where Django finds mixed types.
enum NumericKind {
    case decimal, integer, float, other

    init?(_ expression: F, in model: ModelState) {
        switch expression {
        case .field(let name):
            switch model.field(name)?.fieldType {
            case .decimal?: self = .decimal
            case .integer?, .bigInteger?, .smallInteger?, .positiveInteger?, .positiveBigInteger?,
                .positiveSmallInteger?:
                self = .integer
            case .float?: self = .float
            default: self = .other
            }
        case .value(.integer): self = .integer
        case .value(.double): self = .float
        case .operation(let lhs, _, let rhs):
            // NB: Django's `_connector_combinations`: a decimal with a decimal or an integer is
            // a decimal, an integer with an integer an integer, a float with a float or an integer a float.
            switch (NumericKind(lhs, in: model), NumericKind(rhs, in: model)) {
            case (.decimal?, .decimal?), (.decimal?, .integer?), (.integer?, .decimal?): self = .decimal
            case (.integer?, .integer?): self = .integer
            case (.float?, .float?), (.float?, .integer?), (.integer?, .float?): self = .float
            default: return nil
            }
        case .function(let function, let arguments):
            let kinds = arguments.map { NumericKind($0, in: model) }
            switch function {
            case .abs, .ceil, .floor, .round, .sign:
                guard let first = kinds.first, let kind = first else { return nil }
                self = kind
            case .coalesce, .greatest, .least, .nullIf:
                guard let first = kinds.first, let kind = first, kinds.allSatisfy({ $0 == kind }) else { return nil }
                self = kind
            case .mod, .power, .sqrt, .exp, .ln, .log:
                // NB: Django's NumericOutputFieldMixin: a decimal if any argument is one.
                self = kinds.contains(.decimal) ? .decimal : .float
            default:
                self = .other
            }
        default:
            self = .other
        }
    }
}
