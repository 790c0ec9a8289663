import Testing

@testable import PonyCommands

/// Cutting a Swift file into its top-level items, for `pony convert`.
@Suite struct SwiftSourceTests {
    static func texts(_ source: String) -> [String] { SwiftSource(source).items().items.map(\.text) }

    @Test func cutsWhereTheCompilerWould() {
        let source = """
            #!/usr/bin/env pony
            import Pony

            let app = Pony()
            @Model(ordering: ["-id"])
            public
            struct Task { var name: String }
            app.route("/") { request in
                "{ not a brace }"
            }
            app.loginRequired
                .get("/a") { _ in "a" }
            let total = 1 +
                2
            app.get("/b") { _ in "b" }; app.get("/c") { _ in "c" }
            """
        #expect(
            Self.texts(source) == [
                "#!/usr/bin/env pony", "import Pony", "let app = Pony()",
                "@Model(ordering: [\"-id\"])\npublic\nstruct Task { var name: String }",
                "app.route(\"/\") { request in\n    \"{ not a brace }\"\n}",
                "app.loginRequired\n    .get(\"/a\") { _ in \"a\" }", "let total = 1 +\n    2",
                "app.get(\"/b\") { _ in \"b\" }", " app.get(\"/c\") { _ in \"c\" }",
            ])
    }

    @Test func stringsAndCommentsHideTheirBrackets() {
        let source = #"""
            let a = "}\"{ \(x["k"] ?? "(") {"
            let b = #"raw "}" \(not) {"#
            let c = """
                } multi "quoted" {
                \(y.map { "\($0)}" })
                """
            /* nested /* } */ { */ let d = 1 // }
            let e = ##"a"#"##
            """#
        let (items, trailing) = SwiftSource(source).items()
        #expect(items.map(\.text).count == 5)
        #expect(items[3].text == "/* nested /* } */ { */ let d = 1 // }")
        #expect(items[3].code.trimmingPrefix(while: { $0 == " " }) == "let d = 1     ")
        #expect(items[4].text == ###"let e = ##"a"#"##"###)
        #expect(trailing.isEmpty)
        for item in items { #expect(item.code.utf8.count == item.text.utf8.count) }
    }

    @Test func leadingCommentsGoWithTheNextItem() {
        let (items, trailing) = SwiftSource("import Pony\n\n/// A task.\n// More.\nstruct Task {}\n// the end\n")
            .items()
        #expect(items.map(\.leading) == ["", "\n/// A task.\n// More.\n"])
        #expect(trailing == "// the end\n")
    }

    @Test func conditionalBlocksStayWhole() {
        let texts = Self.texts("#if DEBUG\nlet a = 1\nlet b = 2\n#endif\nlet c = 3")
        #expect(texts == ["#if DEBUG\nlet a = 1\nlet b = 2\n#endif", "let c = 3"])
    }

    /// Files that do not compile still split, without trapping: open literals, comments and
    /// brackets, stray closers, multi-byte text.
    @Test(arguments: [
        "let a = \"open", "let a = \"\"\"\nnever closed", "/* open /* nested", "let a = #\"open", "app.get(\"/\") {",
        "}}}))) let a = 1", "let a = \"\\(\"", "\"\\", "#", "@", "@Model(", "let é = \"ü\" // ✓\n",
        "let a = ##\"x\"#", String(repeating: "(", count: 5000), "\r\n\r\nlet a = 1\r\n",
    ])
    func hostileSourcesDoNotTrap(_ source: String) {
        let (items, _) = SwiftSource(source).items()
        for item in items { #expect(item.code.utf8.count == item.text.utf8.count) }
    }

    @Test func randomSourcesDoNotTrap() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "\"", "\"\"\"", "#", "\\(", "\\", "(", ")", "{", "}", "[", "]", "/*", "*/", "//", "\n", " ", "let", "a",
            ".", "=", ";", "@", "é", "\r",
        ]
        for _ in 0..<300 {
            let source = (0..<Int.random(in: 0..<60, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            let (items, _) = SwiftSource(source).items()
            for item in items { #expect(item.code.utf8.count == item.text.utf8.count, "\(source.debugDescription)") }
        }
    }
}
