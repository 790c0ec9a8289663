import PonyMacros
import SwiftSyntaxBuilder
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// What `@Model` generates from a struct, and the errors it reports, as swift-syntax expands
/// it (the expansions are written out here so that a change to the macro shows as a diff).
@Suite struct ModelMacroTests {
    static let macros: [String: MacroSpec] = [
        "Model": MacroSpec(type: ModelMacro.self, conformances: ["Model"]),
        "Field": MacroSpec(type: FieldMacro.self),
    ]

    static func expect(
        _ source: String, expands expanded: String, diagnostics: [DiagnosticSpec] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        assertMacroExpansion(
            source, expandedSource: expanded, diagnostics: diagnostics, macroSpecs: macros, testModuleName: "todo",
            testFileName: "todo.swift",
            failureHandler: { failure in
                Issue.record(Comment(rawValue: failure.message), sourceLocation: sourceLocation)
            })
    }

    @Test func aModelGetsAKeyInitialisersAndItsSchema() {
        Self.expect(
            """
            @Model(ordering: ["name"])
            struct Task {
                @Field(maxLength: 100) var name: String
                var due: Date?
                var owner: ForeignKey<Owner>
            }
            """,
            expands: #"""
                struct Task {
                    var name: String
                    var due: Date?
                    var owner: ForeignKey<Owner>

                    /// The primary key, assigned by the database when the instance is first saved.
                    var id: Int64? = nil

                    /// Creates an instance that is not saved yet.
                    init(id: Int64? = nil, name: String, due: Date? = nil, owner: ForeignKey<Owner>) {
                        self.id = id
                        self.name = name
                        self.due = due
                        self.owner = owner
                    }

                    /// Creates an instance that is not saved yet, with related models for its relations.
                    @_disfavoredOverload
                    init(id: Int64? = nil, name: String, due: Date? = nil, owner: Owner) {
                        self.id = id
                        self.name = name
                        self.due = due
                        self.owner = PonyORM.ForeignKey<Owner>(owner)
                    }
                }

                extension Task: PonyORM.Model {
                    static let schema = PonyORM.ModelSchema<Task>(
                        name: "Task", fileID: "todo/todo.swift", options: PonyORM.ModelOptions(ordering: ["name"]),
                        fields: [
                            PonyORM.ModelField._make("id", \Task.id, PonyORM.FieldOptions(), automaticPrimaryKey: true),
                            PonyORM.ModelField._make("name", \Task.name, PonyORM.FieldOptions(maxLength: 100)),
                            PonyORM.ModelField._make("due", \Task.due, PonyORM.FieldOptions()),
                            PonyORM.ModelField._make("owner", \Task.owner, PonyORM.FieldOptions()),
                        ],
                        manyToMany: [])

                    static let _label = PonyORM.ModelSchema<Task>.label(
                        name: "Task", fileID: "todo/todo.swift", options: PonyORM.ModelOptions(ordering: ["name"]))

                    init(row: PonyORM.ModelRow) throws {
                        self.id = try row._decode(0, "id")
                        self.name = try row._decode(1, "name")
                        self.due = try row._decode(2, "due")
                        self.owner = try row._decode(3, "owner")
                    }

                    var databaseValues: [PonyORM.DatabaseValue] {
                        [
                            PonyORM._DatabaseCoding.encode(self.id),
                            PonyORM._DatabaseCoding.encode(self.name),
                            PonyORM._DatabaseCoding.encode(self.due),
                            PonyORM._DatabaseCoding.encode(self.owner),
                        ]
                    }

                    mutating func assignPrimaryKey(_ id: Int64) {
                        self.id = id
                    }
                }
                """#)
    }

    @Test func mistakesAreClearErrorsOnTheirLine() {
        Self.expect(
            """
            @Model
            class Owner {
                var name: String = ""
            }
            """,
            expands: """
                class Owner {
                    var name: String = ""
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "@Model applies to a struct: models are values (Sendable, copied, saved with"
                        + " `try await model.save()`). Declare it as `struct`.", line: 2, column: 1),
                DiagnosticSpec(
                    message: "@Model applies to a struct: models are values (Sendable, copied, saved with"
                        + " `try await model.save()`). Declare it as `struct`.", line: 2, column: 1),
            ])
        Self.expect(
            """
            @Model
            struct Owner {
                let name: String
                var score = 0
                var joined
            }
            """,
            expands: """
                struct Owner {
                    let name: String
                    var score = 0
                    var joined
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "Model field `name` must be a `var`: rows are decoded into it.", line: 3, column: 5),
                DiagnosticSpec(
                    message: "Pony needs the type of model field `joined`: write `var joined: Type = …`.", line: 5,
                    column: 9),
                DiagnosticSpec(
                    message: "Model field `name` must be a `var`: rows are decoded into it.", line: 3, column: 5),
                DiagnosticSpec(
                    message: "Pony needs the type of model field `joined`: write `var joined: Type = …`.", line: 5,
                    column: 9),
            ])
        // A generic foreign key's initial value names its two fields, which rows are decoded without.
        let generic =
            "`target` needs its two fields: `var target = GenericForeignKey()` keeps the model in `contentType`"
            + " and the row in `objectId`; name others with `GenericForeignKey(contentType: \"kind\", objectId: \"key\")`."
        Self.expect(
            """
            @Model
            struct TaggedItem {
                var objectId: Int64
                var target: GenericForeignKey
            }
            """,
            expands: """
                struct TaggedItem {
                    var objectId: Int64
                    var target: GenericForeignKey
                }
                """,
            diagnostics: [
                DiagnosticSpec(message: generic, line: 4, column: 9),
                DiagnosticSpec(message: generic, line: 4, column: 9),
            ])
    }

    /// A generated field keeps its initial value until the database computes it, so it needs
    /// one; the memberwise initialiser leaves it out.
    @Test func aGeneratedFieldNeedsAnInitialValueAndIsNoParameter() {
        let message =
            "Generated field `area` needs an initial value, which it keeps until the row is saved and the database"
            + " computes it: `var area: Double = …`."
        Self.expect(
            """
            @Model
            struct Box {
                var side: Double
                @Field(generated: F("side") * F("side")) var area: Double
            }
            """,
            expands: """
                struct Box {
                    var side: Double
                    var area: Double
                }
                """,
            diagnostics: [
                DiagnosticSpec(message: message, line: 4, column: 50),
                DiagnosticSpec(message: message, line: 4, column: 50),
            ])
        Self.expect(
            """
            @Model
            struct Box {
                var side: Double
                @Field(generated: F("side") * F("side")) var area: Double = 0
            }
            """,
            expands: #"""
                struct Box {
                    var side: Double
                    var area: Double = 0

                    /// The primary key, assigned by the database when the instance is first saved.
                    var id: Int64? = nil

                    /// Creates an instance that is not saved yet.
                    init(id: Int64? = nil, side: Double) {
                        self.id = id
                        self.side = side
                    }
                }

                extension Box: PonyORM.Model {
                    static let schema = PonyORM.ModelSchema<Box>(
                        name: "Box", fileID: "todo/todo.swift", options: PonyORM.ModelOptions(),
                        fields: [
                            PonyORM.ModelField._make("id", \Box.id, PonyORM.FieldOptions(), automaticPrimaryKey: true),
                            PonyORM.ModelField._make("side", \Box.side, PonyORM.FieldOptions()),
                            PonyORM.ModelField._make("area", \Box.area, PonyORM.FieldOptions(generated: F("side") * F("side")), default: {
                                    0
                                }),
                        ],
                        manyToMany: [])

                    static let _label = PonyORM.ModelSchema<Box>.label(
                        name: "Box", fileID: "todo/todo.swift", options: PonyORM.ModelOptions())

                    init(row: PonyORM.ModelRow) throws {
                        self.id = try row._decode(0, "id")
                        self.side = try row._decode(1, "side")
                        self.area = try row._decode(2, "area")
                    }

                    var databaseValues: [PonyORM.DatabaseValue] {
                        [
                            PonyORM._DatabaseCoding.encode(self.id),
                            PonyORM._DatabaseCoding.encode(self.side),
                            PonyORM._DatabaseCoding.encode(self.area),
                        ]
                    }

                    mutating func assignPrimaryKey(_ id: Int64) {
                        self.id = id
                    }
                }
                """#)
    }
}
