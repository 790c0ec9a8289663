internal import SwiftDiagnostics
public import SwiftSyntax
internal import SwiftSyntaxBuilder
public import SwiftSyntaxMacros

/// `@Model`: makes a struct a database model.
///
/// From the struct's stored properties it generates the `id` primary key (unless one is
/// declared), a memberwise initialiser with defaults (unless one is declared), and an
/// extension conforming to `PonyORM.Model` with the field metadata, row decoding and encoding.
/// Options on a property come from its `@Field(...)`, which the expansion passes on to
/// `FieldOptions` as written, so the compiler checks them.
public struct ModelMacro: MemberMacro, ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax, providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax], in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let model = ModelDeclaration(declaration, context: context) else { return [] }
        var members: [DeclSyntax] = []
        if model.needsAutoPrimaryKey {
            members.append(
                """
                /// The primary key, assigned by the database when the instance is first saved.
                \(raw: model.access)var id: Int64? = nil
                """)
        }
        if !model.declaresInitializer {
            members.append(DeclSyntax(stringLiteral: model.memberwiseInitializer))
            if let related = model.relatedModelInitializer { members.append(DeclSyntax(stringLiteral: related)) }
        }
        return members
    }

    public static func expansion(
        of node: AttributeSyntax, attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol, conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard let model = ModelDeclaration(declaration, context: context) else { return [] }
        let fileID: String
        if let location = context.location(of: node) {
            fileID = location.file.description
        } else {
            fileID = "\"\""
        }
        let options = node.arguments?.as(LabeledExprListSyntax.self)?.trimmedDescription ?? ""
        let type = type.trimmedDescription
        let access = model.access
        let columns = model.fields.filter(\.isColumn)
        let relations = model.fields.filter(\.isManyToMany)
        let fields = columns.map { $0.descriptor(type: type) }.joined(separator: ",\n            ")
        let manyToMany = relations.map { $0.manyToManyDescriptor(type: type) }.joined(separator: ",\n            ")
        let relatedSets = model.fields.filter(\.isRelatedSet).map { $0.relatedSetDescriptor(type: type) }
        let relatedSetsArgument =
            relatedSets.isEmpty ? "" : ",\n        relatedSets: [\(relatedSets.joined(separator: ",\n            "))]"
        let generic = model.fields.filter(\.isGenericForeignKey).map { $0.genericForeignKeyDescriptor(type: type) }
        let genericArgument =
            generic.isEmpty ? "" : ",\n        genericForeignKeys: [\(generic.joined(separator: ",\n            "))]"
        let decode =
            (columns.enumerated().map { index, field in
                "self.\(field.name) = try row._decode(\(index), \"\(field.name)\")"
            } + relations.map { "self.\($0.name) = .init()" }).joined(separator: "\n        ")
        let encode = columns.map { "PonyORM._DatabaseCoding.encode(self.\($0.name))" }
            .joined(separator: ",\n            ")
        let primaryKey = model.fields.first { $0.isPrimaryKey }?.name ?? "id"
        let automaticKey = model.fields.first { $0.name == "id" && $0.isAutoCandidate }
        let setKey: String
        if automaticKey?.type.contains("Int32") == true {
            setKey = "self.id = Int32(exactly: id)"
        } else {
            setKey = model.needsAutoPrimaryKey || automaticKey != nil ? "self.\(primaryKey) = id" : ""
        }
        let conformance = protocols.isEmpty ? "" : ": PonyORM.Model"
        let source: DeclSyntax = """
            extension \(raw: type)\(raw: conformance) {
                \(raw: access)static let schema = PonyORM.ModelSchema<\(raw: type)>(
                    name: "\(raw: type)", fileID: \(raw: fileID), options: PonyORM.ModelOptions(\(raw: options)),
                    fields: [
                        \(raw: fields),
                    ],
                    manyToMany: [\(raw: manyToMany)]\(raw: relatedSetsArgument)\(raw: genericArgument))

                \(raw: access)static let _label = PonyORM.ModelSchema<\(raw: type)>.label(
                    name: "\(raw: type)", fileID: \(raw: fileID), options: PonyORM.ModelOptions(\(raw: options)))

                \(raw: access)init(row: PonyORM.ModelRow) throws {
                    \(raw: decode)
                }

                \(raw: access)var databaseValues: [PonyORM.DatabaseValue] {
                    [
                        \(raw: encode),
                    ]
                }

                \(raw: access)mutating func assignPrimaryKey(_ id: Int64) {
                    \(raw: setKey)
                }
            }
            """
        guard let ext = source.as(ExtensionDeclSyntax.self) else { return [] }
        return [ext]
    }
}

/// `@Field(...)`: options for one property of a `@Model`. It expands to nothing; `@Model` reads it.
public struct FieldMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let variable = declaration.as(VariableDeclSyntax.self),
            variable.bindingSpecifier.tokenKind == .keyword(.var)
        else {
            context.diagnose(
                Diagnostic(
                    node: node,
                    message: ModelDiagnostic(
                        "@Field applies to a stored `var` property of a @Model struct.", id: "field-target")))
            return []
        }
        return []
    }
}
