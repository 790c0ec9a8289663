// Django's math functions (`django.db.models.functions.math`) as its backends write them.

extension SQLCompiler {
    /// A math function: on PostgreSQL, `LOG`, `MOD` and `ROUND` take a float argument as
    /// `numeric(1000, 15)` (Django's `FixDecimalInputMixin`), and a numeric result is a float
    /// again where Django's output field is one. `ROUND`'s places are written as a number.
    mutating func math(_ function: DatabaseFunction, _ arguments: [F]) throws -> SQLExpression {
        let types = try arguments.map { try type(of: $0) }
        let decimal = types.contains { if case .decimal = $0 { true } else { false } }
        var compiled: [SQLExpression] = []
        for (index, argument) in arguments.enumerated() {
            if function == .round, index == 1, case .value(.integer(let places)) = argument {
                if places < 0, ORM.database?.dialect == .sqlite {
                    throw FieldError(description: "SQLite does not support negative precision.")
                }
                compiled.append(.integer(Int(truncatingIfNeeded: places)))
                continue
            }
            var expression = try self.expression(argument)
            if [.log, .mod, .round].contains(function), types[index] == .float {
                expression = .postgresCast(expression, "numeric(1000, 15)")
            }
            compiled.append(expression)
        }
        let call = SQLExpression.function(function.rawValue, compiled)
        let floatOut = function == .round ? types.first == .float : [.log, .mod].contains(function) && !decimal
        return floatOut ? .postgresCast(call, "double precision") : call
    }
}
