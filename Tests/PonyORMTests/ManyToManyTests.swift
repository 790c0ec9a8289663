import Foundation
import PonyORM
import Synchronization
import Testing

@Suite struct ManyToManyTests {
    @Test(arguments: Backend.available) func addRemoveClearSetAndQueryBothWays(backend: Backend) async throws {
        let changes = Mutex<[String]>([])
        var signals = Signals()
        signals.connect(Team.self) { team, change in
            changes.withLock {
                $0.append("\(team.name) \(change.action.rawValue) \(change.field) \(change.keys.count)")
            }
        }
        let recorded = signals
        try await withDatabase(backend) { test in
            try await ORM.using(test.database, models: allModels, signals: recorded) {
                let ann = try await Owner.objects.create(Owner(name: "Ann"))
                let bob = try await Owner.objects.create(Owner(name: "Bob"))
                let cy = try await Owner.objects.create(Owner(name: "Cy"))
                let red = try await Team.objects.create(Team(name: "Red"))
                let blue = try await Team.objects.create(Team(name: "Blue"))

                try await red.related(\.members).add(ann, bob)
                try await red.related(\.members).add(bob)  // already there: no second pair
                try await blue.related(\.members).add(bob, cy)
                #expect(try await red.related(\.members).count() == 2)
                let members = try await red.related(\.members).all().orderBy("name").fetch().map(\.name)
                #expect(members == ["Ann", "Bob"])

                // Lookups across the pairs, both ways, and exclude across them.
                let bobs = try await Team.objects.filter("members__name", "Bob").orderBy("name").fetch()
                #expect(bobs.map(\.name) == ["Blue", "Red"])
                let withAnn = try await Team.objects.exclude("members__name", "Ann").fetch()
                #expect(withAnn.map(\.name) == ["Blue"])
                let onRed = try await Owner.objects.filter("teams__name", "Red").orderBy("name").fetch()
                #expect(onRed.map(\.name) == ["Ann", "Bob"])
                let loners = try await Owner.objects.filter("teams__isnull", true).count()
                #expect(loners == 0)
                let unknown = await #expect(throws: FieldError.self) {
                    try await Team.objects.filter("membrs__name", "x").fetch()
                }
                #expect(unknown?.description.contains("members") == true)

                try await red.related(\.members).remove(ann)
                #expect(try await red.related(\.members).all().fetch().map(\.name) == ["Bob"])
                try await red.related(\.members).set([cy, bob])
                let set = try await red.related(\.members).all().orderBy("name").fetch().map(\.name)
                #expect(set == ["Bob", "Cy"])
                try await blue.related(\.members).clear()
                #expect(try await blue.related(\.members).count() == 0)

                // A relation to the same model has from_/to_ columns, and is symmetrical.
                try await red.related(\.rivals).add(blue)
                #expect(try await red.related(\.rivals).all().fetch().map(\.name) == ["Blue"])
                #expect(try await blue.related(\.rivals).all().fetch().map(\.name) == ["Red"])

                // prefetchRelated: one more query fills `cached`.
                let teams = try await Team.objects.orderBy("name").prefetchRelated("members", "rivals").fetch()
                #expect(teams.map { $0.members.cached?.map(\.name).sorted() ?? ["?"] } == [[], ["Bob", "Cy"]])
                #expect(teams.map { $0.rivals.cached?.map(\.name) ?? ["?"] } == [["Red"], ["Blue"]])
                let tasks = try await Task.objects.prefetchRelated("owner").fetch()
                #expect(tasks.isEmpty)
                await #expect(throws: FieldError.self) { try await Team.objects.prefetchRelated("nope").fetch() }

                // Deleting either side deletes its pairs.
                try await cy.delete()
                #expect(try await red.related(\.members).all().fetch().map(\.name) == ["Bob"])
                try await blue.delete()
                #expect(try await red.related(\.rivals).count() == 0)

                let unsaved = Team(name: "Green")
                await #expect(throws: DatabaseError.self) { try await unsaved.related(\.members).add(ann) }
            }
        }
        #expect(
            changes.withLock { $0 }.prefix(6) == [
                "Red pre_add members 2", "Red post_add members 2", "Red pre_add members 0", "Red post_add members 0",
                "Blue pre_add members 2", "Blue post_add members 2",
            ])
        #expect(changes.withLock { $0 }.contains("Red pre_remove members 1"))
        #expect(changes.withLock { $0 }.contains("Blue post_clear members 0"))
    }

    /// A relation of a model to itself goes both ways unless `symmetrical: false`, as
    /// Django's `ManyToManyField("self")`; it has no reverse name.
    @Test(arguments: Backend.available) func selfRelationsAreSymmetricalByDefault(backend: Backend) async throws {
        try await withDatabase(backend) { test in
            let red = try await Team.objects.create(Team(name: "Red"))
            let blue = try await Team.objects.create(Team(name: "Blue"))
            let green = try await Team.objects.create(Team(name: "Green"))
            let pairs = { try await test.database.query("SELECT count(*) FROM ponyormtests_team_rivals", [])[0].values }

            try await red.related(\.rivals).add(blue, green, red)
            #expect(try await pairs() == [.integer(5)])  // red–blue, blue–red, red–green, green–red, red–red
            #expect(try await green.related(\.rivals).all().fetch().map(\.name) == ["Red"])
            try await blue.related(\.rivals).add(red)  // both pairs exist already
            #expect(try await pairs() == [.integer(5)])
            try await blue.related(\.rivals).remove(red)  // from the other side: both pairs go
            #expect(try await red.related(\.rivals).all().orderBy("name").fetch().map(\.name) == ["Green", "Red"])
            #expect(try await blue.related(\.rivals).count() == 0)
            try await green.related(\.rivals).clear()
            #expect(try await red.related(\.rivals).all().fetch().map(\.name) == ["Red"])
            #expect(try await pairs() == [.integer(1)])
            let rivalsOfRed = try await Team.objects.filter("rivals__name", "Red").count()
            #expect(rivalsOfRed == 1)
            let noWayBack = await #expect(throws: FieldError.self) {
                try await Team.objects.filter("team__name", "Red").fetch()
            }
            #expect(noWayBack?.description.contains("following") == true)

            // One way: following Red does not make Red follow back.
            try await blue.related(\.followers).add(red)
            #expect(try await blue.related(\.followers).all().fetch().map(\.name) == ["Red"])
            #expect(try await red.related(\.followers).count() == 0)
            let followingBlue = try await Team.objects.filter("following__name", "Blue").fetch()
            #expect(followingBlue.map(\.name) == ["Red"])
        }
    }

    /// `through:` a model of the app: its rows are the pairs, with their own fields.
    @Test(arguments: Backend.available) func anExplicitThroughModelHoldsThePairs(backend: Backend) async throws {
        try await withDatabase(backend) { test in
            #expect(try await test.tables(prefix: "ponyormtests_team_crew").isEmpty)
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            let bob = try await Owner.objects.create(Owner(name: "Bob"))
            let red = try await Team.objects.create(Team(name: "Red"))
            try await red.related(\.crew).add(ann)
            try await Membership.objects.create(
                Membership(team: ForeignKey(red), invitedBy: ForeignKey(ann), owner: ForeignKey(bob), role: "captain"))
            let crew = try await red.related(\.crew).all().orderBy("name").fetch()
            #expect(crew.map(\.name) == ["Ann", "Bob"])
            let roles = try await Membership.objects.orderBy("role").valuesList("role")
            #expect(roles == [[.text("captain")], [.text("member")]])
            let captained = try await Team.objects.filter("crew__name", "Bob").count()
            #expect(captained == 1)
            let onRed = try await Owner.objects.filter("crews__name", "Red").count()
            #expect(onRed == 2)
            try await red.related(\.crew).remove(ann)
            #expect(try await Membership.objects.count() == 1)
            try await red.delete()  // the memberships go by their foreign key's CASCADE
            #expect(try await Membership.objects.count() == 0)
        }
    }

    /// AddField and RemoveField of a many-to-many field create and drop its table of pairs.
    @Test(arguments: Backend.available) func migrationsAddAndRemoveTheTableOfPairs(backend: Backend) async throws {
        try await withEmptyDatabase(backend) { test in
            let owner = ModelState(Owner.schemaInfo)
            let team = ModelState(Team.schemaInfo)
            var plain = team
            plain.fields = team.fields.filter { $0.type != .manyToMany || $0.through != nil }
            var migrations = [
                Migration(
                    name: "0001_initial", dependencies: [],
                    operations: try Autodetector(
                        from: ProjectState(), to: [owner, plain], questioner: NonInteractiveQuestioner()
                    )
                    .changes(), initial: true)
            ]
            let added = try Autodetector(
                from: try Migration.state(after: migrations), to: [owner, team], questioner: NonInteractiveQuestioner()
            ).changes()
            #expect(
                added.map(\.description) == [
                    "Add field members to team", "Add field rivals to team", "Add field followers to team",
                ])
            migrations.append(
                Migration(
                    name: Migration.nextName(after: migrations, operations: added), dependencies: ["0001_initial"],
                    operations: added, initial: false))
            let executor = MigrationExecutor(database: test.database, app: "ponyormtests", migrations: migrations)
            try await executor.migrate()
            #expect(
                try await test.tables(prefix: "ponyormtests_team")
                    == [
                        "ponyormtests_team", "ponyormtests_team_followers", "ponyormtests_team_members",
                        "ponyormtests_team_rivals",
                    ])
            let columns =
                backend == .sqlite
                ? "SELECT name FROM pragma_table_info('ponyormtests_team_rivals') ORDER BY cid"
                : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'ponyormtests_team_rivals' ORDER BY ordinal_position"
            let names = try await test.database.query(columns, []).map(\.values)
            #expect(names == [[.text("id")], [.text("from_team_id")], [.text("to_team_id")]])
            try await executor.migrate(to: "0001_initial")
            #expect(try await test.tables(prefix: "ponyormtests_team") == ["ponyormtests_team"])
        }
    }
}

