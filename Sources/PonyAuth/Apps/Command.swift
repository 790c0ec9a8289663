internal import Foundation
public import PonyWeb

/// A management command (Django's `BaseCommand`): `./app NAME …` on the compiled app,
/// `pony manage app.swift NAME …` from its source. The facade brings the built-in ones
/// (`run`, `migrate`, …), each installed ``App`` its own (`createsuperuser`), and the app file
/// may add more with `app.command(…)`.
///
/// ```swift
/// app.command("seed", summary: "Add sample tasks.") { context in
///     for name in ["Buy milk", "Walk the dog"] { try await Task.objects.create(Task(name: name)) }
///     context.write("Added 2 tasks.\n")
/// }
/// ```
public struct Command: Sendable {
    /// The name typed after the program (`createsuperuser`).
    public var name: String
    /// The arguments it takes, for `help` (`[--username NAME] [--noinput]`).
    public var usage: String
    /// One line for `help`.
    public var summary: String
    /// Whether the database is opened and migrated before ``run`` (every ORM call needs it).
    public var usesDatabase: Bool
    /// The command itself; its result is the exit status. A thrown error is printed as
    /// `Error: …` and exits with status 1.
    public var run: @Sendable (CommandContext) async throws -> Int32

    /// A command called `name`.
    public init(
        _ name: String, usage: String = "", summary: String, usesDatabase: Bool = true,
        run: @escaping @Sendable (CommandContext) async throws -> Int32
    ) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.usesDatabase = usesDatabase
        self.run = run
    }
}

/// What a running ``Command`` gets: its arguments, the settings and the terminal.
public struct CommandContext: Sendable {
    /// The arguments after the command's name.
    public let arguments: [String]
    /// The settings in force (environment overrides applied).
    public let settings: ResolvedSettings
    /// The process environment.
    public let environment: [String: String]
    /// Whether a person can answer prompts: standard input is a terminal and `--noinput`
    /// (or `--no-input`) was not given.
    public let isInteractive: Bool
    /// The labels of the installed apps, the app's own included (Django's
    /// `apps.app_configs`).
    public let appLabels: [String]

    /// A context for `arguments`; `environment` is the process's when `nil`, and
    /// `isInteractive` follows the terminal and `--noinput` when `nil`.
    public init(
        arguments: [String], settings: ResolvedSettings, environment: [String: String]? = nil,
        isInteractive: Bool? = nil, appLabels: [String] = []
    ) {
        self.arguments = arguments
        self.appLabels = appLabels
        self.settings = settings
        self.environment = environment ?? ProcessInfo.processInfo.environment
        self.isInteractive =
            isInteractive ?? (isatty(0) == 1 && !arguments.contains("--noinput") && !arguments.contains("--no-input"))
    }

    /// The value of `--name VALUE` or `--name=VALUE`, or `nil` when absent.
    public func option(_ name: String) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == name { return arguments.indices.contains(index + 1) ? arguments[index + 1] : nil }
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// Whether the flag `name` (`--check`) was given.
    public func flag(_ name: String) -> Bool { arguments.contains(name) }

    /// The arguments that are neither options (`--name VALUE`, for the names in
    /// `valueOptions`) nor flags.
    public func positional(valueOptions: Set<String> = []) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if valueOptions.contains(argument) {
                index += 2
                continue
            }
            if !argument.hasPrefix("-") || argument == "-" { result.append(argument) }
            index += 1
        }
        return result
    }

    /// Writes `text` to standard output.
    public func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

    /// Asks a question on the terminal and returns the answer, trimmed ("" at end of input).
    public func ask(_ prompt: String) -> String {
        write(prompt)
        return readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// Writes `text` to standard error.
    public func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// Asks for a password on the terminal without echo (Python's `getpass`).
    public func askPassword(_ prompt: String = "Password: ") throws -> String {
        guard let typed = getpass(prompt) else { throw CommandError("no terminal to read a password from.") }
        return String(cString: typed)
    }

    /// Asks for a new password twice, without echo, as Django's `getpass` prompts.
    public func askNewPassword() throws -> String {
        let first = try askPassword("Password: ")
        let second = try askPassword("Password (again): ")
        guard first == second else { throw CommandError("Your passwords didn't match.") }
        return first
    }
}

/// A command's refusal, said to the person at the terminal as `Error: …` (Django's
/// `CommandError`).
public struct CommandError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    /// A refusal saying `description`.
    public init(_ description: String) { self.description = description }
}
