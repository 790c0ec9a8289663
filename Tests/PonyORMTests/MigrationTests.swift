import Foundation
import PonyORM
import PonySQLite
import Testing

/// Answers the not-null question with a fixed default.
struct FixedQuestioner: MigrationQuestioner {
    let value: DatabaseValue
    func askNotNullAddition(field: String, model: String) throws -> DatabaseValue { value }
    func askRename(model: String, oldName: String, newName: String, fieldType: String) -> Bool { true }
    func askRenameModel(oldName: String, newName: String) -> Bool { true }
}

@Suite struct MigrationTests {
    /// The seed's case: Task without an owner first, then a non-null foreign key added.
    @Test(arguments: Backend.available) func addingANonNullForeignKeyAsksForADefaultAndChangesTheTable(
        backend: Backend
    ) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            var owner = ModelState(Owner.schemaInfo)
            owner.fields = owner.fields.filter { $0.name != "score" }
            var task = ModelState(Task.schemaInfo)
            task.fields = task.fields.filter { $0.name != "owner" }
            let first = try Autodetector(
                from: ProjectState(), to: [owner, task], questioner: NonInteractiveQuestioner()
            )
            .changes()
            #expect(first.map(\.description) == ["Create model Owner", "Create model Task"])
            var migrations = [Migration(name: "0001_initial", dependencies: [], operations: first, initial: true)]
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            try await database.execute(
                "INSERT INTO ponyormtests_owner (name, token) VALUES ('Ann', 't')", [])
            try await database.execute(
                "INSERT INTO ponyormtests_task (name, created_at, completed, priority, tags) VALUES (?, ?, ?, ?, ?)",
                [.text("kept"), .text("2024-01-01 00:00:00"), .integer(0), .text("low"), .text("[]")])

