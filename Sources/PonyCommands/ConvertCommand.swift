import Foundation
import PonySupport

/// `pony convert FILE TARGET`: turns a single-file app into a SwiftPM project that still uses
/// Pony, as nanodjango's `convert` turns one into a Django project. The app's file is split
/// by concern (ProjectLayout); its templates, static files, migrations and database are
/// copied; and the new target is compiled against the framework cache before `convert`
/// reports success.
public struct ConvertCommand: Sendable {
    /// What the app reads beside its file, copied into the project's root.
    static let copied = [
        "templates", "static", "public", "migrations", "locale", "media", "db.sqlite3", "db.sqlite3-wal",
        "db.sqlite3-shm",
    ]

    let path: String
    let target: String
    let packageName: String?
    let replace: Bool
    let pony: String?
    let check: Bool

    /// Creates the command.
    ///
    /// - Parameters:
    ///   - file: the app's `.swift` file.
    ///   - target: the project folder to create.
    ///   - name: the package's name (default: the app's); the executable keeps the app's
    ///     name, which is also its models' app label (their tables' prefix).
    ///   - delete: replace `target` if it exists and an earlier `convert` wrote it.
    ///   - pony: where the project gets Pony: a checkout's path (default: the one this `pony`
    ///     was built from) or a Git URL (then `from:` this version).
    ///   - check: compile the new target against the framework cache.
    public init(file: String, target: String, name: String? = nil, delete: Bool, pony: String? = nil, check: Bool) {
        path = file
        self.target = target
        packageName = name
        replace = delete
        self.pony = pony
        self.check = check
    }

    /// Writes the project and returns its folder's path.
    @discardableResult
    public func run() throws(CommandError) -> String {
        let source = try AppSource(path: path)
        try source.checkDeclaresApp()
        let sourceFolder = source.url.deletingLastPathComponent()
        let text = String(decoding: try source.contents(), as: UTF8.self)
        let existing = Self.files(under: sourceFolder.appendingPathComponent("templates"))
        let layout = try ProjectLayout(source: text, name: source.name, existingTemplates: existing)
        // NB: only once the file has been split, so that a file convert cannot split leaves the
        // folder as it was.
        let project = URL(fileURLWithPath: target).standardizedFileURL
        try prepare(project, keeping: source)
        let module = source.moduleName
        let targetFolder = project.appendingPathComponent("Sources/\(module)")

        for item in Self.copied {
            let from = sourceFolder.appendingPathComponent(item)
            guard FileManager.default.fileExists(atPath: from.path) else { continue }
            try Self.perform("copy \(from.path)") {
                try FileManager.default.copyItem(at: from, to: project.appendingPathComponent(item))
            }
        }
        var written = layout.files.map { (targetFolder.appendingPathComponent($0.name), $0.contents) }
        written += layout.templates.map { (project.appendingPathComponent("templates/\($0.name)"), $0.contents) }
        if layout.isTestable {
            written.append(
                (
                    project.appendingPathComponent("Tests/\(module)Tests/\(module)Tests.swift"),
                    tests(source: source, makeApp: layout.makeAppCall)
                ))
        }
        written += [
            (project.appendingPathComponent("Package.swift"), try manifest(module: module, tests: layout.isTestable)),
            (project.appendingPathComponent("README.md"), readme(source: source, layout: layout)),
            (project.appendingPathComponent(".gitignore"), ".build/\n.swiftpm/\ndb.sqlite3*\nmedia/\n"),
        ]
        for (url, contents) in written {
            try Self.perform("write \(url.path)") {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try contents.write(to: url, atomically: true, encoding: .utf8)
            }
        }
        Terminal.say(
            "Wrote \(project.path): Package.swift, Sources/\(module)/ ("
                + layout.files.map(\.name).joined(separator: ", ") + ")"
                + (layout.isTestable ? ", Tests/\(module)Tests/" : "")
                + (layout.templates.isEmpty ? "" : ", \(layout.templates.count) template(s) taken out of the code")
                + ".")
        if check {
            try compile(
                source: source, module: module, files: layout.files.map { targetFolder.appendingPathComponent($0.name) }
            )
        }
        Terminal.say(
            "Run it with: cd \(target) && swift run \(module)   (its first build compiles Pony: a few minutes)")
        return project.path
    }

