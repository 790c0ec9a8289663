import Foundation
import PonySupport
import Testing

@testable import PonyORM

/// A model with a table comment and a column comment (Django's `Meta.db_table_comment` and
/// `db_comment`), the model of Fixtures/generate_table_comment.py.
@Model(dbTableComment: "Where the books stand")
struct Shelf {
    @Field(maxLength: 40, dbComment: "Printed on the shelf") var label: String
}

/// Table comments: Django 5.2's SQL when a model has one, when it changes and when it goes,
/// and the comment in the database after the migrations.
@Suite struct TableCommentTests {
    static func migrations() throws -> [Migration] {
        var model = ModelState(Shelf.schemaInfo)
        var migrations = [
            Migration(
                name: "0001_initial", dependencies: [],
                operations: try Autodetector(from: ProjectState(), to: [model], questioner: NonInteractiveQuestioner())
                    .changes(), initial: true)
        ]
        model.dbTableComment = "Shelves in the library"
        try migrations.append(GeneratedFieldTests.migration("0002_comment", after: migrations, to: model))
        model.dbTableComment = nil
        try migrations.append(GeneratedFieldTests.migration("0003_no_comment", after: migrations, to: model))
        return migrations
    }

    @Test(arguments: [Backend.sqlite, .postgresql]) func ddlIsDjangos(backend: Backend) throws {
        let migrations = try Self.migrations()
        #expect(
            migrations.dropFirst().flatMap(\.operations).map(\.description) == [
                "Alter shelf table comment", "Alter shelf table comment",
            ])
        #expect(migrations[1].operations.first?.nameFragment == "alter_shelf_table_comment")
        // The migrations as their files store them.
        let (pony, django) = try sqlmigrate(
            migrations, on: backend, django: "django_sqlmigrate_table_comment_\(backend.rawValue).sql")
        #expect(pony == django)
    }

    /// The comment PostgreSQL holds after each migration, and after one is undone.
    @Test func theDatabaseHoldsTheComment() async throws {
        guard Backend.available.contains(.postgresql) else { return }
        try await withEmptyDatabase(.postgresql) { test in
            let database = test.database
            let migrations = try Self.migrations()
            func comment() async throws -> DatabaseValue? {
                try await database.query("SELECT obj_description('ponyormtests_shelf'::regclass, 'pg_class')", [])
                    .first?.values.first
            }
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: [migrations[0]]).migrate()
            #expect(try await comment() == .text("Where the books stand"))
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: Array(migrations[0...1]))
                .migrate()
            #expect(try await comment() == .text("Shelves in the library"))
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations).migrate()
            #expect(try await comment() == .null)
            try await MigrationExecutor(database: database, app: "ponyormtests", migrations: migrations)
                .migrate(to: "0002_comment")
            #expect(try await comment() == .text("Shelves in the library"))
        }
    }

    /// `squashmigrations` folds the comment changes into the model's creation.
    @Test func theOptimizerFoldsThemIntoCreateModel() throws {
        let operations = try Self.migrations().flatMap(\.operations)
        let optimized = MigrationOptimizer.optimize(operations, app: "ponyormtests")
        guard case .createModel(let model)? = optimized.first, optimized.count == 1 else {
            Issue.record("optimized to \(optimized.map(\.description))")
            return
        }
        #expect(model.dbTableComment == nil)
    }
}
