import Testing

@testable import PonyCommands

/// How `pony convert` splits an app's file into a SwiftPM target's files.
@Suite struct ProjectLayoutTests {
    static func layout(_ source: String, templates: Set<String> = []) throws -> ProjectLayout {
        try ProjectLayout(source: source, name: "shop", existingTemplates: templates)
    }

    static func file(_ layout: ProjectLayout, _ name: String) -> String? {
        layout.files.first { $0.name == name }?.contents
    }

    @Test func splitsByConcern() throws {
        let layout = try Self.layout(
            """
            #!/usr/bin/env pony
            // A shop.
            import Foundation
            import Pony

            let app = Pony(debug: true)
            app.install(.sessions(), .contentTypes(), .auth())
            app.cache = Cache(.database(table: "shop_cache"))
            app.cacheSite(60)

            @Model
            struct Product {
                @Field(maxLength: 100) var name: String
            }

            extension Product {
                var title: String { name.capitalized }
            }

            final class ProductForm: ModelForm<Product> {}

            let greeting = "Hello"

            struct ProductOut: Encodable { var name: String }

            app.admin(Product.self) { $0.listDisplay = ["name"] }

            app.get("/") { request in "\\(greeting), \\(try await Product.objects.count())" }
            app.filter("shout") { value, _ in .string(value.text.uppercased()) }
            app.signal(.postSave, Product.self) { product, created in print(product.name) }
            app.api.get("/products") { request in try await Product.objects.fetch().map { ProductOut(name: $0.name) } }

            app.run()
            """)
        #expect(
            layout.files.map(\.name) == [
                "main.swift", "Models.swift", "Forms.swift", "Views.swift", "TemplateTags.swift", "Admin.swift",
                "API.swift",
            ])
        #expect(
            Self.file(layout, "main.swift") == """
                // A shop.
                import Foundation
                import Pony

                let app = Pony(debug: true, name: "shop", baseDirectory: "../..")
                registerModels(app)
                app.install(.sessions(), .contentTypes(), .auth())
                app.cache = Cache(.database(table: "shop_cache"))
                app.cacheSite(60)

                let greeting = "Hello"
                registerAdmin(app)
                registerViews(app)
                registerTemplateTags(app)
                registerAPI(app)

                app.run()

                """)
        let models = try #require(Self.file(layout, "Models.swift"))
        #expect(
            models.hasPrefix(
                "// The models, and the signals that watch them, from shop.swift.\nimport Foundation\nimport Pony\n\n@Model\nstruct Product {"
            ))
        #expect(models.contains("extension Product {"))
        #expect(
            models.hasSuffix(
                """
                func registerModels(_ app: Pony) {
                    app.models(Product.self)
                    app.signal(.postSave, Product.self) { product, created in print(product.name) }
                }

                """))
        #expect(Self.file(layout, "Forms.swift")?.contains("final class ProductForm: ModelForm<Product> {}") == true)
        #expect(Self.file(layout, "API.swift")?.contains("struct ProductOut: Encodable { var name: String }") == true)
        #expect(
            Self.file(layout, "Views.swift")?.contains("func registerViews(_ app: Pony) {\n    app.get(\"/\")") == true)
    }

    @Test func routersStayWithTheirGroupAndKeepTheirOrder() throws {
        let layout = try Self.layout(
            """
            import Pony
            let app = Pony()
            app.api = API(title: "Shop")
            let products = app.api.router("/products")
            products.get("") { _ in [1, 2] }
            app.run()
            """)
        #expect(
            Self.file(layout, "API.swift")?.hasSuffix(
                """
                func registerAPI(_ app: Pony) {
                    app.api = API(title: "Shop")
                    let products = app.api.router("/products")
                    products.get("") { _ in [1, 2] }
                }

                """) == true)
    }

    /// A router named like something else (a model's property) is still local to the API;
    /// one that other code really uses keeps the group's statements in main.swift, in order.
    @Test func bindingsUsedElsewhereKeepTheGroupInMain() throws {
        let layout = try Self.layout(
            """
            import Pony
            let app = Pony()
            @Model struct List { var todos = RelatedSet<Todo>(\\.list) }
            app.api = API(title: "Shop")
            let todos = app.api.router("/todos")
            todos.get("") { _ in [1] }
            let lists = app.api.router("/lists")
            func describe() -> String { "\\(lists)" }
            app.run()
            """)
        let main = try #require(Self.file(layout, "main.swift"))
        #expect(main.contains("app.api = API(title: \"Shop\")\nlet todos = app.api.router(\"/todos\")\ntodos.get"))
        #expect(Self.file(layout, "API.swift") == nil)
    }

    @Test func topLevelTryAndAwaitMakeTheFunctionThrowOrAwait() throws {
        let layout = try Self.layout(
            """
            import Pony
            let app = Pony()
            try app.get("/") { _ in try something() }
            await app.admin(Product.self)
            app.run()
            """)
        #expect(Self.file(layout, "Views.swift")?.contains("func registerViews(_ app: Pony) throws {") == true)
        #expect(Self.file(layout, "Admin.swift")?.contains("func registerAdmin(_ app: Pony) async {") == true)
        #expect(
            Self.file(layout, "App.swift")?.contains("try registerViews(app)\n    await registerAdmin(app)\n") == true)
        #expect(Self.file(layout, "App.swift")?.contains("func makeApp() async throws -> Pony {") == true)
        #expect(Self.file(layout, "main.swift")?.hasSuffix("let app = try await makeApp()\napp.run()\n") == true)
    }

    /// A file whose main.swift would hold only the app's setup and `app.run()` gets
    /// `makeApp()` in App.swift, which tests call; a global other files use keeps the old
    /// layout (see `splitsByConcern`).
    @Test func theSetupBecomesMakeAppForTests() throws {
        let layout = try Self.layout(
            """
            // The shop.
            import Pony

            let app = Pony()
            app.install(.sessions(), .contentTypes(), .auth())

            @Model struct Product { var name: String }

            app.get("/") { _ in "shop" }

            app.run()
            // The end.
            """)
        #expect(layout.isTestable)
        #expect(layout.makeAppCall == "makeApp()")
        #expect(layout.files.map(\.name) == ["main.swift", "App.swift", "Models.swift", "Views.swift"])
        #expect(
            Self.file(layout, "main.swift") == """
                // The shop.
                import Pony

                let app = makeApp()
                app.run()
                // The end.

                """)
        #expect(
            Self.file(layout, "App.swift") == """
                // The app's setup, from shop.swift: main.swift runs the app, tests make their own.
                import Pony

                /// Makes the app, set up as the single file set it up.
                func makeApp() -> Pony {
                    let app = Pony(name: "shop", baseDirectory: "../..")
                    registerModels(app)
                    app.install(.sessions(), .contentTypes(), .auth())
                    registerViews(app)
                    return app
                }

                """)
        let kept = try Self.layout(
            "import Pony\nlet app = Pony()\nlet name = \"x\"\napp.get(\"/\") { _ in name }\napp.run()")
        #expect(!kept.isTestable)
        #expect(Self.file(kept, "App.swift") == nil)
    }

    @Test func plainTemplatesBecomeFiles() throws {
        let layout = try Self.layout(
            #"""
            import Pony
            let app = Pony()
            app.templates["base.html"] = """
                <html>
                  <body>{% block content %}{% endblock %}</body>

                </html>
                """
            app.templates["pages/one.html"] = "{% extends 'base.html' %}"
            app.templates["escaped.html"] = "a\nb"
            app.templates["shadowed.html"] = "x"
            app.templates["../up.html"] = "x"
            app.run()
            """#, templates: ["shadowed.html"])
        #expect(layout.templates.map(\.name) == ["base.html", "pages/one.html"])
        #expect(
            layout.templates.first?.contents == "<html>\n  <body>{% block content %}{% endblock %}</body>\n\n</html>")
        #expect(layout.templates.last?.contents == "{% extends 'base.html' %}")
        let views = try #require(Self.file(layout, "Views.swift"))
        #expect(views.contains(#"app.templates["escaped.html"] = "a\nb""#))
        #expect(views.contains(#"app.templates["shadowed.html"] = "x""#))
        #expect(views.contains(#"app.templates["../up.html"] = "x""#))
        #expect(!views.contains("base.html\"] ="))
    }

    /// Any text, compiling or not, is split or refused with an error: never a trap.
    @Test func randomSourcesDoNotTrap() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "let", "var", "app", "Pony", "(", ")", "=", ".", "api", "admin", "get", "templates", "[", "]", "\"x\"",
            "\"\"\"", "\n", " ", "{", "}", "@Model", "struct", "extension", "import", "try", "await", ":", "Form",
            "#if",
            "#endif", "run", "//", "\\",
        ]
        for _ in 0..<300 {
            let source = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            _ = try? ProjectLayout(source: "let app = Pony()\n" + source, name: "x", existingTemplates: [])
            _ = try? ProjectLayout(source: source, name: "x", existingTemplates: [])
        }
    }

    @Test func aFileWithoutAnAppIsRefused() {
        #expect(throws: CommandError.self) { try Self.layout("import Pony\nprint(1)") }
    }

    @Test func namingTheAppKeepsItsArguments() {
        func named(_ text: String) -> String {
            ProjectLayout.namingApp(SwiftSource(text).items().items[0], name: "shop")
        }
        #expect(named("let app = Pony()") == "let app = Pony(name: \"shop\", baseDirectory: \"../..\")")
        #expect(
            named("let app = Pony(debug: true /* ) */, database: \"sqlite:///x)\")")
                == "let app = Pony(debug: true /* ) */, database: \"sqlite:///x)\", name: \"shop\", baseDirectory: \"../..\")"
        )
        #expect(named("let app = Pony(settings: settings)") == "let app = Pony(settings: settings, name: \"shop\")")
    }
}
