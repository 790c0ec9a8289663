internal import PonyORM

extension ContentType {
    /// Django's `remove_stale_contenttypes`: deletes the content types of models the app no
    /// longer has, app by app, and with them what depends on them (permissions, the items of
    /// generic foreign keys). Returns how many content types were deleted.
    ///
    /// - Parameters:
    ///   - installedApps: the labels of the installed apps; those of the current models count
    ///     too.
    ///   - includeStaleApps: also those of apps that are not installed (Django's
    ///     `--include-stale-apps`).
    ///   - verbosity: Django's: at 2, each deletion is named.
    ///   - confirm: asked with Django's question, listing what would go, for each app with
    ///     stale content types; `nil` deletes without asking (`--noinput`).
    ///   - write: where the messages go.
    @discardableResult
    public static func removeStale(
        installedApps: [String] = [], includeStaleApps: Bool = false, verbosity: Int = 1, confirm: ((String) -> Bool)?,
        write: (String) -> Void
    ) async throws -> Int {
        let installed = Set(installedApps + ORM.models.map { $0.schemaInfo.appLabel })
        let all = try await objects.orderBy("appLabel", "model").fetch()
        var removed = 0
        var start = all.startIndex
        while start < all.endIndex {
            let app = all[start].appLabel
            let end = all[start...].firstIndex { $0.appLabel != app } ?? all.endIndex
            defer { start = end }
            guard includeStaleApps || installed.contains(app) else { continue }
            let stale = all[start..<end].filter { $0.modelType == nil }
            guard !stale.isEmpty else { continue }
            if let confirm, !confirm(try await question(stale)) {
                if verbosity >= 2 { write("Stale content types remain.\n") }
                continue
            }
            for type in stale {
                if verbosity >= 2 { write("Deleting stale content type '\(type.appLabel) | \(type.model)'\n") }
                try await type.delete()
                removed += 1
            }
        }
        return removed
    }

    /// Django's question, with the content types and the rows that would go with them.
    private static func question(_ stale: [ContentType]) async throws -> String {
        var lines: [String] = []
        for type in stale {
            lines.append("    - Content type for \(type.appLabel).\(type.model)")
            let preview = try await objects.filter(Q("pk", type.pk)).deletionPreview()
            for group in preview.groups where group.model.label != schemaInfo.label {
                lines.append("    - \(group.count) \(group.model.appLabel).\(group.model.name) object(s)")
            }
        }
        return """
            Some content types in your database are stale and can be deleted.
            Any objects that depend on these content types will also be deleted.
            The content types and dependent objects that would be deleted are:

            \(lines.joined(separator: "\n"))

            This list doesn't include any cascade deletions to data outside of Django
            models (uncommon).

            Are you sure you want to delete these content types?
            If you're unsure, answer 'no'.

            """
    }

    /// `remove_stale_contenttypes [--noinput] [--include-stale-apps] [--verbosity N]`, which the
    /// contenttypes app adds.
    static let removeStaleCommand = Command(
        "remove_stale_contenttypes", usage: "[--noinput] [--include-stale-apps] [--verbosity N]",
        summary: "Delete the content types of models the app no longer has, and what depends on them."
    ) { context in
        let known: Set<String> = ["--noinput", "--no-input", "--include-stale-apps", "--verbosity", "-v"]
        var index = 0
        while index < context.arguments.count {
            let argument = context.arguments[index]
            guard known.contains(argument) || argument.hasPrefix("--verbosity=") else {
                throw CommandError("remove_stale_contenttypes: unknown argument \(argument).")
            }
            index += argument == "--verbosity" || argument == "-v" ? 2 : 1
        }
        let level = context.option("--verbosity") ?? context.option("-v") ?? "1"
        guard let verbosity = Int(level), (0...3).contains(verbosity) else {
            throw CommandError("remove_stale_contenttypes: the verbosity is 0, 1, 2 or 3, not \(level).")
        }
        let confirm: ((String) -> Bool)? =
            context.isInteractive
            ? { question in
                context.write(question)
                return context.ask("Type 'yes' to continue, or 'no' to cancel: ") == "yes"
            } : nil
        try await removeStale(
            installedApps: context.appLabels, includeStaleApps: context.flag("--include-stale-apps"),
            verbosity: verbosity, confirm: confirm,
            write: context.write)
        return 0
    }
}
