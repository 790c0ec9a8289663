import Foundation
import Testing

/// Mistakes the typed query API must reject at compile time, each compiled by `pony build` in
/// an app file beside a version of it that compiles, so that a rejection is for the mistake.
@Suite(.serialized) struct CompileTimeCheckTests {
    static let app = """
        import Pony

        let app = Pony()

        @Model
        struct Owner {
            @Field(maxLength: 100) var name: String
            var score: Int = 0
            var joined: Date
            var tasks = RelatedSet<Task>(\\.owner)
        }

        @Model
        struct Task {
            @Field(maxLength: 100) var name: String
            var owner: ForeignKey<Owner>
        }

        app.get("/") { _ in
            _ = try await Task.objects.filter(\\.owner.name, .iexact("ann")).orderBy(\\.owner.score, .descending).fetch()
            _ = try await Owner.objects.prefetchRelated(\\.tasks).fetch()
            let latest: Date? = try await Owner.objects.aggregate(.max(\\.joined))
            try await Owner.objects.update(\\.score, to: \\.score + 1); try await Owner.objects.update(\\.score, to: F(\\.score) * 2)
            LINE
            return "\\(latest.map { "\\($0)" } ?? "")"
        }

        app.run()
        """

    /// Each line must fail to compile, with an error on that line.
    static let mistakes = [
        #"_ = Task.objects.filter(\.owner.score, .iexact("1"))"#,  // a string lookup on an Int field
        #"_ = Task.objects.filter(\.owner.name, .gt(3))"#,  // an Int for a String field
        #"_ = try await Owner.objects.aggregate(.sum(\.name))"#,  // summing text
        #"try await Owner.objects.update(\.name, to: \.name + 1)"#,  // arithmetic on text
        #"try await Owner.objects.update(\.name, to: F(\.name) + 1)"#,  // the same with F
        #"try await Owner.objects.update(\.score, to: F(\.name))"#,  // a String field into an Int
        #"let n: Int? = try await Owner.objects.aggregate(.max(\.joined))"#,  // a Date is not an Int
        #"_ = Task.objects.filter(\.owner.missing, .exact(1))"#,  // no such field
    ]

    static func build(_ line: String) async throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-typed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("typed.swift")
        try app.replacingOccurrences(of: "LINE", with: line).write(to: file, atomically: true, encoding: .utf8)
        return try await CLI.run(
            try CLI.pony, ["build", file.path, "-o", directory.appendingPathComponent("out").path])
    }

    @Test func theCorrectFileCompiles() async throws {
        let result = try await Self.build("")
        #expect(result.status == 0, "\(result.output.suffix(3000))")
    }

    @Test(arguments: mistakes) func mistakesDoNotCompile(line: String) async throws {
        let result = try await Self.build(line)
        #expect(result.status == 1)
        // The error is on the mistake's line (24 of the file), not elsewhere.
        #expect(result.output.contains("typed.swift:24:"), "\(result.output.suffix(3000))")
    }
}
