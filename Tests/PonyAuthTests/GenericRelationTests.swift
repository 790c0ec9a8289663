import Foundation
import PonyPostgres
import PonySupport
import PonyTesting
import Testing

@testable import Pony
@testable import PonyAuth
@testable import PonyORM

// The models of generate_generic_relations.py, under Django's names in the app "gen".

@Model(modelName: "TaggedItem", appLabel: "gen", ordering: ["id"])
struct GenTaggedItem {
    @Field(maxLength: 50) var tag: String
    var contentType: ForeignKey<ContentType>
    var objectId: Int64
    var contentObject = GenericForeignKey()
}

@Model(modelName: "Label", appLabel: "gen", ordering: ["id"])
struct GenLabel {
    @Field(maxLength: 50) var name: String
    var kind: ForeignKey<ContentType>
    var key: String
    var target = GenericForeignKey(contentType: "kind", objectId: "key")
}

@Model(modelName: "Task", appLabel: "gen")
struct GenTask {
    @Field(maxLength: 50) var name: String
    var tags = RelatedSet<GenTaggedItem>(generic: \.contentObject, relatedQueryName: "task")
    var labels = RelatedSet<GenLabel>(generic: \.target, relatedQueryName: "task")

    var text: String { "task " + name }
}

@Model(modelName: "Note", appLabel: "gen")
struct GenNote {
    @Field(maxLength: 50) var text: String
}

@Model(modelName: "Word", appLabel: "gen")
struct GenWord {
    @Field(primaryKey: true, maxLength: 20) var word: String
    var labels = RelatedSet<GenLabel>(generic: \.target)

    var text: String { "word " + word }
}

// Generic foreign keys that Django's checks refuse.

@Model(modelName: "BadObjectId", appLabel: "gen")
struct GenBadObjectId {
    var contentType: ForeignKey<ContentType>
    var contentObject = GenericForeignKey()
}

@Model(modelName: "BadContentType", appLabel: "gen")
struct GenBadContentType {
    var objectId: Int64
    var contentObject = GenericForeignKey()
}

@Model(modelName: "NotAForeignKey", appLabel: "gen")
struct GenNotAForeignKey {
    var contentType: Int64
    var objectId: Int64
    var contentObject = GenericForeignKey()
}

@Model(modelName: "WrongForeignKey", appLabel: "gen")
struct GenWrongForeignKey {
    var contentType: ForeignKey<GenTask>
    var objectId: Int64
    var contentObject = GenericForeignKey()
}

/// A set that follows back a generic foreign key its model does not store.
@Model(modelName: "Orphan", appLabel: "gen")
struct GenOrphan {
    var notes = RelatedSet<GenNote>(generic: \.pretend)
}

extension GenNote {
    var pretend: GenericForeignKey { GenericForeignKey() }
}

/// Django's `GenericForeignKey` and `GenericRelation`: the same rows give what Django 5.2
/// gives (Fixtures/generic_relations.json, from generate_generic_relations.py), on SQLite
/// and PostgreSQL.
@Suite struct GenericRelationTests {
    static let fixture: JSONValue =
        (try? JSONValue(parsing: SessionTests.fixture("generic_relations.json"))) ?? .null
    static let models: [any Model.Type] = [GenTaggedItem.self, GenLabel.self, GenTask.self, GenNote.self, GenWord.self]

    /// Runs `body` on a new database with the content types app and the models above.
    static func withDatabase(on backend: String, _ body: () async throws -> Void) async throws {
        let app = Pony(file: "/tmp/gen.swift")
        app.install(.sessions(), .contentTypes(), .auth())
        for model in models { app.models(model) }
        let url = PostgresDatabase.testServerURL
        try await app.withTestDatabase(environment: backend == "postgresql" ? ["DATABASE_URL": url ?? ""] : [:]) {
            try await body()
        }
    }

