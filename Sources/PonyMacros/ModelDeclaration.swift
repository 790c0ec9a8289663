internal import SwiftDiagnostics
internal import SwiftSyntax
internal import SwiftSyntaxMacros

/// A diagnostic from Pony's macros.
struct ModelDiagnostic: DiagnosticMessage {
    let message: String
    let diagnosticID: MessageID
    let severity: DiagnosticSeverity = .error

    init(_ message: String, id: String) {
        self.message = message
        diagnosticID = MessageID(domain: "PonyMacros", id: id)
    }
}

/// One stored property of a `@Model` struct.
struct StoredField {
    let name: String
    let type: String
    let initializer: String?
    /// The arguments of its `@Field(...)`, as written.
    let options: String
    let isPrimaryKey: Bool
    /// Whether `@Field` has a `primaryKey:` argument at all.
    let mentionsPrimaryKey: Bool
    let isAutoTimestamp: Bool
    /// Whether `@Field` has a `generated:` expression: the database computes the column, so
    /// the memberwise initialisers leave it at its initial value.
    var isGenerated = false

    var isOptional: Bool { type.hasSuffix("?") || type.hasPrefix("Optional<") }
    /// `ManyToMany<Target>`: a table of pairs, not a column.
    var isManyToMany: Bool { type.hasPrefix("ManyToMany<") || type.hasPrefix("PonyORM.ManyToMany<") }
    /// `RelatedSet<Source>`: another model's rows pointing here, not a column.
    var isRelatedSet: Bool { type.hasPrefix("RelatedSet<") || type.hasPrefix("PonyORM.RelatedSet<") }
    /// `GenericForeignKey`: a relation kept in two other fields, not a column.
    var isGenericForeignKey: Bool { type == "GenericForeignKey" || type == "PonyORM.GenericForeignKey" }
    /// Neither a column nor a table of pairs: a relation the ORM finds from other fields.
    var isVirtual: Bool { isRelatedSet || isGenericForeignKey }
    /// A column of the table (not a relation kept elsewhere).
    var isColumn: Bool { !isManyToMany && !isVirtual }
    /// `var id: Int64?` declared by hand is the automatic primary key (`BigAutoField`);
    /// `var id: Int32?` is Django's `AutoField`.
    var isAutoCandidate: Bool {
        name == "id" && ["Int64?", "Optional<Int64>", "Int32?", "Optional<Int32>"].contains(type)
    }

    /// For `ForeignKey<Owner>`, `OneToOne<Owner>?` and the like: the relation (`ForeignKey`),
    /// its target (`Owner`) and whether it is optional.
    var relation: (kind: String, target: String, isOptional: Bool)? {
        var text = Substring(type)
        var isOptional = false
        if text.hasSuffix("?") {
            text = text.dropLast()
            isOptional = true
        } else if text.hasPrefix("Optional<"), text.hasSuffix(">") {
            text = text.dropFirst("Optional<".count).dropLast()
            isOptional = true
        }
        if text.hasPrefix("PonyORM.") { text = text.dropFirst("PonyORM.".count) }
        for kind in ["ForeignKey", "OneToOne"] where text.hasPrefix(kind + "<") && text.hasSuffix(">") {
            return (kind, String(text.dropFirst(kind.count + 1).dropLast()), isOptional)
        }
        return nil
    }

    /// The default the memberwise initialiser gives this parameter, if any.
    var parameterDefault: String? {
        if let initializer { return initializer }
        if isOptional { return "nil" }
        if isManyToMany { return ".init()" }
        if isAutoTimestamp { return "Foundation.Date()" }
        return nil
    }

    /// The `ManyToManyField._make(...)` call describing this relation.
    func manyToManyDescriptor(type model: String) -> String {
        let initial = initializer.map { ", initial: { \($0) }" } ?? ""
        return
            "PonyORM.ManyToManyField._make(\"\(name)\", \\\(model).\(name), PonyORM.FieldOptions(\(options))\(initial))"
    }

    /// The `RelatedSetField._make(...)` call describing this reverse relation.
    func relatedSetDescriptor(type model: String) -> String {
        "PonyORM.RelatedSetField._make(\"\(name)\", \\\(model).\(name), initial: { \(initializer ?? ".init()") })"
    }

    /// The `GenericForeignKeyField._make(...)` call describing this generic relation.
    func genericForeignKeyDescriptor(type model: String) -> String {
        "PonyORM.GenericForeignKeyField._make(\"\(name)\", \\\(model).\(name), initial: { \(initializer ?? ".init()") })"
    }

    /// The `ModelField._make(...)` call describing this field.
    func descriptor(type model: String) -> String {
        var call = "PonyORM.ModelField._make(\"\(name)\", \\\(model).\(name), PonyORM.FieldOptions(\(options))"
        if isAutoCandidate && !mentionsPrimaryKey { call += ", automaticPrimaryKey: true" }
        if let initializer { call += ", default: { \(initializer) }" }
        return call + ")"
    }
}

