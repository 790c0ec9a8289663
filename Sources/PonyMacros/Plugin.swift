internal import SwiftCompilerPlugin
internal import SwiftSyntaxMacros

/// The compiler plugin behind `@Model` and `@Field`.
@main
struct PonyMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [ModelMacro.self, FieldMacro.self]
}
