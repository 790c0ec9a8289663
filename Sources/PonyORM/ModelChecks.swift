extension ORM {
    /// Checks the models' declarations that the compiler cannot, as Django's system checks
    /// do at start-up: a many-to-many relation's `through` model needs one foreign key to each
    /// side (two for a relation of a model to itself), or `throughFields` naming them; a
    /// ``RelatedSet`` must follow a foreign key to the model that declares it; two relations
    /// to one model need different reverse names.
    ///
    /// Pony runs it before making migrations, so `pony run` stops with Django's message
    /// rather than writing pairs to the wrong columns later.
    public static func check(_ models: [any Model.Type]) throws {
        let problems = problems(models)
        guard !problems.isEmpty else { return }
        throw FieldError(
            description: "System check identified some issues:\n\nERRORS:\n" + problems.joined(separator: "\n"))
    }

    /// What ``check(_:)`` finds, one Django-style line each
    /// (`todo.Team.crew: (fields.E335) …`, with a `HINT:` line where there is one).
    public static func problems(_ models: [any Model.Type]) -> [String] {
        models.flatMap { model in
            model.schemaInfo.manyToMany.flatMap { relation in throughProblems(relation) } + relatedSetProblems(model)
                + constraintProblems(model.schemaInfo)
        } + reverseNameProblems(models)
    }

    /// Django's `models.E041`, `E012` and `E013`: a constraint's condition that follows a
    /// relation to another model's field (a constraint holds on one row), and fields named by
    /// constraints that the model does not have as columns.
    static func constraintProblems(_ info: SchemaInfo) -> [String] {
        let object = "\(info.appLabel).\(info.name)"
        var problems: [String] = []
        var names: [String] = []
        for constraint in info.options.constraints {
            var paths = constraint.condition?.referencedPaths ?? []
            if case .unique(let unique) = constraint {
                names += unique.fields
                paths += unique.expressions.flatMap(\.paths).map(lookupParts)
            }
            for path in paths {
                if path[0] != "pk" { names.append(path[0]) }
                guard path.count > 1, let field = info.field(named: path[0]), field.relationTarget != nil,
                    !lookupNames.contains(path[1])
                else { continue }
                problems.append(
                    "\(object): (models.E041) 'constraints' refers to the joined field '\(path.joined(separator: "__"))'."
                )
            }
        }
        var seen: Set<String> = []
        for name in names where seen.insert(name).inserted && info.field(named: name) == nil {
            problems.append(
                info.manyToMany.contains { $0.name == name }
                    ? "\(object): (models.E013) 'constraints' refers to a ManyToManyField '\(name)', but ManyToManyFields are not permitted in 'constraints'."
                    : "\(object): (models.E012) 'constraints' refers to the nonexistent field '\(name)'.")
        }
        return problems
    }

    /// Django's `fields.E305`: two relations to one model with the same reverse query name
    /// (`relatedName`, else the declaring model's name), so that `filter("post__…")` could
    /// mean either.
    static func reverseNameProblems(_ models: [any Model.Type]) -> [String] {
        var relations: [(target: String, name: String, field: String)] = []
        for model in models {
            let info = model.schemaInfo
            for field in info.fields {
                guard let target = field.relationTarget else { continue }
                let name = field.options.relatedName ?? info.name.lowercased()
                relations.append((target, name, "\(info.appLabel).\(info.name).\(field.name)"))
            }
            for relation in info.manyToMany {
                guard let name = relation.reverseName else { continue }
                relations.append(
                    (relation.target.schemaInfo.label, name, "\(info.appLabel).\(info.name).\(relation.name)"))
            }
        }
        var problems: [String] = []
        for (index, relation) in relations.enumerated() {
            for other in relations[(index + 1)...] where other.target == relation.target && other.name == relation.name
            {
                problems.append(
                    "\(relation.field): (fields.E305) Reverse query name for '\(relation.field)' clashes with reverse"
                        + " query name for '\(other.field)'.\n\tHINT: Add or change a relatedName argument"
                        + " (@Field(relatedName: \"…\")) to the definition for '\(relation.field)' or '\(other.field)'."
                )
            }
        }
        return problems
    }

    /// Django's `fields.E333`–`E339` for `relation`.
    static func throughProblems(_ relation: ManyToManyInfo) -> [String] {
        guard let through = relation.through?.schemaInfo else { return [] }
        let source = relation.source.schemaInfo
        let target = relation.target.schemaInfo
        // NB: Django names objects by app label and model name as declared (`todo.Team.crew`).
        let field = "\(source.appLabel).\(source.name).\(relation.name)"
        let throughName = "\(through.appLabel).\(through.name)"
        let problem = { (object: String, id: Int, message: String, hint: String?) in
            "\(object): (fields.E\(id)) \(message)" + (hint.map { "\n\tHINT: \($0)" } ?? "")
        }
        if let (sourceName, targetName) = relation.throughFields {
            return [(sourceName, source), (targetName, target)].compactMap { name, model in
                let keys = through.fields.filter { $0.relationTarget == model.label }.map(\.name)
                guard let key = through.fields.first(where: { $0.name == name }) else {
                    return problem(
                        field, 338, "The intermediary model '\(throughName)' has no field '\(name)'.",
                        "Did you mean one of the following foreign keys to '\(model.name)': \(keys.joined(separator: ", "))?"
                    )
                }
                guard key.relationTarget == model.label else {
                    return problem(
                        field, 339, "'\(through.name).\(key.name)' is not a foreign key to '\(model.name)'.", nil)
                }
                return nil
            }
        }
        let fromSource = through.fields.filter { $0.relationTarget == source.label }.count
        let toTarget = through.fields.filter { $0.relationTarget == target.label }.count
        if source.label == target.label {
            if fromSource > 2 {
                return [
                    problem(
                        throughName, 333,
                        "The model is used as an intermediate model by '\(field)', but it has more than two foreign"
                            + " keys to '\(source.name)', which is ambiguous. You must specify which two foreign keys"
                            + " Django should use via the through_fields keyword argument.",
                        "Use through_fields to specify which two foreign keys Django should use.")
                ]
            }
            return fromSource < 2 ? [noKeys(field, throughName, source, target, problem)] : []
        }
        var problems: [String] = []
        let example = [source, target].map { model in
            through.fields.first { $0.relationTarget == model.label }.map { "\"\($0.name)\"" } ?? "\"…\""
        }
        for (count, model, direction, id) in [(fromSource, source, "from", 334), (toTarget, target, "to", 335)]
        where count > 1 {
            problems.append(
                problem(
                    field, id,
                    "The model is used as an intermediate model by '\(field)', but it has more than one foreign key"
                        + " \(direction) '\(model.name)', which is ambiguous. You must specify which foreign key"
                        + " Django should use via the through_fields keyword argument.",
                    "Name the key to \(source.name) and the key to \(target.name): ManyToMany<\(target.name)>(through:"
                        + " \(through.name).self, throughFields: (\(example.joined(separator: ", "))))."))
        }
        if fromSource == 0 || toTarget == 0 { problems.append(noKeys(field, throughName, source, target, problem)) }
        return problems
    }

    /// A ``RelatedSet`` whose key path is not a foreign key to `model`, and Django's
    /// `contenttypes` checks of generic foreign keys and the sets that follow them back.
    static func relatedSetProblems(_ model: any Model.Type) -> [String] {
        func problems<M: Model>(_ model: M.Type) -> [String] {
            let generic = M.schema.genericForeignKeys.flatMap { $0.problems() }
            return generic
                + M.schema.relatedSets.compactMap { set in
                    let (target, field) = set.foreignKey()
                    let source = set.source.schemaInfo
                    guard let target else {
                        guard set.genericLink() == nil else { return nil }
                        return "\(M.schemaInfo.appLabel).\(M.schemaInfo.name).\(set.name): (contenttypes.E004) The"
                            + " GenericRelation defines a relation with the model '\(source.appLabel).\(source.name)', but"
                            + " that model does not have a GenericForeignKey."
                    }
                    guard target.schemaInfo.label != M.schemaInfo.label || source.fieldIndex(field) == nil else {
                        return nil
                    }
                    let name = M.schemaInfo.name
                    let keys = source.fields.filter { $0.relationTarget == M.schemaInfo.label }.map { "\\.\($0.name)" }
                    let hint =
                        keys.isEmpty
                        ? "\(source.name) has no foreign key to \(name): add one, or remove the set."
                        : "Follow one of \(source.name)'s foreign keys to \(name): \(keys.joined(separator: ", "))."
                    return "\(M.schemaInfo.appLabel).\(name).\(set.name): RelatedSet<\(source.name)> follows"
                        + " '\(source.name).\(field)', which is not a foreign key to '\(name)'.\n\tHINT: \(hint)"
                }
        }
        return problems(model)
    }

    private static func noKeys(
        _ field: String, _ through: String, _ source: SchemaInfo, _ target: SchemaInfo,
        _ problem: (String, Int, String, String?) -> String
    ) -> String {
        problem(
            through, 336,
            "The model is used as an intermediate model by '\(field)', but it does not have a foreign key to"
                + " '\(source.name)' or '\(target.name)'.", nil)
    }
}