    /// What Django's `str()` of a row gives.
    static func show(_ row: (any Model)?) -> JSONValue {
        switch row {
        case let task as GenTask: .string(task.text)
        case let note as GenNote: .string("note " + note.text)
        case let word as GenWord: .string(word.text)
        case nil: .null
        case let other?: .string(other.displayText)
        }
    }

    static func items(_ items: [GenTaggedItem]) async throws -> JSONValue {
        var rows: [JSONValue] = []
        for item in items { rows.append([.string(item.tag), show(try await item.load(\.contentObject))]) }
        return .array(rows)
    }

    /// A delete's counts as Django's `delete()` returns them: `[3, {"gen.TaggedItem": 2, …}]`.
    static func counts(_ counts: [String: Int], _ expected: JSONValue?) -> Bool {
        guard case .array(let pair)? = expected, case .object(let models)? = pair.last else { return false }
        let django = Dictionary(uniqueKeysWithValues: models.map { ($0.key.lowercased(), $0.value.intValue ?? -1) })
        return counts.mapValues(Int64.init) == django && Int64(counts.values.reduce(0, +)) == pair.first?.intValue
    }

    @Test(arguments: UserModelTests.backends) func genericRelationsAnswerAsDjangos(backend: String) async throws {
        let fixture = Self.fixture
        try await Self.withDatabase(on: backend) {
            var write = try await GenTask(name: "write").save()
            let test = try await GenTask(name: "test").save()
            let memo = try await GenNote(text: "memo").save()
            let plan = try await GenNote(text: "plan").save()
            let hello = try await GenWord(word: "hello").save()
            // NB: the note "plan" has the key of the task "test": only the content type tells them apart.
            let tagged: [(String, any Model)] = [
                ("urgent", write), ("home", write), ("work", test), ("urgent", memo), ("plan", plan),
            ]
            for (tag, target) in tagged {
                // The memberwise initialiser takes the content type; `set(_:to:)` fills both fields.
                var item = GenTaggedItem(tag: tag, contentType: try await .for(GenNote.self), objectId: 0)
                if let task = target as? GenTask { try await item.set(\.contentObject, to: task) }
                if let note = target as? GenNote { try await item.set(\.contentObject, to: note) }
                #expect(Self.show(item.contentObject.cached) == Self.show(target))
                try await item.save()
            }
            var greeting = GenLabel(name: "greeting", kind: try await .for(hello), key: "")
            try await greeting.set(\.target, to: hello)
            try await greeting.save()
            var chore = GenLabel(name: "chore", kind: try await .for(write), key: "")
            try await chore.set(\.target, to: write)
            try await chore.save()

            let items = try await GenTaggedItem.objects.selectRelated("contentType").fetch()
            #expect(
                fixture["stored"]
                    == .array(
                        items.map { [.string($0.tag), .string($0.contentType.cached?.model ?? ""), .int($0.objectId)] })
            )
            let labels = try await GenLabel.objects.selectRelated("kind").fetch()
            #expect(
                fixture["labels stored"]
                    == .array(labels.map { [.string($0.name), .string($0.kind.cached?.model ?? ""), .string($0.key)] }))
            #expect(fixture["objects"] == (try await Self.items(GenTaggedItem.objects.fetch())))