/// What `@Model` reads from the struct it is attached to.
struct ModelDeclaration {
    let access: String
    let fields: [StoredField]
    let declaresInitializer: Bool
    let needsAutoPrimaryKey: Bool

    init?(_ declaration: some DeclGroupSyntax, context: some MacroExpansionContext) {
        guard let structure = declaration.as(StructDeclSyntax.self) else {
            context.diagnose(
                Diagnostic(
                    node: Syntax(declaration.introducer),
                    message: ModelDiagnostic(
                        "@Model applies to a struct: models are values (Sendable, copied, saved with"
                            + " `try await model.save()`). Declare it as `struct`.", id: "not-struct")))
            return nil
        }
        let modifiers = structure.modifiers.map(\.name.text)
        access = modifiers.contains("public") ? "public " : modifiers.contains("package") ? "package " : ""
        var fields: [StoredField] = []
        var declaresInitializer = false
        var failed = false
        for member in structure.memberBlock.members {
            if member.decl.is(InitializerDeclSyntax.self) { declaresInitializer = true }
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            if variable.modifiers.contains(where: { ["static", "class", "lazy"].contains($0.name.text) }) { continue }
            let fieldAttribute = variable.attributes.compactMap { $0.as(AttributeSyntax.self) }
                .first { $0.attributeName.trimmedDescription == "Field" }
            let arguments = fieldAttribute?.arguments?.as(LabeledExprListSyntax.self)
            let options = arguments?.trimmedDescription ?? ""
            for binding in variable.bindings {
                if let accessors = binding.accessorBlock?.accessors {
                    // Computed properties are not fields; observers (willSet/didSet) are.
                    guard case .accessors(let list) = accessors,
                        list.allSatisfy({ ["willSet", "didSet"].contains($0.accessorSpecifier.text) })
                    else { continue }
                }
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else { continue }
                if variable.bindingSpecifier.tokenKind == .keyword(.let) {
                    context.diagnose(
                        Diagnostic(
                            node: Syntax(variable.bindingSpecifier),
                            message: ModelDiagnostic(
                                "Model field `\(name)` must be a `var`: rows are decoded into it.", id: "let-field")))
                    failed = true
                    continue
                }
                let initializer = binding.initializer?.value.trimmedDescription
                guard
                    let type = binding.typeAnnotation?.type.trimmedDescription
                        ?? binding.initializer.flatMap({ ModelDeclaration.literalType($0.value) })
                else {
                    context.diagnose(
                        Diagnostic(
                            node: Syntax(binding),
                            message: ModelDiagnostic(
                                "Pony needs the type of model field `\(name)`: write `var \(name): Type = …`.",
                                id: "untyped-field")))
                    failed = true
                    continue
                }
                if initializer == nil, type.hasPrefix("RelatedSet<") || type.hasPrefix("PonyORM.RelatedSet<") {
                    context.diagnose(
                        Diagnostic(
                            node: Syntax(binding),
                            message: ModelDiagnostic(
                                "`\(name)` needs the foreign key it follows back: `var \(name) = \(type)(\\.owner)`,"
                                    + " naming the foreign key of that model to this one.", id: "related-set-key")))
                    failed = true
                    continue
                }
                if initializer == nil, ["GenericForeignKey", "PonyORM.GenericForeignKey"].contains(type) {
                    context.diagnose(
                        Diagnostic(
                            node: Syntax(binding),
                            message: ModelDiagnostic(
                                "`\(name)` needs its two fields: `var \(name) = GenericForeignKey()` keeps the model in"
                                    + " `contentType` and the row in `objectId`; name others with"
                                    + " `GenericForeignKey(contentType: \"kind\", objectId: \"key\")`.",
                                id: "generic-foreign-key-fields")))
                    failed = true
                    continue
                }
                let isGenerated = arguments?.contains { $0.label?.text == "generated" } ?? false
                if isGenerated, initializer == nil, !(type.hasSuffix("?") || type.hasPrefix("Optional<")) {
                    context.diagnose(
                        Diagnostic(
                            node: Syntax(binding),
                            message: ModelDiagnostic(
                                "Generated field `\(name)` needs an initial value, which it keeps until the row is"
                                    + " saved and the database computes it: `var \(name): \(type) = …`.",
                                id: "generated-field-initial")))
                    failed = true
                    continue
                }
                fields.append(
                    StoredField(
                        name: name, type: type, initializer: initializer, options: options,
                        isPrimaryKey: ModelDeclaration.isTrue("primaryKey", in: arguments),
                        mentionsPrimaryKey: arguments?.contains { $0.label?.text == "primaryKey" } ?? false,
                        isAutoTimestamp: ModelDeclaration.isTrue("autoNowAdd", in: arguments)
                            || ModelDeclaration.isTrue("autoNow", in: arguments), isGenerated: isGenerated))
            }
        }
        if failed { return nil }
        let hasPrimaryKey = fields.contains { $0.isPrimaryKey || $0.isAutoCandidate }
        if !hasPrimaryKey, fields.contains(where: { $0.name == "id" }) {
            context.diagnose(
                Diagnostic(
                    node: Syntax(structure.name),
                    message: ModelDiagnostic(
                        "A field named `id` must be the primary key: declare `var id: Int64?` (automatic) or"
                            + " `@Field(primaryKey: true) var id: …`.", id: "id-field")))
            return nil
        }
        needsAutoPrimaryKey = !hasPrimaryKey
        if needsAutoPrimaryKey {
            fields.insert(
                StoredField(
                    name: "id", type: "Int64?", initializer: nil, options: "", isPrimaryKey: false,
                    mentionsPrimaryKey: false, isAutoTimestamp: false), at: 0)
        }
        self.fields = fields
        self.declaresInitializer = declaresInitializer
    }

