internal import PonyORM

// Many-to-many fields in model forms: Django's `ModelMultipleChoiceField`, a
// `<select multiple>` of the target's rows, and `save_m2m()`.

extension ModelForm {
    /// The many-to-many relations the form edits: those named in ``modelFields`` (all when it
    /// is `nil`), without ``excludedFields`` and without the ones with a `through` model,
    /// which Django's forms leave out too (their pairs have fields of their own).
    static var editedManyToMany: [ManyToManyField<M>] {
        M.schema.manyToMany.filter { relation in
            relation.info.through == nil && relation.info.options.editable
                && !excludedFields.contains(relation.info.name)
                && (modelFields.map { $0.contains(relation.info.name) } ?? true)
        }
    }

    /// Django's `ModelMultipleChoiceField`: the keys of the target's rows, each checked.
    static func manyToManySpec(for relation: ManyToManyInfo, choices: [(String, String)]) -> FieldSpec {
        let required = !relation.options.blank
        var spec = MultipleChoiceField(
            choices: choices, required: required,
            label: label(name: relation.name, verboseName: relation.options.verboseName),
            helpText: relation.options.helpText ?? ""
        ).field.spec
        let keys = Set(choices.map(\.0))
        spec.validate = { value throws(ValidationError) in
            guard let list = value as? [String] else { return }
            if let bad = list.first(where: { !keys.contains($0) }) {
                throw ValidationError("Select a valid choice. \(bad) is not one of the available choices.")
            }
        }
        return spec
    }

    /// Relates `row` to the rows chosen in each many-to-many field (Django's `save_m2m()`):
    /// for a row saved after `save(commit: false)`. `save()` does it itself.
    public func saveManyToMany(_ row: M) async throws {
        for (relation, keys) in chosenRelations { try await relation.setRelated(row, keys: keys) }
    }

    /// Each edited relation with the keys chosen for it.
    var chosenRelations: [(ManyToManyField<M>, [DatabaseValue])] {
        Self.editedManyToMany.compactMap { relation in
            guard let box = field(named: relation.info.name) else { return nil }
            let chosen = (box.cleaned as? [String]) ?? []
            return (relation, chosen.map { Int64($0).map(DatabaseValue.integer) ?? .text($0) })
        }
    }
}
