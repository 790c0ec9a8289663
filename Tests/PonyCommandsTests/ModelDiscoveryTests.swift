import Testing

@testable import PonyCommands

@Suite struct ModelDiscoveryTests {
    @Test func findsModelStructsButNotCommentsOrStrings() {
        let source = """
            import Pony
            // @Model struct Commented {}
            /* @Model
               struct Block {} */
            let text = "@Model struct InString"
            let multi = \"\"\"
                @Model struct InMultiline
                \"\"\"
            @Model(ordering: ["-id"], table: "x(y)")
            public struct Task { var name: String }
            @Model
            struct Owner {}
            @Modeled struct NotAModel {}
            """
        #expect(ModelDiscovery.models(in: source) == ["Task", "Owner"])
    }

    @Test func wrappedSourceKeepsTheUserFileForDiagnostics() {
        let wrapped = ModelDiscovery.wrappedSource("let a = 1", path: "/tmp/app.swift", models: ["Task"])
        #expect(wrapped.hasPrefix("#sourceLocation(file: \"/tmp/app.swift\", line: 1)\nlet a = 1\n#sourceLocation()\n"))
        #expect(wrapped.contains("Pony._exportModels([Task.self])"))
        let shebang = ModelDiscovery.wrappedSource("#!/usr/bin/env pony\nlet a = 1", path: "/a.swift", models: ["T"])
        #expect(shebang.contains("\n///usr/bin/env pony\nlet a = 1\n"))
    }
}