            // One query for the items, one for their content types, one per model: Django's five
            // read each content type alone when its cache is empty.
            let (prefetched, queries) = try await ORM.capturingQueries {
                try await GenTaggedItem.objects.prefetchRelated("contentObject").fetch()
            }
            #expect(queries.count == 4)
            #expect(fixture["prefetch queries, content types not cached"] == 5)
            #expect(
                fixture["prefetched objects"]
                    == .array(prefetched.map { [.string($0.tag), Self.show($0.contentObject.cached)] }))
            // Loaded rows are read again without a query.
            let (again, none) = try await ORM.capturingQueries { try await Self.items(prefetched) }
            #expect(again == fixture["prefetched objects"] && none.isEmpty)
            let targets = try await GenLabel.objects.prefetchRelated("target").fetch()
            #expect(
                fixture["label targets"] == .array(targets.map { [.string($0.name), Self.show($0.target.cached)] }))

            // The sets that follow them back: a query, or prefetched for every row.
            #expect(fixture["write tags"] == .array(try await write.related(\.tags).fetch().map { .string($0.tag) }))
            #expect(
                fixture["hello labels"] == .array(try await hello.related(\.labels).fetch().map { .string($0.name) }))
            let tasks = try await GenTask.objects.prefetchRelated("tags").orderBy("id").fetch()
            #expect(
                fixture["tags per task"]
                    == .array(tasks.map { [.string($0.name), .array(($0.tags.cached ?? []).map { .string($0.tag) })] }))
            // Lookups across the sets join the items of the row's content type.
            func names(_ query: QuerySet<GenTask>) async throws -> JSONValue {
                .array(try await query.orderBy("id").fetch().map { .string($0.name) })
            }
            let filters = fixture["filters"]
            #expect(filters?["tags__tag=urgent"] == (try await names(GenTask.objects.filter("tags__tag", "urgent"))))
            #expect(filters?["tags__tag=plan"] == (try await names(GenTask.objects.filter("tags__tag", "plan"))))
            let (_, join) = try await ORM.capturingQueries {
                try await GenTask.objects.filter("tags__tag", "plan").fetch()
            }
            #expect(
                join.first?.sql.contains(
                    #"ON ("gen_task"."id" = "gen_taggeditem"."object_id" AND "gen_taggeditem"."content_type_id" IN"#
                        + #" (SELECT "django_content_type"."id" FROM "django_content_type" WHERE"#) == true)
            #expect(
                filters?["tags__tag__in=[work, home]"]
                    == (try await names(GenTask.objects.filter("tags__tag__in", ["work", "home"]))))
            #expect(
                filters?["exclude tags__tag=home"] == (try await names(GenTask.objects.exclude("tags__tag", "home"))))
            #expect(filters?["tags__isnull=True"] == (try await names(GenTask.objects.filter("tags__isnull", true))))
            #expect(
                filters?["labels__name=greeting"]
                    == .array(
                        try await GenWord.objects.filter("labels__name", "greeting").fetch().map { .string($0.word) }))
            // A text object id compared with an integer key (cast to text on PostgreSQL).
            #expect(
                filters?["task labels__name=chore"]
                    == (try await names(GenTask.objects.filter("labels__name", "chore"))))
            // And back, from the items to the tasks (Django's `related_query_name`).
            func tags(_ query: QuerySet<GenTaggedItem>) async throws -> JSONValue {
                .array(try await query.orderBy("id").fetch().map { .string($0.tag) })
            }
            func labelNames(_ query: QuerySet<GenLabel>) async throws -> JSONValue {
                .array(try await query.orderBy("id").fetch().map { .string($0.name) })
            }
            #expect(
                filters?["items of task write"] == (try await tags(GenTaggedItem.objects.filter("task__name", "write")))
            )
            #expect(
                filters?["items of tasks starting with t"]
                    == (try await tags(GenTaggedItem.objects.filter("task__name__startswith", "t"))))
            #expect(
                filters?["labels of a task"] == (try await labelNames(GenLabel.objects.filter("task__isnull", false))))
            #expect(
                filters?["labels of no task"] == (try await labelNames(GenLabel.objects.filter("task__isnull", true))))
            let counted = try await GenTask.objects.annotate(["n": .count("tags")]).orderBy("id").fetchAnnotated()
            #expect(
                filters?["count tags"]
                    == .array(try counted.map { [.string($0.name), .int(try $0.annotation("n", as: Int64.self))] }))
            let urgent = try await GenTaggedItem.objects.filter("tag", "urgent").fetch()
            var urgentObjects: [JSONValue] = []
            for item in urgent { urgentObjects.append(Self.show(try await item.load(\.contentObject))) }
            #expect(fixture["urgent items"] == .array(urgentObjects))

            // Deleting a task deletes its items and labels (its sets follow them back).
            let preview = try await GenTask.objects.filter(Q("pk", write.pk)).deletionPreview()
            #expect(preview.groups.map { "\($0.model.name) \($0.count)" } == ["Task 1", "TaggedItem 2", "Label 1"])
            #expect(Self.counts(try await write.delete(), fixture["delete write"]))
            #expect(fixture["after deleting write"] == (try await Self.items(GenTaggedItem.objects.fetch())))
            var afterWrite: [JSONValue] = []
            for label in try await GenLabel.objects.fetch() {
                afterWrite.append([.string(label.name), Self.show(try await label.load(\.target))])
            }
            #expect(fixture["labels after deleting write"] == .array(afterWrite))
            // A note declares no set: its item stays, and points nowhere.
            #expect(Self.counts(try await memo.delete(), fixture["delete memo"]))
            #expect(fixture["after deleting memo"] == (try await Self.items(GenTaggedItem.objects.fetch())))
            #expect(Self.counts(try await hello.delete(), fixture["delete hello"]))
            write.name = "gone"
            #expect(try await write.related(\.tags).count() == 0)

            // remove_stale_contenttypes: a model the app no longer has ("gone", with a
            // permission and two items pointing to it), and an app no longer installed.
            let stale = fixture["remove_stale_contenttypes"]
            let gone = try await ContentType(appLabel: "gen", model: "gone").save()
            _ = try await Permission(name: "Can add gone", contentType: ForeignKey(gone), codename: "add_gone").save()
            for key: Int64 in [1, 2] {
                _ = try await GenTaggedItem(tag: "stale", contentType: gone, objectId: key).save()
            }
            _ = try await ContentType(appLabel: "oldapp", model: "thing").save()
            func run(answer: String?, includeStaleApps: Bool = false) async throws -> String {
                var output = ""
                let confirm: ((String) -> Bool)? = answer.map { answer in
                    { question in
                        output += question + "Type 'yes' to continue, or 'no' to cancel: "
                        return answer == "yes"
                    }
                }
                try await ContentType.removeStale(
                    includeStaleApps: includeStaleApps, verbosity: 2, confirm: confirm, write: { output += $0 })
                return output
            }
            #expect(.string(try await run(answer: "no")) == stale?["asked, answered no"])
            #expect(try await ContentType.objects.filter("model", "gone").exists())
            #expect(.string(try await run(answer: "yes")) == stale?["answered yes"])
            #expect(try await !ContentType.objects.filter("model", "gone").exists())
            #expect(try await ContentType.objects.filter("appLabel", "oldapp").exists())
            #expect(
                fixture["remove_stale_contenttypes"]?["items left"]
                    == .array(try await GenTaggedItem.objects.fetch().map { .string($0.tag) }))
            #expect(try await Permission.objects.filter("codename", "add_gone").count() == 0)
            #expect(.string(try await run(answer: nil, includeStaleApps: true)) == stale?["stale apps, no input"])
            #expect(try await !ContentType.objects.filter("appLabel", "oldapp").exists())
            #expect(try await run(answer: "yes").isEmpty)
        }
    }

    /// A page that prints what items point to loads them between passes, one query per model
    /// for every row (where Django queries once per row), and prints `None` for a row gone.
    @Test func aTemplateReadsTheRowsOfGenericForeignKeys() async throws {
        let app = Pony(file: "/tmp/gen.swift")
        app.install(.contentTypes())
        for model in Self.models { app.models(model) }
        app.templates["items.html"] = "{% for item in items %}{{ item.tag }}={{ item.contentObject }};{% endfor %}"
        app.get("items/") { request in try render(request, "items.html", ["items": GenTaggedItem.objects.all()]) }
        try await app.withTestDatabase(environment: ["DATABASE_URL": "sqlite://:memory:"]) {
            let write = try await GenTask(name: "write").save()
            let memo = try await GenNote(text: "memo").save()
            for (tag, target) in [("urgent", write as any Model), ("home", write), ("note", memo)] {
                var item = GenTaggedItem(tag: tag, contentType: try await .for(GenTask.self), objectId: 0)
                if let task = target as? GenTask { try await item.set(\.contentObject, to: task) }
                if let note = target as? GenNote { try await item.set(\.contentObject, to: note) }
                try await item.save()
            }
            let gone = try await GenTaggedItem(tag: "gone", contentType: try await .for(GenTask.self), objectId: 7)
                .save()
            let client = try TestClient(app)
            let page = try await assertNumQueries(4) { await client.get("/items/") }
            // Django prints `None` for a generic foreign key to a row that is gone.
            #expect(page.text == "urgent=task write;home=task write;note=memo;gone=None;")
            #expect(gone.contentObject.cached == nil)
        }
    }

    @Test func theChecksGiveDjangosMessages() throws {
        let bad: [any Model.Type] = [
            GenBadObjectId.self, GenBadContentType.self, GenNotAForeignKey.self, GenWrongForeignKey.self,
        ]
        #expect(.array(ORM.problems(bad).map(JSONValue.string)) == Self.fixture["checks"])
        #expect(ORM.problems(Self.models).isEmpty)
        #expect(
            ORM.problems([GenOrphan.self]) == [
                "gen.Orphan.notes: (contenttypes.E004) The GenericRelation defines a relation with the model"
                    + " 'gen.Note', but that model does not have a GenericForeignKey."
            ])
    }

    /// Object ids that are no key of the model, content types of models the app does not have,
    /// and targets a field cannot hold: `nil` or a clear error, never a trap.
    @Test func hostileObjectIdsFindNothing() async throws {
        try await Self.withDatabase(on: "sqlite") {
            let task = try await GenTask(name: "write").save()
            let taskType = try await ContentType.for(GenTask.self)
            let gone = try await ContentType(appLabel: "gone", model: "thing").save()
            for key in ["not a number", "", "99999999999999999999999", "-0", "1.5", "\u{0}"] {
                let label = try await GenLabel(name: "odd", kind: taskType, key: key).save()
                #expect(try await label.load(\.target) == nil)
                #expect(
                    try await GenLabel.objects.prefetchRelated("target").filter(Q("pk", label.pk)).get().target.cached
                        == nil)
            }
            for id in [Int64.max, Int64.min, 0, -1] {
                let item = try await GenTaggedItem(tag: "odd", contentType: taskType, objectId: id).save()
                #expect(try await item.load(\.contentObject) == nil)
            }
            let stray = try await GenTaggedItem(tag: "stray", contentType: gone, objectId: 1).save()
            #expect(try await stray.load(\.contentObject) == nil)
            #expect(gone.modelType == nil && taskType.modelType == GenTask.self)
            await #expect(throws: FieldError.self) { try await gone.object(pk: .integer(1)) }
            #expect(try await taskType.object(pk: task.pk) is GenTask)
            await #expect(throws: DoesNotExist.self) { try await taskType.object(pk: .integer(99)) }

            // A word's key is text, which an integer object id cannot hold; an unsaved task has none.
            var item = GenTaggedItem(tag: "x", contentType: taskType, objectId: 0)
            let word = try await GenWord(word: "hello").save()
            let error = await #expect(throws: FieldError.self) { try await item.set(\.contentObject, to: word) }
            #expect(error?.description.contains("Make objectId a String field") == true)
            await #expect(throws: DatabaseError.self) { try await item.set(\.contentObject, to: GenTask(name: "new")) }
            #expect(item.objectId == 0)
            // A text object id holds an integer key as text.
            var label = GenLabel(name: "x", kind: taskType, key: "")
            try await label.set(\.target, to: task)
            #expect(label.key == "\(task.id ?? 0)")
        }
    }
}