/// `RelatedSet`: a foreign key followed back, queried and prefetched.
@Suite struct RelatedSetTests {
    @Test(arguments: Backend.available) func relatedSetsQueryAndPrefetch(backend: Backend) async throws {
        try await withDatabase(backend) { test in
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            let bob = try await Owner.objects.create(Owner(name: "Bob"))
            let cy = try await Owner.objects.create(Owner(name: "Cy"))
            for (name, owner) in [("a1", ann), ("b1", bob), ("a2", ann)] {
                try await Task.objects.create(Task(name: name, createdAt: Date(), owner: ForeignKey(owner)))
            }
            try await Sticker.objects.create(Sticker(text: "gold", owner: ForeignKey(bob)))
            try await Sticker.objects.create(Sticker(text: "loose", owner: nil))

            let annTasks = try await ann.related(\.tasks).orderBy("name").fetch().map(\.name)
            #expect(annTasks == ["a1", "a2"])
            #expect(try await cy.related(\.tasks).count() == 0)
            #expect(try await bob.related(\.stickers).fetch().map(\.text) == ["gold"])

            #expect(ann.tasks.cached == nil)
            let owners = try await Owner.objects.orderBy("name").prefetchRelated("tasks", "stickers").fetch()
            #expect(owners.map { $0.tasks.cached?.map(\.name) ?? ["?"] } == [["a1", "a2"], ["b1"], []])
            #expect(owners.map { $0.stickers.cached?.map(\.text) ?? ["?"] } == [[], ["gold"], []])
            let none = try await Owner.objects.filter("name", "Nobody").prefetchRelated("tasks").fetch()
            #expect(none.isEmpty)
            let unknown = await #expect(throws: FieldError.self) {
                try await Owner.objects.prefetchRelated("task").fetch()
            }
            #expect(unknown?.description.contains("stickers, tasks") == true)
        }
    }

    /// `prefetchRelated("a__b")` loads `a`, then `b` of what it loaded, through related sets,
    /// many-to-many fields and foreign keys (Django's `prefetch_related("a__b")`).
    @Test(arguments: Backend.available) func nestedPrefetchesFollowThePath(backend: Backend) async throws {
        try await withDatabase(backend) { _ in
            let ann = try await Owner.objects.create(Owner(name: "Ann"))
            let bob = try await Owner.objects.create(Owner(name: "Bob"))
            for (name, owner) in [("a1", ann), ("b1", bob), ("a2", ann)] {
                try await Task.objects.create(Task(name: name, createdAt: Date(), owner: ForeignKey(owner)))
            }
            try await Sticker.objects.create(Sticker(text: "gold", owner: ForeignKey(bob)))
            let red = try await Team.objects.create(Team(name: "Red"))
            try await red.related(\.members).add(ann, bob)
            _ = try await Team.objects.create(Team(name: "Empty"))

            let owners = try await Owner.objects.orderBy("name").prefetchRelated("tasks", "tasks__owner").fetch()
            let taskOwners = owners.map { $0.tasks.cached?.sorted { $0.name < $1.name }.map { $0.owner.cached?.name } }
            #expect(taskOwners == [["Ann", "Ann"], ["Bob"]])
            let teams = try await Team.objects.orderBy("name").prefetchRelated("members__tasks").fetch()
            let memberTasks = teams.map { team in
                (team.members.cached ?? []).sorted { $0.name < $1.name }.map {
                    ($0.tasks.cached ?? []).map(\.name).sorted()
                }
            }
            #expect(memberTasks == [[], [["a1", "a2"], ["b1"]]])
            let tasks = try await Task.objects.orderBy("name").prefetchRelated("owner__stickers").fetch()
            #expect(tasks.map { $0.owner.cached?.stickers.cached?.map(\.text) ?? ["?"] } == [[], [], ["gold"]])
            let unknown = await #expect(throws: FieldError.self) {
                try await Owner.objects.prefetchRelated("tasks__nope").fetch()
            }
            #expect(unknown?.description.contains("\"nope\" (of Task)") == true)
        }
    }
}
