extension F {
    /// The expression with its references to the field `old` renamed `new` (a lookup's other
    /// parts kept: `old__year` becomes `new__year`), as the database renames them in a
    /// generated column when the column is renamed. Only what a migration stores is followed.
    func renamingField(_ old: String, to new: String) -> F {
        let rename = { (expression: F) in expression.renamingField(old, to: new) }
        switch self {
        case .field(let path): return .field(renamedPath(path, old, new))
        case .operation(let lhs, let op, let rhs): return .operation(rename(lhs), op, rename(rhs))
        case .function(let function, let arguments): return .function(function, arguments.map(rename))
        case .conditional(let whens, let otherwise):
            return .conditional(
                whens.map { When($0.condition.renamingField(old, to: new), then: rename($0.result)) },
                otherwise: otherwise.map(rename))
        case .cast(let inner, let type): return .cast(rename(inner), type)
        case .textSearch(let search): return .textSearch(search.renamingField(old, to: new))
        case .value, .extract, .trunc, .outer, .subquery, .windowed: return self
        }
    }
}

extension TextSearch {
    /// A search vector with its fields renamed (see ``F/renamingField(_:to:)``).
    fileprivate func renamingField(_ old: String, to new: String) -> TextSearch {
        switch self {
        case .vector(let expressions, let config, let weight):
            return .vector(expressions.map { $0.renamingField(old, to: new) }, config: config, weight: weight)
        case .combined(let lhs, let rhs):
            return .combined(lhs.renamingField(old, to: new), rhs.renamingField(old, to: new))
        case .query, .rank, .headline:
            return self
        }
    }
}

extension Q {
    /// The condition with its lookups on the field `old` renamed `new`.
    func renamingField(_ old: String, to new: String) -> Q {
        switch self {
        case .lookup(let path, .expression(let expression)):
            return .lookup(renamedPath(path, old, new), .expression(expression.renamingField(old, to: new)))
        case .lookup(let path, let value): return .lookup(renamedPath(path, old, new), value)
        case .and(let parts): return .and(parts.map { $0.renamingField(old, to: new) })
        case .or(let parts): return .or(parts.map { $0.renamingField(old, to: new) })
        case .not(let inner): return .not(inner.renamingField(old, to: new))
        case .exists: return self
        }
    }
}

/// `path` with its first part renamed from `old` to `new`.
private func renamedPath(_ path: String, _ old: String, _ new: String) -> String {
    if path == old { return new }
    return path.hasPrefix(old + "__") ? new + path.dropFirst(old.count) : path
}

extension ModelState {
    /// The model after its field `old` is renamed `new`: the field, and the generated fields'
    /// expressions that name it, which the database renames with the column.
    func renamingField(_ old: String, to new: String) -> ModelState {
        var model = self
        model.fields = fields.map { field in
            var field = field
            if field.name == old { field.name = new }
            field.generated = field.generated?.renamingField(old, to: new)
            return field
        }
        // NB: as Django's state, sets of fields unique together follow the field.
        model.uniqueTogether = uniqueTogether.map { $0.map { $0 == old ? new : $0 } }
        return model
    }
}
