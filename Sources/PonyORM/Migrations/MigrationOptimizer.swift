/// Django's `MigrationOptimizer`: merges a list of operations into a shorter one that leaves
/// the same schema. A `CreateModel` takes in the later `AddField`s, `AlterField`s, renames,
/// indexes and constraints of its model, and a `CreateModel` then `DeleteModel` is nothing.
/// `squashmigrations` and `optimizemigration` run it.
///
/// Each operation is compared with the ones after it: it merges with one (``Reduction/replace``),
/// lets it pass (``Reduction/through``: they touch different models or fields), or stops there
/// (``Reduction/barrier``: `RunSQL`, an index, a relation to the model). A merge may also happen
/// on the left, when every operation in between lets the later one pass. Passes repeat until
/// nothing changes.
public enum MigrationOptimizer {
    /// `operations` merged, for the migrations of the app `app` (relations name models as
    /// `app.model`).
    public static func optimize(_ operations: [MigrationOperation], app: String) -> [MigrationOperation] {
        var operations = operations
        while true {
            let result = pass(operations, app: app)
            if result == operations { return result }
            operations = result
        }
    }

    /// One pass: the first merge found, as Django's `optimize_inner`.
    private static func pass(_ operations: [MigrationOperation], app: String) -> [MigrationOperation] {
        var result: [MigrationOperation] = []
        for (i, operation) in operations.enumerated() {
            var right = true
            scan: for j in operations.indices.dropFirst(i + 1) {
                let other = operations[j]
                switch operation.reduce(other, app: app) {
                case .replace(let replacement):
                    let between = operations[(i + 1)..<j]
                    if right {
                        result += between + replacement
                    } else if between.allSatisfy({ $0.reduce(other, app: app) == .through }) {
                        result += replacement + between
                    } else {
                        // NB: as Django, the operation stays and the scan for it ends here.
                        break scan
                    }
                    return result + operations[(j + 1)...]
                case .barrier: right = false
                case .through: break
                }
            }
            result.append(operation)
        }
        return result
    }
}

/// What an operation makes of a later one (Django's `Operation.reduce`).
enum Reduction: Equatable {
    /// Both become these.
    case replace([MigrationOperation])
    /// The later one may move before this one: they touch different things.
    case through
    /// Nothing may cross this one.
    case barrier
}

extension MigrationOperation {
    /// Django's `reduce`, operation by operation.
    func reduce(_ other: MigrationOperation, app: String) -> Reduction {
        switch self {
        case .createModel(let model): return model.reduce(other, app: app)
        case .deleteModel(let name): return passes(other, unless: other.references(model: name, app: app))
        case .alterModelOptions(let name, _), .alterModelTableComment(let name, _):
            // A later change of the same option, or the model's deletion, replaces it.
            switch (self, other) {
            case (_, .deleteModel), (.alterModelOptions, .alterModelOptions),
                (.alterModelTableComment, .alterModelTableComment):
                if other.modelKey == name.lowercased() { return .replace([other]) }
            default: break
            }
            return passes(other, unless: other.references(model: name, app: app))
        case .renameModel(let old, let new):
            if case .renameModel(let otherOld, let otherNew) = other, new.lowercased() == otherOld.lowercased() {
                return .replace([.renameModel(oldName: old, newName: otherNew)])
            }
            return passes(other, unless: other.references(model: new, app: app))
        case .addField(let model, let field):
            if other.isOperation(onField: field.name, of: model) {
                switch other {
                case .alterField(_, let altered): return .replace([.addField(model: model, field: altered)])
                case .removeField: return .replace([])
                case .renameField(_, _, let new):
                    var renamed = field
                    renamed.name = new
                    return .replace([.addField(model: model, field: renamed)])
                default: break
                }
            }
            return passes(other, unless: other.references(field: field.name, of: model, app: app))
        case .removeField(let model, let name):
            if case .deleteModel(let deleted) = other, deleted.lowercased() == model { return .replace([other]) }
            return passes(other, unless: other.references(field: name, of: model, app: app))
        case .alterField(let model, let field):
            if other.isOperation(onField: field.name, of: model) {
                switch other {
                case .alterField, .removeField: return .replace([other])
                case .renameField(_, _, let new) where field.dbColumn == nil:
                    var renamed = field
                    renamed.name = new
                    return .replace([other, .alterField(model: model, field: renamed)])
                default: break
                }
            }
            return passes(other, unless: other.references(field: field.name, of: model, app: app))
        case .renameField(let model, let old, let new):
            if case .renameField(let otherModel, let otherOld, let otherNew) = other, otherModel == model,
                new.lowercased() == otherOld.lowercased()
            {
                return .replace([.renameField(model: model, oldName: old, newName: otherNew)])
            }
            return passes(
                other,
                unless: other.references(field: old, of: model, app: app)
                    || other.references(field: new, of: model, app: app))
        case .addIndex(_, let index):
            if case .removeIndex(_, let name) = other, index.name == name { return .replace([]) }
            return .barrier
        case .addConstraint(let model, let constraint):
            if case .removeConstraint(let otherModel, let name) = other, otherModel == model, constraint.name == name {
                return .replace([])
            }
            return .barrier
        case .removeIndex, .removeConstraint, .runSQL: return .barrier
        }
    }