    /// Makes `project` an empty folder; refuses to replace the folder the app lives in.
    private func prepare(_ project: URL, keeping source: AppSource) throws(CommandError) {
        let fileManager = FileManager.default
        let sourcePath = source.url.standardizedFileURL.resolvingSymlinksInPath().path
        let projectPath = project.resolvingSymlinksInPath().path
        if sourcePath.hasPrefix(projectPath.hasSuffix("/") ? projectPath : projectPath + "/") {
            throw CommandError("\(target) holds \(source.displayPath) itself: convert into a new folder.")
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: project.path)) ?? []
        if !entries.isEmpty {
            guard replace else {
                throw CommandError("\(target) already exists: choose a new folder, or pass --delete to replace it.")
            }
            // NB: --delete removes only what an earlier `convert` wrote, never another folder.
            let manifest = try? String(contentsOf: project.appendingPathComponent("Package.swift"), encoding: .utf8)
            guard manifest?.contains(Self.marker) == true else {
                throw CommandError(
                    "\(target) already exists and `pony convert` did not write it: --delete replaces only a project "
                        + "it wrote. Choose a new folder.")
            }
            try Self.perform("remove \(project.path)") { try fileManager.removeItem(at: project) }
        }
        try Self.perform("create \(project.path)") {
            try fileManager.createDirectory(at: project, withIntermediateDirectories: true)
        }
    }

    /// Compiles the new target against the debug framework (building it first if needed), so
    /// that a split the compiler rejects is reported now, not after the project's first build.
    private func compile(source: AppSource, module: String, files: [URL]) throws(CommandError) {
        let toolchain = try Toolchain.locate()
        let framework = try toolchain.framework(.debug, for: source, progress: ProgressReporter())
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pony-convert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Self.perform("create \(scratch.path)") {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        }
        let started = Date()
        let compiler = Compiler(toolchain: toolchain, framework: framework)
        let result = try compiler.compileTarget(
            files, moduleName: module, output: scratch.appendingPathComponent(module))
        if case .failure(let diagnostics) = result {
            FileHandle.standardError.write(Data(diagnostics.utf8))
            throw CommandError(
                "The project is written, but its target does not compile (above). Please report this split of "
                    + "\(source.displayPath) as a Pony bug; fix the files by hand meanwhile, or pass --no-check.")
        }
        Terminal.say(
            "Checked: the target compiles against Pony (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)."
        )
    }

    /// Package.swift: one executable target named as the app, depending on Pony, and with
    /// `tests`, its test target.
    func manifest(module: String, tests: Bool) throws(CommandError) -> String {
        var location = pony ?? ""
        if pony == nil { location = try Toolchain.locate().sourceDirectory.path }
        let isURL = location.contains("://") || location.hasPrefix("git@")
        var identity = URL(fileURLWithPath: location).lastPathComponent
        if isURL { identity = String(location.split(separator: "/").last ?? "pony") }
        if identity.hasSuffix(".git") { identity.removeLast(4) }
        let package = Self.literal(identity.lowercased())
        let testTarget =
            tests
            ? """

                    .testTarget(
                        name: \(Self.literal(module + "Tests")),
                        dependencies: [
                            .target(name: \(Self.literal(module))), .product(name: "Pony", package: \(package)),
                            .product(name: "PonyTesting", package: \(package)),
                        ]
                    ),
            """ : ""
        let dependency =
            isURL
            ? ".package(url: \(Self.literal(location)), from: \(Self.literal(PonyVersion.current)))"
            : ".package(path: \(Self.literal(location)))"
        return """
            // swift-tools-version:6.2
            // \(Self.marker)
            import PackageDescription

            let package = Package(
                name: \(Self.literal(packageName ?? module)),
                platforms: [.macOS(.v15)],
                dependencies: [
                    \(dependency)
                ],
                targets: [
                    // NB: the target's name is the models' app label (their tables' prefix), as
                    // the file's name was: renaming it renames the tables.
                    .executableTarget(
                        name: \(Self.literal(module)),
                        dependencies: [.product(name: "Pony", package: \(package))]
                    ),\(testTarget)
                ]
            )

            """
    }

    /// The test target's first file: the home page answers, through the test client, with a
    /// database made for the test.
    func tests(source: AppSource, makeApp: String) -> String {
        let module = source.moduleName
        return """
            // Tests of \(source.url.lastPathComponent)'s app: `swift test` runs them, each with a new
            // database (SQLite in memory, or a schema of its own when DATABASE_URL names PostgreSQL).
            import Pony
            import PonyTesting
            import Testing

            @testable import \(module)

            @Suite struct \(module)Tests {
                /// The home page answers without a server error: a first test to grow from.
                @Test func theHomePageAnswers() async throws {
                    let app = \(makeApp)
                    try await app.withTestDatabase {
                        let client = try TestClient(app)
                        let page = await client.get("/")
                        #expect(page.status.code < 500, "\\(page.text.prefix(2000))")
                    }
                }
            }

            """
    }

    func readme(source: AppSource, layout: ProjectLayout) -> String {
        let module = source.moduleName
        let rows = layout.files.map { file -> String in
            let group = ProjectLayout.Group.allCases.first { $0.file == file.name }
            let summary =
                file.name == "App.swift"
                ? "`makeApp()`: the app and its settings, which main.swift runs and tests make"
                : layout.isTestable && file.name == "main.swift"
                    ? "`app.run()`" : group?.summary ?? "The app, its settings and `app.run()`"
            return "| `Sources/\(module)/\(file.name)` | \(summary) |"
        }
        return """
            # \(packageName ?? source.name)

            Converted from `\(source.url.lastPathComponent)` by `pony convert` (Pony \(PonyVersion.current)).

            ```sh
            swift run \(module)                  # development server at http://127.0.0.1:8000/ (DEBUG on)
            swift run \(module) help             # its commands: migrate, makemigrations, createsuperuser, check, …
            swift build -c release && PONY_SECRET_KEY=… PONY_ALLOWED_HOSTS=example.com .build/release/\(module) serve
            ```

            | file | holds |
            |---|---|
            \(rows.joined(separator: "\n"))
            | `templates/`, `static/`, `migrations/` | as beside the single file |\(layout.isTestable ? "\n| `Tests/\(module)Tests/` | tests (`swift test`): the test client, with a database made for each test |" : "")

            The app finds these folders and `db.sqlite3` two folders above `main.swift` (its
            `baseDirectory`); a deployed executable finds them through `PONY_BASE_DIR`.

            """
    }

    /// The comment that marks a Package.swift as `convert`'s, which `--delete` may replace.
    static let marker = "Converted from a single-file Pony app by `pony convert`."

    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The files under `folder`, as paths relative to it.
    static func files(under folder: URL) -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return Set(enumerator.compactMap { $0 as? String })
    }

    private static func perform(_ what: String, _ body: () throws -> Void) throws(CommandError) {
        do { try body() } catch { throw CommandError("Cannot \(what): \(error.localizedDescription)") }
    }
}