            let state = try Migration.state(after: migrations)
            let target = [ModelState(Owner.schemaInfo), ModelState(Task.schemaInfo)]
            let refused = #expect(throws: MigrationError.self) {
                try Autodetector(from: state, to: target, questioner: NonInteractiveQuestioner()).changes()
            }
            #expect(
                refused?.description.contains("It is impossible to add a non-nullable field 'owner' to task") == true)
            let second = try Autodetector(from: state, to: target, questioner: FixedQuestioner(value: .integer(1)))
                .changes()
            #expect(second.map(\.description) == ["Add field score to owner", "Add field owner to task"])
            let name = Migration.nextName(after: migrations, operations: second)
            #expect(name == "0002_owner_score_task_owner")
            migrations.append(Migration(name: name, dependencies: ["0001_initial"], operations: second, initial: false))
            let executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            let sql = try executor.sql(for: "0002")
            if backend == .sqlite {
                // SQLite cannot add a NOT NULL column with a foreign key: the table is rebuilt.
                #expect(sql.contains { $0.hasPrefix("CREATE TABLE \"new__ponyormtests_task\"") })
                #expect(
                    sql.contains {
                        $0.contains(
                            "\"owner_id\" bigint NOT NULL REFERENCES \"ponyormtests_owner\" (\"id\") DEFERRABLE INITIALLY DEFERRED"
                        )
                    })
            } else {
                #expect(
                    sql.contains {
                        $0.hasPrefix(
                            "ALTER TABLE \"ponyormtests_task\" ADD COLUMN \"owner_id\" bigint DEFAULT 1 NOT NULL CONSTRAINT \"ponyormtests_task_owner_id_5c698a2a_fk_ponyormtests_owner_id\" REFERENCES \"ponyormtests_owner\"(\"id\") DEFERRABLE INITIALLY DEFERRED"
                        )
                    })
                #expect(sql.contains("ALTER TABLE \"ponyormtests_task\" ALTER COLUMN \"owner_id\" DROP DEFAULT;"))
            }
            try await executor.migrate()
            let rows = try await database.query("SELECT name, owner_id FROM ponyormtests_task", [])
            #expect(rows.map(\.values) == [[.text("kept"), .integer(1)]])
            let applied = try await executor.applied()
            #expect(applied == ["0001_initial", name])

            // Backwards to 0001: the column goes, the row stays.
            try await executor.migrate(to: "0001_initial")
            // Every reader sees the table's new columns, including in `SELECT *`.
            for _ in 0..<3 {
                let after = try await database.query("SELECT * FROM ponyormtests_task", [])
                #expect(after.first?.columns.contains("owner_id") == false)
                #expect(after.count == 1)
            }
        }
    }

    /// A boolean added with a default to a table with rows: PostgreSQL takes `DEFAULT false`
    /// (it refuses `0` for a boolean), as Django writes it.
    @Test(arguments: Backend.available) func addingABooleanWithADefaultFillsTheRows(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            var task = ModelState(Task.schemaInfo)
            task.fields = task.fields.filter { $0.name != "completed" }
            let first = try Autodetector(
                from: ProjectState(), to: [ModelState(Owner.schemaInfo), task], questioner: NonInteractiveQuestioner()
            ).changes()
            var migrations = [Migration(name: "0001_initial", dependencies: [], operations: first, initial: true)]
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            try await database.execute("INSERT INTO ponyormtests_owner (name, token, score) VALUES ('Ann', 't', 0)", [])
            try await database.execute(
                "INSERT INTO ponyormtests_task (name, created_at, priority, tags, owner_id) VALUES (?, ?, ?, ?, ?)",
                [.text("kept"), .text("2024-01-01 00:00:00"), .text("low"), .text("[]"), .integer(1)])
            let second = try Autodetector(
                from: try Migration.state(after: migrations),
                to: [ModelState(Owner.schemaInfo), ModelState(Task.schemaInfo)], questioner: NonInteractiveQuestioner()
            ).changes()
            #expect(second.map(\.description) == ["Add field completed to task"])
            migrations.append(
                Migration(
                    name: "0002_task_completed", dependencies: ["0001_initial"], operations: second, initial: false))
            let executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            if backend == .postgresql {
                #expect(
                    try executor.sql(for: "0002").first
                        == "ALTER TABLE \"ponyormtests_task\" ADD COLUMN \"completed\" boolean DEFAULT false NOT NULL;")
            }
            try await executor.migrate()
            let rows = try await database.query("SELECT name, completed FROM ponyormtests_task", [])
            #expect(try rows.map { try Bool(databaseValue: $0.values[1]) } == [false])
        }
    }

    @Test(arguments: Backend.available) func aFailedMigrationChangesNothing(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let broken = Migration(
                name: "0001_initial", dependencies: [],
                operations: [
                    .createModel(ModelState(Owner.schemaInfo)), .runSQL(sql: ["THIS IS NOT SQL"], reverseSQL: nil),
                ], initial: true)
            let executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: [broken])
            let error = await #expect(throws: MigrationError.self) { try await executor.migrate() }
            #expect(error?.description.contains("nothing was changed") == true)
            let tables = try await test.tables(prefix: "ponyormtests_")
            #expect(tables.isEmpty)
            let applied = try await executor.applied()
            #expect(applied.isEmpty)
        }
    }

    /// Two servers starting at once on one database: each migration is applied once.
    @Test(arguments: Backend.available) func concurrentMigratorsApplyEachMigrationOnce(backend: Backend)
        async throws
    {
        try await withEmptyDatabase(backend) { test in
            let other = try await test.reopen()
            let migrations = [
                Migration(
                    name: "0001_initial", dependencies: [], operations: [.createModel(ModelState(Owner.schemaInfo))],
                    initial: true),
                Migration(
                    name: "0002_log", dependencies: ["0001_initial"],
                    operations: [
                        .runSQL(
                            sql: ["INSERT INTO ponyormtests_owner (name, token, score) VALUES ('log', 't', 0)"],
                            reverseSQL: nil)
                    ],
                    initial: false),
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for database in [test.database, other] {
                    group.addTask {
                        try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
                            .migrate()
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await test.database.query("SELECT count(*) FROM ponyormtests_owner", [])
            #expect(rows.first?.values == [.integer(1)])
            let recorded = try await test.database.query(
                "SELECT count(*) FROM django_migrations WHERE app = 'ponyormtests'", [])
            #expect(recorded.first?.values == [.integer(2)])
            try await other.close()
        }
    }

    /// RenameModel, AddIndex/RemoveIndex and AddConstraint/RemoveConstraint: detected, applied
    /// with the rows kept, and undone.
    @Test(arguments: Backend.available) func renamesModelsAndChangesIndexesAndConstraints(backend: Backend)
        async throws
    {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let owner = ModelState(Owner.schemaInfo)
            let task = ModelState(Task.schemaInfo)
            var migrations = [
                Migration(
                    name: "0001_initial", dependencies: [],
                    operations: try Autodetector(
                        from: ProjectState(), to: [owner, task], questioner: FixedQuestioner(value: .null)
                    )
                    .changes(), initial: true)
            ]
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            try await database.execute(
                "INSERT INTO ponyormtests_owner (name, token, score) VALUES (?, ?, ?)",
                [.text("Ann"), .text("t1"), .integer(1)])

            // Owner becomes Person, with a unique constraint; Task gains an index.
            var person = owner
            person.name = "Person"
            person.table = "ponyormtests_person"
            person.constraints = [.unique(fields: ["name", "score"], name: "ponyormtests_person_name_score")]
            var indexed = task
            indexed.fields = task.fields.map { field in
                var field = field
                if field.to == "ponyormtests.owner" { field.to = "ponyormtests.person" }
                return field
            }
            indexed.indexes = [Index(fields: ["name", "-completed"])]
            func next(_ models: [ModelState]) throws -> Migration {
                let operations = try Autodetector(
                    from: try Migration.state(after: migrations), to: models, questioner: FixedQuestioner(value: .null)
                ).changes()
                return Migration(
                    name: Migration.nextName(after: migrations, operations: operations),
                    dependencies: [migrations.last!.name], operations: operations, initial: false)
            }
            let second = try next([person, indexed])
            #expect(
                second.operations.map(\.description) == [
                    "Rename model Owner to Person",
                    "Create constraint ponyormtests_person_name_score on model person",
                    "Create index ponyormtest_name_8f1f98_idx on field(s) name, completed of model task",
                ])
            migrations.append(second)
            let executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            try await executor.migrate()
            #expect(try await test.tables(prefix: "ponyormtests_") == ["ponyormtests_person", "ponyormtests_task"])
            let kept = try await database.query("SELECT name FROM ponyormtests_person", [])
            #expect(kept.map(\.values) == [[.text("Ann")]])
            let duplicate = "INSERT INTO ponyormtests_person (name, token, score) VALUES (?, ?, ?)"
            await #expect(throws: DatabaseError.self) {
                try await database.execute(duplicate, [.text("Ann"), .text("t2"), .integer(1)])
            }

            // Both go again.
            var plain = indexed
            plain.indexes = []
            var unconstrained = person
            unconstrained.constraints = []
            let third = try next([unconstrained, plain])
            #expect(
                third.operations.map(\.description) == [
                    "Remove constraint ponyormtests_person_name_score from model person",
                    "Remove index ponyormtest_name_8f1f98_idx from task",
                ])
            migrations.append(third)
            let last = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            try await last.migrate()
            try await database.execute(duplicate, [.text("Ann"), .text("t2"), .integer(1)])

            // And back to the start (without the duplicate the constraint would refuse): the
            // table has its old name and its rows.
            try await database.execute("DELETE FROM ponyormtests_person WHERE token = ?", [.text("t2")])
            try await last.migrate(to: "0001_initial")
            #expect(try await test.tables(prefix: "ponyormtests_") == ["ponyormtests_owner", "ponyormtests_task"])
            let back = try await database.query("SELECT count(*) FROM ponyormtests_owner", [])
            #expect(back.first?.values == [.integer(1)])
        }
    }

    /// AlterField that makes a column unique or indexed, or no longer so, changes the table on
    /// both backends (PostgreSQL's `ADD CONSTRAINT … UNIQUE` and pattern indexes, as Django's
    /// `_alter_field`), and is undone.
    @Test(arguments: Backend.available) func alteringUniquenessAndIndexesChangesTheTable(backend: Backend)
        async throws
    {
        try await withEmptyDatabase(backend) { test in
            let database = test.database
            let owner = ModelState(Owner.schemaInfo)
            var migrations = [
                Migration(
                    name: "0001_initial", dependencies: [],
                    operations: try Autodetector(
                        from: ProjectState(), to: [owner], questioner: FixedQuestioner(value: .null)
                    )
                    .changes(), initial: true)
            ]
            var model = owner
            func next(_ name: String, _ change: (inout FieldState) -> Void) throws {
                model.fields = model.fields.map { field in
                    var field = field
                    if field.name == name { change(&field) }
                    return field
                }
                let operations = try Autodetector(
                    from: try Migration.state(after: migrations), to: [model], questioner: FixedQuestioner(value: .null)
                ).changes()
                #expect(operations.count == 1)
                migrations.append(
                    Migration(
                        name: Migration.nextName(after: migrations, operations: operations),
                        dependencies: [migrations.last!.name], operations: operations, initial: false))
            }
            func insert(_ name: String, _ token: String) async throws {
                try await database.execute(
                    "INSERT INTO ponyormtests_owner (name, token, score) VALUES (?, ?, ?)",
                    [.text(name), .text(token), .integer(0)])
            }
            func indexes() async throws -> Set<String> {
                guard database.dialect == .postgresql else { return [] }
                let rows = try await database.query(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?",
                    [.text("ponyormtests_owner")])
                return Set(rows.compactMap { if case .text(let name) = $0.values[0] { name } else { nil } })
            }
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            try await insert("Ann", "t1")
            try await insert("Ann", "t2")
            await #expect(throws: DatabaseError.self) { try await insert("Bob", "t1") }

            // The token stops being unique and is indexed; the name becomes unique.
            try next("token") { field in
                field.unique = nil
                field.dbIndex = true
            }
            try await database.execute("DELETE FROM ponyormtests_owner WHERE token = ?", [.text("t2")])
            try next("name") { $0.unique = true }
            let executor = MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
            try await executor.migrate()
            try await insert("Bob", "t1")
            await #expect(throws: DatabaseError.self) { try await insert("Ann", "t3") }
            if database.dialect == .postgresql {
                let names = try await indexes()
                #expect(names.contains { $0.hasPrefix("ponyormtests_owner_token_") && !$0.hasSuffix("_like") })
                #expect(names.contains { $0.hasPrefix("ponyormtests_owner_token_") && $0.hasSuffix("_like") })
                #expect(names.contains { $0.hasPrefix("ponyormtests_owner_name_") && $0.hasSuffix("_uniq") })
                #expect(!names.contains("ponyormtests_owner_token_key"))
            }

            // And back: the token is unique again and the name not.
            try await database.execute("DELETE FROM ponyormtests_owner WHERE name = ?", [.text("Bob")])
            try await executor.migrate(to: "0001_initial")
            try await insert("Ann", "t4")
            await #expect(throws: DatabaseError.self) { try await insert("Cy", "t1") }
            if database.dialect == .postgresql {
                let names = try await indexes()
                #expect(!names.contains { $0.hasPrefix("ponyormtests_owner_name_") })
                #expect(names.filter { $0.hasPrefix("ponyormtests_owner_token_") }.count == 2)  // _uniq, _like
            }
        }
    }

    /// Renaming a `through` model retargets the relations through it, as it does foreign keys.
    @Test func renamingAThroughModelRetargetsTheRelation() throws {
        let created = try Autodetector(
            from: ProjectState(), to: allModels.map { ModelState($0.schemaInfo) },
            questioner: NonInteractiveQuestioner()
        ).changes()
        let renamed = created + [.renameModel(oldName: "Membership", newName: "Enrolment")]
        let state = try Migration.state(
            after: [Migration(name: "0001_initial", dependencies: [], operations: renamed, initial: true)])
        let crew = state.models["team"]?.fields.first { $0.name == "crew" }
        #expect(crew?.through == "ponyormtests.enrolment")
        #expect(crew?.throughFields == ["team", "owner"])
        #expect(state.models["membership"] == nil)
        #expect(state.models["enrolment"]?.fields.map(\.name).contains("invitedBy") == true)
    }

    @Test func migrationFilesRoundTripThroughJSON() throws {
        let operations = try Autodetector(
            from: ProjectState(), to: allModels.map { ModelState($0.schemaInfo) },
            questioner: NonInteractiveQuestioner()
        ).changes()
        let others: [MigrationOperation] = [
            .renameModel(oldName: "Sticker", newName: "Tag"), .renameModel(oldName: "Tag", newName: "Sticker"),
            .addIndex(model: "task", index: Index(fields: ["name"], name: "task_name_idx")),
            .removeIndex(model: "task", name: "task_name_idx"),
            .addConstraint(model: "task", constraint: .unique(fields: ["name", "owner"], name: "one_name")),
            .removeConstraint(model: "task", name: "one_name"),
            .addConstraint(
                model: "task",
                constraint: .check(
                    (Q("name__startswith", "x'%") | ~Q("due__isnull", true)) & Q("priority__in", ["low", "high"])
                        & Q("owner__gt", F("owner") * 2 - 1.0) & Q("name", .function(.lower, [F("name")])),
                    name: "task_checked", violationErrorMessage: "No.")),
            .addConstraint(
                model: "task",
                constraint: .unique(fields: ["name"], name: "one_open_name", condition: Q("completed", false))),
            .removeConstraint(model: "task", name: "task_checked"),
            .removeConstraint(model: "task", name: "one_open_name"),
        ]
        let migration = Migration(
            name: "0001_initial", dependencies: [], operations: operations + others, initial: true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pony-migrations-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try migration.fileContents().write(to: directory.appendingPathComponent("0001_initial.json"))
        let loaded = try Migration.load(from: directory)
        #expect(loaded == [migration])
        let state = try Migration.state(after: loaded)
        let next = try Autodetector(
            from: state, to: allModels.map { ModelState($0.schemaInfo) }, questioner: NonInteractiveQuestioner()
        ).changes()
        #expect(next.isEmpty)
    }
}
