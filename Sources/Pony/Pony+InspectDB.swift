internal import PonyAuth
internal import PonyORM

extension Pony {
    /// `inspectdb [TABLE …] [--include-views]`: Swift models for the tables of the app's
    /// database, as Django's command writes Python ones. The database is read, never migrated.
    var inspectDBCommand: Command {
        Command(
            "inspectdb", usage: "[TABLE …] [--include-views]",
            summary: "Print @Model structs (managed: false) for the database's tables.", usesDatabase: false
        ) { context in
            try Pony.refuseUnknown(
                context, "inspectdb", flags: ["--include-views"], options: [], positional: Int.max)
            let tables = context.positional()
            let source = try await self.withDatabase(context.settings) { database in
                InspectDB.swiftSource(
                    try await InspectDB.models(
                        in: database, tables: tables, includeViews: context.flag("--include-views")))
            }
            context.write(source)
            return 0
        }
    }
}
