/// Answers the questions `makemigrations` asks (Django's `MigrationQuestioner`).
public protocol MigrationQuestioner: Sendable {
    /// A default for existing rows when a non-null field without a default is added; throws
    /// to stop.
    func askNotNullAddition(field: String, model: String) throws -> DatabaseValue
    /// Whether a field that disappeared was renamed to one that appeared.
    func askRename(model: String, oldName: String, newName: String, fieldType: String) -> Bool
    /// Whether a model that disappeared was renamed to one with the same fields that appeared.
    func askRenameModel(oldName: String, newName: String) -> Bool
}

extension MigrationQuestioner {
    /// No, unless the questioner asks someone (as Django without a terminal).
    public func askRenameModel(oldName: String, newName: String) -> Bool { false }
}

/// The questioner without a terminal: refuses what needs an answer, as Django does with
/// `--noinput`.
public struct NonInteractiveQuestioner: MigrationQuestioner {
    /// A questioner.
    public init() {}

    public func askNotNullAddition(field: String, model: String) throws -> DatabaseValue {
        throw MigrationError(
            "It is impossible to add a non-nullable field '\(field)' to \(model) without specifying a default. This is"
                + " because the database needs something to populate existing rows.\nPlease select a fix:\n"
                + " 1) Provide a one-off default now (will be set on all existing rows with a null value for this column)\n"
                + " 2) Quit and manually define a default value in the model.\n"
                + "Run makemigrations on a terminal to answer, or give the field a default or make it optional.")
    }

    public func askRename(model: String, oldName: String, newName: String, fieldType: String) -> Bool { false }
}

/// Compares the models with the state the migrations build and lists the operations that
/// turn one into the other (Django's `MigrationAutodetector`).
public struct Autodetector {
    let from: ProjectState
    let to: [ModelState]
    let questioner: any MigrationQuestioner

    /// A detector from `from` (the migrations' state) to `to` (the models).
    public init(from: ProjectState, to: [ModelState], questioner: any MigrationQuestioner) {
        self.from = from
        self.to = to
        self.questioner = questioner
    }

    /// The operations, in an order that applies: created models before the models pointing
    /// to them, deletions last.
    public func changes() throws -> [MigrationOperation] {
        var operations: [MigrationOperation] = []
        let current = Dictionary(uniqueKeysWithValues: to.map { ($0.key, $0) })
        var from = self.from
        // A model that vanished and one with the same fields that appeared may be a rename.
        for model in to where from.models[model.key] == nil {
            for key in from.models.keys.sorted() where current[key] == nil {
                let rename = MigrationOperation.renameModel(oldName: from.models[key]!.name, newName: model.name)
                var renamed = from
                try rename.apply(to: &renamed)
                guard renamed.models[model.key]?.fields.map(\.withoutDefault) == model.fields.map(\.withoutDefault),
                    questioner.askRenameModel(oldName: from.models[key]!.name, newName: model.name)
                else { continue }
                operations.append(rename)
                from = renamed
                break
            }
        }
        // New models, in the order Django's autodetector and optimizer leave them (see `creationOrder`).
        for var model in creationOrder(to.filter { from.models[$0.key] == nil }) {
            // NB: Django creates relation fields with AddField and its optimizer folds them
            // back into CreateModel, so they end up last; the tables match Django's.
            let isRelation = { (field: FieldState) in field.to != nil && !field.isPrimaryKey }
            model.fields = model.fields.filter { !isRelation($0) } + model.fields.filter(isRelation)
            operations.append(.createModel(model))
        }
        var added: [MigrationOperation] = []
        for model in to {
            guard let old = from.models[model.key] else { continue }
            if old.isManaged != model.isManaged {
                operations.append(.alterModelOptions(name: model.name, managed: model.isManaged))
            }
            // NB: as Django, the fields of a model unmanaged before or after are not followed:
            // its table is someone else's.
            guard old.isManaged && model.isManaged else { continue }
            let (removedMeta, addedMeta) = metaChanges(old, model)
            operations += removedMeta
            operations += try fieldChanges(old, model)
            added += addedMeta
        }
        operations += added
        // NB: as Django's generate_altered_db_table_comment, after the fields and the Meta changes.
        for model in to {
            guard let old = from.models[model.key], old.isManaged, model.isManaged,
                old.dbTableComment != model.dbTableComment
            else { continue }
            operations.append(.alterModelTableComment(name: model.key, comment: model.dbTableComment))
        }
        for key in from.models.keys.sorted() where current[key] == nil {
            operations.append(.deleteModel(name: from.models[key]!.name))
        }
        return operations
    }

