internal import PonyORM
internal import PonyWeb

// Django's admin checks (`django.contrib.admin.checks`), with Django's ids: a registration
// that names a field the model does not have stops start-up, at the line of `app.admin(…)`,
// instead of failing on the first request.
extension ModelRegistration {
    func problems(in site: AdminSite) -> [ConfigurationError] {
        let info = M.schemaInfo
        var messages: [(String, String)] = []
        func known(_ name: String) -> Bool {
            AdminFields.resolve(name, in: info) != nil || info.manyToMany.contains { $0.name == name }
        }
        let fieldNames = info.fields.map(\.name).joined(separator: ", ")
        for column in admin.listDisplay where column.compute == nil && column.name != "__str__" && !known(column.name) {
            messages.append(
                (
                    "listDisplay names '\(column.name)', which is not a field of \(info.name) (fields: \(fieldNames)); use"
                        + " .computed(\"Title\") { row in … } for a value of your own.", "admin.E108"
                ))
        }
        for filter in admin.listFilter {
            if case .field(let name) = filter.kind, AdminFields.resolve(name, in: info) == nil,
                !info.manyToMany.contains(where: { $0.name == name })
            {
                messages.append(("listFilter names '\(name)', which is not a field of \(info.name).", "admin.E116"))
            }
        }
        let links = admin.listDisplayLinks ?? [admin.listDisplay.first?.name ?? "__str__"]
        for name in admin.listEditable {
            if !admin.listDisplay.contains(where: { $0.name == name }) {
                messages.append(("listEditable names '\(name)', which is not in listDisplay.", "admin.E122"))
            } else if links.contains(name) {
                messages.append(
                    (
                        "listEditable names '\(name)', which links to the change form (the first column unless"
                            + " listDisplayLinks says otherwise); it cannot be both.", "admin.E124"
                    ))
            } else if AdminFields.resolve(name, in: info) == nil || name.contains("__") {
                messages.append(("listEditable names '\(name)', which is not a field of \(info.name).", "admin.E121"))
            }
        }
        if !admin.fieldsets.isEmpty, admin.fields != nil {
            messages.append(("Both 'fieldsets' and 'fields' are specified.", "admin.E005"))
        }
        if let fields = admin.fields, Set(fields).count != fields.count {
            messages.append(("The value of 'fields' contains duplicate field(s).", "admin.E006"))
        }
        // NB: Pony's own check: Django raises this FieldError when the form is built. A form
        // of the admin's own may declare fields the model lacks, so it is not checked.
        let listed = admin.fieldsets.isEmpty ? (admin.fields ?? []) : admin.fieldsets.flatMap(\.fields)
        var reported: Set<String> = []
        let unknown = listed.filter { !known($0) && !admin.readonlyFields.contains($0) && reported.insert($0).inserted }
        if admin.form == nil, !unknown.isEmpty {
            messages.append(
                (
                    "Unknown field(s) (\(unknown.joined(separator: ", "))) specified for \(info.name) in"
                        + " \(admin.fieldsets.isEmpty ? "fields" : "fieldsets") (fields: \(fieldNames)).",
                    "pony.admin.E001"
                ))
        }
        var seen: Set<String> = []
        for (index, fieldset) in admin.fieldsets.enumerated() {
            for name in fieldset.fields where !seen.insert(name).inserted {
                messages.append(("There are duplicate field(s) in 'fieldsets[\(index)]': '\(name)'.", "admin.E012"))
            }
        }
        for name in admin.readonlyFields where !known(name) {
            messages.append(("readonlyFields names '\(name)', which is not a field of \(info.name).", "admin.E035"))
        }
        if let name = admin.dateHierarchy {
            if let field = AdminFields.resolve(name, in: info) {
                if field.type != .date && field.type != .dateTime {
                    messages.append(
                        ("The value of 'dateHierarchy' must be a DateField or DateTimeField.", "admin.E128"))
                }
            } else {
                messages.append(
                    ("The value of 'dateHierarchy' refers to '\(name)', which does not refer to a Field.", "admin.E127")
                )
            }
        }
        messages += admin.relationOptions.problems(of: info, in: site)
        for inline in admin.inlines {
            if let problem = inline.problem { messages.append((problem, "admin.E202")) }
            messages += inline.options.problems(of: inline.child, in: site).map {
                ("In the inline of \(inline.child.name): " + $0.0, $0.1)
            }
        }
        return messages.map { ConfigurationError($0.0, file: admin.file, line: admin.line, id: $0.1) }
    }
}

extension RelationOptions {
    /// What is wrong with these options for a form of `info` (messages and Django's ids).
    func problems(of info: SchemaInfo, in site: AdminSite) -> [(String, String)] {
        var messages: [(String, String)] = []
        for (target, sources) in prepopulatedFields.sorted(by: { $0.key < $1.key }) {
            if let field = AdminFields.resolve(target, in: info) {
                if field.type == .dateTime || field.relatedModel != nil {
                    messages.append(
                        (
                            "The value of 'prepopulatedFields' refers to '\(target)', which must not be a DateTimeField,"
                                + " a ForeignKey, a OneToOneField, or a ManyToManyField.", "admin.E028"
                        ))
                }
            } else {
                messages.append(
                    ("prepopulatedFields names '\(target)', which is not a field of \(info.name).", "admin.E027"))
            }
            for source in sources where AdminFields.resolve(source, in: info) == nil {
                messages.append(
                    (
                        "prepopulatedFields[\"\(target)\"] names '\(source)', which is not a field of \(info.name).",
                        "admin.E030"
                    ))
            }
        }
        for (option, names, ids) in [
            ("rawIdFields", rawIdFields, ("admin.E002", "admin.E003")),
            ("autocompleteFields", autocompleteFields, ("admin.E037", "admin.E038")),
        ] {
            for name in names {
                guard let field = AdminFields.resolve(name, in: info), !name.contains("__") else {
                    messages.append(("\(option) names '\(name)', which is not a field of \(info.name).", ids.0))
                    continue
                }
                guard let target = field.relatedModel else {
                    messages.append(("\(option) names '\(name)', which must be a foreign key.", ids.1))
                    continue
                }
                guard option == "autocompleteFields" else { continue }
                guard let remote = site.registry.first(where: { $0.info === target.schemaInfo }) else {
                    messages.append(
                        (
                            "An admin for model \"\(target.schemaInfo.name)\" has to be registered to be referenced by"
                                + " \(info.name)'s autocompleteFields.", "admin.E039"
                        ))
                    continue
                }
                if !remote.hasSearchFields {
                    messages.append(
                        (
                            "The admin of \(target.schemaInfo.name) must set searchFields, because it is referenced by"
                                + " \(info.name)'s autocompleteFields.", "admin.E040"
                        ))
                }
            }
        }
        return messages
    }
}