    private func passes(_ other: MigrationOperation, unless referenced: Bool) -> Reduction {
        referenced ? .barrier : .through
    }

    /// Whether this is a field operation on `field` of `model` (a rename, on its old name).
    private func isOperation(onField field: String, of model: String) -> Bool {
        let name: String
        switch self {
        case .addField(let key, let state), .alterField(let key, let state):
            guard key == model else { return false }
            name = state.name
        case .removeField(let key, let removed), .renameField(let key, let removed, _):
            guard key == model else { return false }
            name = removed
        default: return false
        }
        return name.lowercased() == field.lowercased()
    }

    /// Whether the operation may touch the model `name` (Django's `references_model`; when in
    /// doubt, it does).
    func references(model name: String, app: String) -> Bool {
        let key = name.lowercased()
        switch self {
        case .createModel(let model):
            return model.key == key || model.fields.contains { $0.references(model: key, app: app) }
        case .renameModel(let old, let new): return [old.lowercased(), new.lowercased()].contains(key)
        case .addField(let model, let field), .alterField(let model, let field):
            return model == key || field.references(model: key, app: app)
        case .removeField(let model, _), .renameField(let model, _, _): return model == key
        case .alterModelOptions(let name, _), .alterModelTableComment(let name, _): return name.lowercased() == key
        case .deleteModel, .addIndex, .removeIndex, .addConstraint, .removeConstraint, .runSQL: return true
        }
    }

    /// Whether the operation may touch the field `field` of `model` (Django's
    /// `references_field`).
    func references(field: String, of model: String, app: String) -> Bool {
        let key = model.lowercased()
        switch self {
        case .addField(let owner, let state), .alterField(let owner, let state):
            if owner == key, state.name == field { return true }
            return state.references(model: key, app: app, field: field)
        case .removeField(let owner, let name): return owner == key && name == field
        case .renameField(let owner, let old, let new):
            return owner == key && [old.lowercased(), new.lowercased()].contains(field.lowercased())
        default: return references(model: model, app: app)
        }
    }
}

extension ModelState {
    /// Django's `CreateModel.reduce`: the model takes in later changes to itself.
    func reduce(_ other: MigrationOperation, app: String) -> Reduction {
        var model = self
        switch other {
        case .deleteModel(let name) where name.lowercased() == key: return .replace([])
        case .renameModel(let old, let new) where old.lowercased() == key:
            return .replace([.createModel(renamed(to: new))])
        case .addField(key, let field): model.fields.append(field)
        case .alterField(key, let field): model.fields = fields.map { $0.name == field.name ? field : $0 }
        case .removeField(key, let name):
            model.fields.removeAll { $0.name.lowercased() == name.lowercased() }
            model.uniqueTogether = uniqueTogether.map { $0.filter { $0 != name } }.filter { !$0.isEmpty }
        case .renameField(key, let old, let new):
            model.fields = fields.map { field in
                var field = field
                if field.name == old { field.name = new }
                return field
            }
            model.uniqueTogether = uniqueTogether.map { $0.map { $0 == old ? new : $0 } }
        case .alterModelOptions(let name, let managed) where name.lowercased() == key:
            model.managed = managed ? nil : false
        case .alterModelTableComment(let name, let comment) where name.lowercased() == key:
            model.dbTableComment = comment
        case .addIndex(key, let index): model.indexes.append(index)
        case .removeIndex(key, let name): model.indexes.removeAll { $0.name == name }
        case .addConstraint(key, let constraint): model.constraints.append(constraint)
        case .removeConstraint(key, let name): model.constraints.removeAll { $0.name == name }
        default: return other.references(model: name, app: app) ? .barrier : .through
        }
        return .replace([.createModel(model)])
    }
}

extension FieldState {
    /// Whether the field is a relation to `model` of `app`, or through it; with `field`, whether
    /// it may use that field (Django's `field_references`: a key to the model uses all of them).
    func references(model: String, app: String, field: String? = nil) -> Bool {
        func resolves(_ label: String?) -> Bool {
            guard let label else { return false }
            let parts = label.split(separator: ".", maxSplits: 1)
            let target = parts.count == 2 ? (String(parts[0]), parts[1].lowercased()) : (app, label.lowercased())
            return target == (app, model)
        }
        if resolves(to) { return true }
        guard resolves(through) else { return false }
        return field == nil || throughFields == nil || throughFields?.contains(field ?? "") == true
    }
}
