import Foundation
import PonyORM
import PonySupport
import Testing

/// `inspectdb` against Django's: Fixtures/generate_inspectdb.py made a SQLite database of
/// Django-style and legacy tables and recorded what Django 5.2's `inspectdb --include-views`
/// makes of each column. InspectedModels.swift is Pony's Swift for the same tables, compiled
/// into this test target and used on them.
@Suite struct InspectDBTests {
    struct DjangoField: Decodable, Equatable, CustomStringConvertible {
        let name: String
        let `class`: String
        let target: String?
        let params: [String: String]
        let notes: String
        var description: String {
            "\(name) = \(self.class)(\(target ?? "") \(params.sorted { $0.key < $1.key })) # \(notes)"
        }
    }

    struct DjangoModel: Decodable {
        let name: String
        let table: String
        let view: Bool
        let composite: [String]?
        let fields: [DjangoField]
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let unique_together: [[String]]
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let table_comment: String?
    }

    struct Fixture: Decodable {
        let ddl: [String]
        let models: [DjangoModel]
    }

    /// The fixture of `backend`.
    static func fixture(_ backend: Backend = .sqlite) -> Fixture? {
        let name = backend == .sqlite ? "django_inspectdb.json" : "django_inspectdb_postgresql.json"
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }

    /// The fixture's tables in a new database on `backend`, for `body`.
    static func withTables<R: Sendable>(
        _ backend: Backend = .sqlite, _ body: @Sendable (any Database) async throws -> R
    ) async throws -> R {
        let fixture = try #require(Self.fixture(backend))
        return try await withEmptyDatabase(backend) { test in
            for statement in fixture.ddl { try await test.database.execute(statement, []) }
            return try await body(test.database)
        }
    }

    /// Pony's field in the fixture's terms.
    static func django(_ field: InspectedField, in model: InspectedModel) -> DjangoField {
        var params: [String: String] = [:]
        if let column = field.dbColumn { params["db_column"] = column }
        if field.isPrimaryKey { params["primary_key"] = "True" }
        if field.isUnique { params["unique"] = "True" }
        if let to = field.toField { params["to_field"] = to }
        if let related = field.relatedName { params["related_name"] = related }
        if let length = field.maxLength { params["max_length"] = String(length) }
        if let digits = field.maxDigits { params["max_digits"] = String(digits) }
        if let places = field.decimalPlaces { params["decimal_places"] = String(places) }
        if field.isNullable { (params["blank"], params["null"]) = ("True", "True") }
        if let comment = field.dbComment { params["db_comment"] = comment }
        return DjangoField(
            name: field.name, class: field.fieldClass, target: field.target.map { $0 == model.name ? "self" : $0 },
            params: params, notes: field.notes.joined(separator: " "))
    }

    @Test(arguments: Backend.available) func modelsAreDjangos(backend: Backend) async throws {
        let django = try #require(Self.fixture(backend)).models
        let models = try await Self.withTables(backend) { database in
            try await InspectDB.models(in: database, includeViews: true)
        }
        #expect(models.map(\.name) == django.map(\.name))
        for (model, expected) in zip(models, django) {
            #expect(model.table == expected.table)
            #expect(model.dbTableComment == expected.table_comment, "\(model.name)")
            #expect(model.isView == expected.view, "\(model.name)")
            #expect(model.compositeKey == expected.composite, "\(model.name)")
            let fields = model.fields.filter { !$0.isImplicit }.map { Self.django($0, in: model) }
            #expect(fields.map(\.description) == expected.fields.map(\.description))
            let unique = model.uniqueTogether.map(\.fields)
            if model.table == "inspect_legacy" && backend == .sqlite {
                // NB: Django's SQLite introspection misses this table's UNIQUE ("label", "kind")
                // (its PostgreSQL one finds it); SQLite's index list has it.
                #expect(expected.unique_together.isEmpty && unique == [["label", "kind"]])
            } else {
                #expect(unique == expected.unique_together, "\(model.name)")
            }
        }
        guard backend == .postgresql else { return }
        // PostgreSQL's own types, in Swift.
        let source = InspectDB.swiftSource(models)
        for line in [
            "struct InspectBook {\n    var id: Int64?\n",
            "    @Field(maxDigits: 6, decimalPlaces: 2) var price: Decimal\n",
            "    var uid: UUID\n", "    var length: Duration\n", "    @Field(kind: .ipAddress) var address: String?\n",
            "    @Field(maxLength: 4) var code: String?\n", "    var published: Date?\n", "    var data: JSONValue\n",
            "    var mystery: String?  // This field type is a guess.\n",
            "    @Field(dbComment: \"Written by the author's agent\") var bio: String?\n",
            "@Model(table: \"inspect_author\", managed: false, dbTableComment: \"People who write\")\n",
        ] {
            #expect(source.contains(line), "\(line)")
        }
    }

