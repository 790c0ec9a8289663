internal import Foundation
internal import PonyAuth
internal import PonyORM
internal import PonyWeb

/// nanodjango's first-run superuser: `run --user NAME --pass PASSWORD` makes that superuser
/// when no user has the name; without them, the first run at a terminal (the auth app's
/// tables just made) offers to make one.
struct FirstSuperuser: Sendable {
    var username: String?
    var password: String?
    var mayAsk: Bool

    /// The `--user` and `--pass` options of `run`.
    init(_ context: CommandContext) throws {
        username = context.option("--user")
        password = context.option("--pass")
        mayAsk = context.isInteractive
        if (username == nil) != (password == nil) { throw UsageError("--user and --pass go together.") }
        if username?.isEmpty == true || password?.isEmpty == true {
            throw UsageError("--user and --pass need a value each (--user admin --pass 'a long password').")
        }
    }
}

extension Pony {
    /// Makes the superuser `superuser` asks for, when it does not exist yet, through the auth
    /// app's own `createsuperuser`.
    func makeSuperuser(_ superuser: FirstSuperuser, firstRun: Bool, _ settings: ResolvedSettings) async throws {
        guard
            let create = installedApps.first(where: { $0.label == "auth" })?.commands
                .first(where: { $0.name == "createsuperuser" })
        else {
            if superuser.username != nil {
                throw CommandError(
                    "--user and --pass make a superuser, which needs the auth app: add"
                        + " app.install(.sessions(), .contentTypes(), .auth()).")
            }
            return
        }
        if let username = superuser.username, let password = superuser.password {
            guard try await !User.objects.filter(\.username, .exact(username)).exists() else { return }
            var environment = ProcessInfo.processInfo.environment
            environment["PONY_SUPERUSER_PASSWORD"] = password
            _ = try await create.run(
                CommandContext(
                    arguments: ["--username", username, "--noinput"], settings: settings, environment: environment,
                    isInteractive: false))
            return
        }
        guard firstRun, superuser.mayAsk, try await !User.objects.filter(\.isSuperuser, .exact(true)).exists() else {
            return
        }
        let context = CommandContext(arguments: [], settings: settings, isInteractive: true)
        guard context.ask("There is no superuser yet. Create one now? [y/N] ").lowercased().hasPrefix("y") else {
            context.write("Later: \(name) createsuperuser (or pony manage \(name).swift createsuperuser).\n")
            return
        }
        // NB: a mistyped password is asked again (twice) rather than stopping the server's start.
        for attempt in 1...3 {
            do {
                _ = try await create.run(context)
                return
            } catch let error as CommandError where attempt < 3 {
                context.write("Error: \(error)\n")
            }
        }
    }
}