    /// The order Django creates new models in. Its autodetector makes, model by model in name
    /// order, a `CreateModel` without relations, then `AddField` for each relation (after the
    /// targets' `CreateModel`), then `AddIndex`/`AddConstraint` (after those fields); its
    /// optimizer folds each model's operations into its `CreateModel` at the place of the
    /// last one. So a model without relations, indexes or constraints comes first, one with
    /// indexes or constraints but no relations next, and one with relations and either last,
    /// each group in name order; and a model never comes before one it points to.
    private func creationOrder(_ models: [ModelState]) -> [ModelState] {
        let keys = Set(models.map(\.key))
        let targets = { (model: ModelState) in
            Set(model.fields.compactMap { $0.to?.split(separator: ".").last.map(String.init) })
                .subtracting([model.key]).intersection(keys)
        }
        let layer = { (model: ModelState) -> Int in
            let hasMeta = !model.indexes.isEmpty || !model.constraints.isEmpty || !model.uniqueTogether.isEmpty
            let hasRelations = model.fields.contains { $0.to != nil && !$0.isPrimaryKey }
            return (hasRelations ? 1 : 0) + (hasMeta ? 1 : 0)
        }
        var remaining = models.sorted { $0.key < $1.key }.enumerated().sorted {
            (layer($0.element), $0.offset) < (layer($1.element), $1.offset)
        }.map(\.element)
        var created: Set<String> = []
        var ordered: [ModelState] = []
        while !remaining.isEmpty {
            let next = remaining.firstIndex { targets($0).isSubset(of: created) } ?? 0
            let model = remaining.remove(at: next)
            created.insert(model.key)
            ordered.append(model)
        }
        return ordered
    }

    /// Indexes and constraints removed (first) and added (after the fields), by name.
    private func metaChanges(_ old: ModelState, _ new: ModelState) -> (
        removed: [MigrationOperation], added: [MigrationOperation]
    ) {
        var removed: [MigrationOperation] = []
        var added: [MigrationOperation] = []
        let named = { (model: ModelState) in
            model.indexes.map { index in
                var index = index
                index.name = index.name ?? model.indexName(index)
                return index
            }
        }
        let (oldIndexes, newIndexes) = (named(old), named(new))
        for constraint in old.constraints where !new.constraints.contains(constraint) {
            removed.append(.removeConstraint(model: new.key, name: constraint.name))
        }
        for index in oldIndexes where !newIndexes.contains(index) {
            removed.append(.removeIndex(model: new.key, name: index.name!))
        }
        for index in newIndexes where !oldIndexes.contains(index) {
            added.append(.addIndex(model: new.key, index: index))
        }
        for constraint in new.constraints where !old.constraints.contains(constraint) {
            added.append(.addConstraint(model: new.key, constraint: constraint))
        }
        return (removed, added)
    }

    private func fieldChanges(_ old: ModelState, _ new: ModelState) throws -> [MigrationOperation] {
        var old = old
        var operations: [MigrationOperation] = []
        var removed = old.fields.filter { field in new.field(field.name) == nil }
        var added = new.fields.filter { field in old.field(field.name) == nil }
        // A field that vanished and one of the same kind that appeared may be a rename.
        for candidate in added {
            guard
                let match = removed.first(where: { removedField in
                    var renamed = removedField
                    renamed.name = candidate.name
                    renamed.dbColumn = candidate.dbColumn
                    return renamed.withoutDefault == candidate.withoutDefault
                }),
                questioner.askRename(
                    model: new.key, oldName: match.name, newName: candidate.name, fieldType: candidate.type.rawValue)
            else { continue }
            operations.append(.renameField(model: new.key, oldName: match.name, newName: candidate.name))
            // NB: the other fields are compared with the model after the rename, as the
            // migration leaves it (generated fields naming the field follow it).
            old = old.renamingField(match.name, to: candidate.name)
            removed.removeAll { $0.name == match.name }
            added.removeAll { $0.name == candidate.name }
        }
        for field in added {
            var field = field
            if !field.isNullable && field.default == nil && !field.isPrimaryKey && !field.isManyToMany
                && !field.isGenerated && field.dbDefault == nil
            {
                field.default = try questioner.askNotNullAddition(field: field.name, model: new.key)
            }
            operations.append(.addField(model: new.key, field: field))
        }
        for field in removed { operations.append(.removeField(model: new.key, name: field.name)) }
        for field in new.fields {
            guard let before = old.field(field.name), before.withoutDefault != field.withoutDefault else { continue }
            var field = field
            if before.isGenerated || field.isGenerated {
                // NB: a database cannot alter a generated column; as Django's schema editor
                // says to, the field is removed and added again with its new definition.
                if !field.isNullable && !field.isGenerated && field.default == nil && field.dbDefault == nil {
                    field.default = try questioner.askNotNullAddition(field: field.name, model: new.key)
                }
                operations += [.removeField(model: new.key, name: field.name), .addField(model: new.key, field: field)]
                continue
            }
            if before.isNullable && !field.isNullable && field.default == nil && field.dbDefault == nil
                && !field.isManyToMany
            {
                field.default = try questioner.askNotNullAddition(field: field.name, model: new.key)
            }
            operations.append(.alterField(model: new.key, field: field))
        }
        return operations
    }
}