    /// The memberwise initialiser, with defaults from initial values, optionals and timestamps.
    /// Related sets, generic foreign keys and generated fields are left to their initial values.
    var memberwiseInitializer: String {
        let fields = fields.filter { !$0.isVirtual && !$0.isGenerated }
        let parameters = fields.map { field in
            "\(field.name): \(field.type)" + (field.parameterDefault.map { " = \($0)" } ?? "")
        }.joined(separator: ", ")
        let assignments = fields.map { "self.\($0.name) = \($0.name)" }.joined(separator: "\n    ")
        return """
            /// Creates an instance that is not saved yet.
            \(access)init(\(parameters)) {
                \(assignments)
            }
            """
    }

    /// A second memberwise initialiser taking related models where the first takes keys
    /// (`Task(name: "x", owner: ann)` beside `owner: ForeignKey(ann)`), when there are relations.
    /// Disfavoured, so that a call both accept (all relations left at their defaults) picks the first.
    var relatedModelInitializer: String? {
        let fields = fields.filter { !$0.isVirtual && !$0.isGenerated }
        guard fields.contains(where: { $0.relation != nil }) else { return nil }
        let parameters = fields.map { field in
            guard let relation = field.relation else {
                return "\(field.name): \(field.type)" + (field.parameterDefault.map { " = \($0)" } ?? "")
            }
            let type = relation.target + (relation.isOptional ? "?" : "")
            // NB: a relation's own default (`= ForeignKey(id: 1)`) has no model to stand for it.
            if relation.isOptional { return "\(field.name): \(type) = nil" }
            return "\(field.name): \(type)"
        }.joined(separator: ", ")
        let assignments = fields.map { field in
            guard let relation = field.relation else { return "self.\(field.name) = \(field.name)" }
            let wrap = "PonyORM.\(relation.kind)<\(relation.target)>"
            return relation.isOptional
                ? "self.\(field.name) = \(field.name).map { \(wrap)($0) }"
                : "self.\(field.name) = \(wrap)(\(field.name))"
        }.joined(separator: "\n    ")
        return """
            /// Creates an instance that is not saved yet, with related models for its relations.
            @_disfavoredOverload
            \(access)init(\(parameters)) {
                \(assignments)
            }
            """
    }

    /// Whether the argument `label` is the literal `true` (read from the syntax tree, so
    /// spacing, comments and argument order do not matter).
    static func isTrue(_ label: String, in arguments: LabeledExprListSyntax?) -> Bool {
        guard let argument = arguments?.first(where: { $0.label?.text == label }) else { return false }
        return argument.expression.as(BooleanLiteralExprSyntax.self)?.literal.tokenKind == .keyword(.true)
    }

    static func literalType(_ expression: ExprSyntax) -> String? {
        if expression.is(BooleanLiteralExprSyntax.self) { return "Bool" }
        if expression.is(IntegerLiteralExprSyntax.self) { return "Int" }
        if expression.is(FloatLiteralExprSyntax.self) { return "Double" }
        if expression.is(StringLiteralExprSyntax.self) { return "String" }
        // `ManyToMany<Label>()`, `ManyToMany<Label>(through: Labelling.self)`, `RelatedSet<Task>(\.owner)`,
        // `GenericForeignKey()`:
        // the type is the initialiser's.
        if let call = expression.as(FunctionCallExprSyntax.self) {
            let type = call.calledExpression.trimmedDescription
            let relations = ["ManyToMany<", "PonyORM.ManyToMany<", "RelatedSet<", "PonyORM.RelatedSet<"]
            if relations.contains(where: type.hasPrefix) { return type }
            if ["GenericForeignKey", "PonyORM.GenericForeignKey"].contains(type) { return type }
        }
        if let prefix = expression.as(PrefixOperatorExprSyntax.self), prefix.operator.text == "-" {
            return literalType(prefix.expression)
        }
        return nil
    }
}