    /// The Swift for the fixture's tables is InspectedModels.swift, which this target compiles
    /// (with this module's imports in place of `import Pony`, and no formatting). Running the test
    /// with `PONY_WRITE_INSPECTED=1` writes it.
    @Test func theSwiftIsTheCompiledFile() async throws {
        let source = try await Self.withTables { database in
            InspectDB.swiftSource(try await InspectDB.models(in: database, includeViews: true))
        }
        #expect(source.contains("\nimport Pony\n"))
        // NB: generated lines keep Django's long notes, past the house line length.
        let compiled =
            "// swift-format-ignore-file\n"
            + source.replacingOccurrences(
                of: "\nimport Pony\n", with: "\nimport Foundation\nimport PonyORM\nimport PonySupport\n")
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "InspectedModels.swift")
        if ProcessInfo.processInfo.environment["PONY_WRITE_INSPECTED"] == "1" {
            try Data(compiled.utf8).write(to: file)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == compiled)
    }

    /// The inspected models read and write the tables Django's DDL made, odd columns and all.
    @Test func theInspectedModelsUseTheTables() async throws {
        try await Self.withTables { database in
            let models: [any Model.Type] = [
                InspectAuthor.self, InspectBook.self, InspectLegacy.self, InspectProfile.self, InspectTitles.self,
            ]
            try await ORM.using(database, models: models) {
                let ann = try await InspectAuthor(name: "Ann", email: "ann@example.com").save()
                try await InspectBook(
                    title: "Tides", pages: 320, price: Decimal(string: "12.50") ?? 0, inPrint: true,
                    data: .object(["tags": .array([.string("sea")])]), uid: "0123456789abcdef0123456789abcdef",
                    length: 9, stock: 4, author: ForeignKey(ann)
                ).save()
                let book = try await InspectBook.objects.selectRelated("author").get(
                    Q("author__email", "ann@example.com"))
                #expect(book.author.cached?.name == "Ann" && book.pages == 320 && book.editor == nil)
                #expect(book.data == .object(["tags": .array([.string("sea")])]))
                try await database.execute(
                    #"INSERT INTO inspect_legacy ("Code", "class", "2nd", "weird name", "label", "kind") VALUES ('A1', 7, 'x', 'y', 'l', 'k')"#,
                    [])
                let child = try await InspectLegacy(
                    code: "B2", parent: ForeignKey(try await InspectLegacy.objects.get(Q("pk", "A1"))), label: "l",
                    kind: "m"
                ).save()
                let parent = try await child.parent?.load()
                #expect(parent?.classField == 7 && parent?.number2nd == "x" && parent?.weirdName == "y")
                #expect(try await InspectLegacy.objects.filter("parent__code", "A1").first()?.code == "B2")
                #expect(try await InspectTitles.objects.fetch().map(\.title) == ["Tides"])
                _ = try await InspectProfile(author: OneToOne(ann), website: "https://example.com").save()
                #expect(try await InspectProfile.objects.filter("author__name", "Ann").count() == 1)
            }
        }
    }

    /// Names no Swift or Python name can hold give a compilable name and an escaped column.
    @Test func hostileNamesDoNotTrap() async throws {
        let source = try await withEmptyDatabase(.sqlite) { test in
            try await test.database.execute(
                #"CREATE TABLE "☃" ("" text, "__" integer, "a""b\ c" text, "é" integer, "1" text, "id" text)"#, [])
            return InspectDB.swiftSource(try await InspectDB.models(in: test.database))
        }
        #expect(source.contains("@Model(table: \"☃\", managed: false)\nstruct Table {\n"))
        #expect(source.contains(#"@Field(dbColumn: "a\"b\\ c") var aBC: String?"#))
        #expect(source.contains(#"    @Field(dbColumn: "") var field: String?"# + "\n"))
        #expect(source.contains(#"    @Field(dbColumn: "__") var fieldField: Int32?  // Field renamed because"#))
        #expect(source.contains(#"    @Field(dbColumn: "1") var number1: String?  // Field renamed because"#))
        #expect(source.contains("    var é: Int32?\n"))
        #expect(source.contains("    var id: String?  // Pony's `id` is the primary key: rename this field"))
    }

    @Test func nonexistentTablesAreNamedInTheOutput() async throws {
        let models = try await Self.withTables { database in
            try await InspectDB.models(in: database, tables: ["inspect_author", "no_such_table"])
        }
        #expect(models.map(\.name) == ["InspectAuthor", "NoSuchTable"])
        let source = InspectDB.swiftSource(models)
        #expect(
            source.contains(
                "// Unable to inspect table 'no_such_table'\n// The error was: There is no table no_such_table.\n"))
    }
}
