import ArgumentParser
import Foundation
import PonyCommands
import PonySupport

/// `pony`: run, serve and build single-file Pony apps.
@main
struct PonyCLI: AsyncParsableCommand {
    static func main() async {
        await main(rewriteShebang(Array(CommandLine.arguments.dropFirst())))
    }

    static let configuration = CommandConfiguration(
        commandName: "pony",
        abstract: "Django's batteries for Swift, in one file.",
        version: PonyVersion.current,
        subcommands: [Run.self, Serve.self, Build.self, Check.self, Manage.self, Makemigrations.self, Convert.self]
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve an app for development: DEBUG on, recompiles and restarts on save.")
        @Argument(help: "The app's .swift file.") var file: String
        @Argument(help: "HOST:PORT, PORT or HOST (default 127.0.0.1:8000).") var address: String?
        @Option(help: "With --pass: the superuser to make when no user has this name (needs the auth app).")
        var user: String?
        @Option(name: .customLong("pass"), help: "The first superuser's password.") var password: String?

        func run() async throws {
            let target = try parseTarget(address, default: .development)
            guard (user == nil) == (password == nil) else {
                throw ValidationError("--user and --pass go together.")
            }
            let superuser = user.map { ["--user", $0, "--pass", password ?? ""] } ?? []
            try await report { () throws(CommandError) in
                try RunCommand(file: file, target: target, arguments: superuser).run()
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Serve an app for production: optimised build, DEBUG off, N worker processes replaced after a crash; SIGHUP reloads."
        )
        @Argument(help: "The app's .swift file.") var file: String
        @Argument(help: "HOST:PORT, PORT or HOST (default 0.0.0.0:8000).") var address: String?
        @Flag(help: "Serve an unoptimised build (quicker to build; for checking production settings).") var debug =
            false
        @Option(help: "Worker processes sharing the port (default: the number of cores).") var workers: Int?

        func run() async throws {
            let target = try parseTarget(address, default: BindTarget(host: "0.0.0.0", port: 8000))
            if let workers, !(1...512).contains(workers) {
                throw ValidationError("--workers takes a number from 1 to 512.")
            }
            try await report { () async throws(CommandError) in
                try await ServeCommand(file: file, target: target, debug: debug, workers: workers).run()
            }
        }
    }

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a folder that runs the app without Swift installed.")
        @Argument(help: "The app's .swift file.") var file: String
        @Option(name: .shortAndLong, help: "The output folder (default build/<name>).") var output: String?
        @Flag(help: "Build with optimisations.") var release = false

        func run() async throws {
            try await report { () async throws(CommandError) in
                try BuildCommand(file: file, output: output, release: release).run()
            }
        }
    }
}

extension PonyCLI {
    struct Manage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one of the app's commands: migrate, showmigrations, createsuperuser, changepassword, …")
        @Argument(help: "The app's .swift file.") var file: String
        @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (help lists them).")
        var arguments: [String] = []

        func run() async throws {
            try await report { () throws(CommandError) in
                try ManageCommand(file: file, arguments: arguments.isEmpty ? ["help"] : arguments).run()
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run the system checks (with --deploy, also the production ones `serve` runs); exit 1 on an error.")
        @Argument(help: "The app's .swift file.") var file: String
        @Argument(parsing: .captureForPassthrough, help: "--deploy, --fail-level ERROR|WARNING")
        var arguments: [String] = []

        func run() async throws {
            try await report { () throws(CommandError) in
                try ManageCommand(file: file, arguments: ["check"] + arguments).run()
            }
        }
    }

    struct Makemigrations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a migration for changed models; with --check, exit 1 when one is needed (for CI).")
        @Argument(help: "The app's .swift file.") var file: String
        @Argument(parsing: .captureForPassthrough, help: "--check, --empty, --name NAME") var arguments: [String] = []

        func run() async throws {
            try await report { () throws(CommandError) in
                try ManageCommand(file: file, arguments: ["makemigrations"] + arguments).run()
            }
        }
    }

    struct Convert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Turn the app into a SwiftPM project that still uses Pony: models, views, admin and API in files of their own."
        )
        @Argument(help: "The app's .swift file.") var file: String
        @Argument(help: "The project folder to create.") var target: String
        @Option(help: "The package's name (default: the app's; the executable and its tables keep the app's name).")
        var name: String?
        @Flag(help: "Replace the project folder if an earlier convert wrote it.") var delete = false
        @Option(help: "Where the project gets Pony: a checkout's path (default: this pony's) or a Git URL.")
        var pony: String?
        @Flag(help: "Do not compile the new target against Pony to check it.") var noCheck = false

        func run() async throws {
            try await report { () throws(CommandError) in
                try ConvertCommand(
                    file: file, target: target, name: name, delete: delete, pony: pony, check: !noCheck
                ).run()
            }
        }
    }
}

func parseTarget(_ text: String?, default fallback: BindTarget) throws -> BindTarget {
    guard let text else { return fallback }
    do {
        return try BindTarget(parsing: text, default: fallback)
    } catch {
        throw ValidationError(error.description)
    }
}

/// Prints a command's failure as one line and exits with its status.
func report(_ body: () async throws(CommandError) -> Void) async throws {
    do {
        try await body()
    } catch {
        FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}

/// `#!/usr/bin/env pony` runs `pony ./app.swift [args]`: treat a leading .swift file as
/// `run FILE` (or `SUBCOMMAND FILE` when a subcommand follows it, as in `./app.swift serve`).
func rewriteShebang(_ arguments: [String]) -> [String] {
    guard let first = arguments.first, first.hasSuffix(".swift"), FileManager.default.fileExists(atPath: first) else {
        return arguments
    }
    let rest = Array(arguments.dropFirst())
    if let command = rest.first, ["run", "serve", "build"].contains(command) {
        return [command, first] + rest.dropFirst()
    }
    return ["run", first] + rest
}
