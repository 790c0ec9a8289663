import Foundation
import Pony
import PonySQLite
import PonyTesting
import Testing

@testable import PonyAdmin
@testable import PonyAuth

/// The admin end to end through the site, CSRF enforced (after Django's `admin_views` tests).
@Suite struct AdminViewTests {
    @Test func anonymousAndNonStaffAreSentToTheLoginPage() async throws {
        try await AdminTestApp.run { site in
            let response = await site.client.get("/admin/shop/task/?q=a")
            #expect(response.status == .found)
            #expect(response.headers["Location"] == "/admin/login/?next=%2Fadmin%2Fshop%2Ftask%2F%3Fq%3Da")
            // A user who is not staff cannot log in here, with Django's message.
            let refused = try await site.logIn("ann")
            #expect(refused.status == .ok)
            #expect(refused.text.contains("Please enter the correct username and password for a staff account."))
            #expect(await site.client.get("/admin/").status == .found)
            // Without the CSRF token the login is refused.
            let forged = await site.client.post("/admin/login/", form: ["username": "root", "password": "pw-root"])
            #expect(forged.status == .forbidden)
        }
    }

    @Test func indexListsWhatTheUserMaySee() async throws {
        try await AdminTestApp.run { site in
            #expect(try await site.logIn("root").headers["Location"] == "/admin/")
            let index = await site.client.get("/admin/")
            #expect(index.status == .ok)
            for text in [
                "Site administration", "Authentication and Authorization", ">Users</a>", ">Groups</a>", "Shop",
                ">Tasks</a>", ">Owners</a>", "/admin/shop/task/add/",
            ] {
                #expect(index.text.contains(text), "\(text)")
            }
            // sam is staff without permissions: nothing to see, and 403 on the pages.
            let token = try await site.token("/admin/")
            _ = await site.client.post("/admin/logout/", form: ["csrfmiddlewaretoken": token])
            try await site.logIn("sam")
            #expect(
                await site.client.get("/admin/").text.contains("You don’t have permission to view or edit anything."))
            #expect(await site.client.get("/admin/shop/task/").status == .forbidden)
            #expect(await site.client.get("/admin/shop/task/add/").status == .forbidden)
        }
    }

    @Test func changelistSearchFilterSortAndPages() async throws {
        try await AdminTestApp.run { site in
            _ = try await site.seed()
            try await site.logIn("root")
            let page = await site.client.get("/admin/shop/task/")
            #expect(page.status == .ok)
            #expect(page.text.contains("Select task to change"))
            // Django's `admin_view`: pages are never cached, the password change pages and assets may be.
            let never = "max-age=0, no-cache, no-store, must-revalidate, private"
            #expect(page.headers["Cache-Control"] == never && page.headers["Expires"] != nil)
            for path in ["/admin/", "/admin/shop/", "/admin/shop/task/1/change/", "/admin/login/"] {
                #expect(await site.client.get(path).headers["Cache-Control"] == never, "\(path)")
            }
            #expect(await site.client.get("/admin/password_change/").headers["Cache-Control"] == nil)
            let asset = "/admin/" + AdminAssets.cssName
            #expect(await site.client.get(asset).headers["Cache-Control"] == "public, max-age=31536000, immutable")
            // Three rows per page, newest first (primary key descending): e, d, c.
            #expect(rows(page.text) == ["e", "d", "c"])
            #expect(page.text.contains("5 tasks"))
            #expect(rows(await site.client.get("/admin/shop/task/?p=2").text) == ["b", "a"])
            // Search: name contains, or owner's name starts with.
            #expect(rows(await site.client.get("/admin/shop/task/?q=bo").text) == ["e", "d"])
            let searched = await site.client.get("/admin/shop/task/?q=b")
            #expect(rows(searched.text) == ["e", "d", "b"])
            #expect(searched.text.contains("3 results"))
            #expect(searched.text.contains("5 total"))
            // Filters, with Django's parameter names.
            #expect(rows(await site.client.get("/admin/shop/task/?completed__exact=1").text) == ["e", "b"])
            #expect(
                rows(await site.client.get("/admin/shop/task/?owner__id__exact=2&completed__exact=0").text) == ["d"])
            #expect(rows(await site.client.get("/admin/shop/task/?priority__exact=h").text) == [])
            // An enum's choices show by their labels, in the cells and as the filter's choices.
            #expect(page.text.contains(#"<td class="field-priority">Low</td>"#))
            #expect(page.text.contains(#"<a href="?priority__exact=h">High</a>"#))
            // Sorting by the first column, then descending.
            #expect(rows(await site.client.get("/admin/shop/task/?o=1").text) == ["a", "b", "c"])
            #expect(rows(await site.client.get("/admin/shop/task/?o=-1").text) == ["e", "d", "c"])
            // Sorting by owner name, then name descending.
            #expect(rows(await site.client.get("/admin/shop/task/?o=2.-1").text) == ["c", "b", "a"])
            // Unknown parameters and pages are refused as Django refuses them.
            for bad in [
                "?password__startswith=a", "?p=9", "?p=-1", "?p=99999999999999999999", "?completed__exact=maybe",
            ] {
                let response = await site.client.get("/admin/shop/task/" + bad)
                #expect(response.headers["Location"] == "/admin/shop/task/?e=1", "\(bad)")
            }
        }
    }

    /// On a file database the counts are kept while nothing commits; a row saved anywhere
    /// (here outside the admin) is counted by the next page.
    @Test func keptCountsFollowCommits() async throws {
        try await AdminTestApp.run(storage: .temporary) { site in
            let (ann, _) = try await site.seed()
            try await site.logIn("root")
            for _ in 0..<2 {
                let searched = await site.client.get("/admin/shop/task/?q=b")
                #expect(searched.text.contains("3 results"))
                #expect(searched.text.contains("5 total"))
            }
            _ = try await Task(name: "bb", owner: ForeignKey(ann), completed: false).save()
            let searched = await site.client.get("/admin/shop/task/?q=b")
            #expect(searched.text.contains("4 results"))
            #expect(searched.text.contains("6 total"))
            #expect(rows(await site.client.get("/admin/shop/task/?q=b&p=2").text) == ["b"])
        }
    }

    @Test func addChangeAndHistory() async throws {
        try await AdminTestApp.run { site in
            let (ann, _) = try await site.seed()
            try await site.logIn("root")
            // A missing name is a validation error, and nothing is saved.
            let invalid = try await site.post(
                "/admin/shop/task/add/", [("name", ""), ("owner", "\(ann.id!)"), ("priority", "l")])
            #expect(invalid.status == .ok)
            #expect(invalid.text.contains("Please correct the error below."))
            #expect(invalid.text.contains("This field is required."))
            #expect(try await Task.objects.count() == 5)
            // Save and continue editing.
            let added = try await site.post(
                "/admin/shop/task/add/",
                [("name", "write <tests>"), ("owner", "\(ann.id!)"), ("priority", "h"), ("_continue", "1")])
            #expect(added.status == .found)
            let task = try await Task.objects.get("name", "write <tests>")
            #expect(added.headers["Location"] == "/admin/shop/task/\(task.id!)/change/")
            let form = await site.client.get("/admin/shop/task/\(task.id!)/change/")
            #expect(
                form.text.contains(
                    "The task “write &lt;tests&gt;” was added successfully. You may edit it again below."))
            #expect(!form.text.contains("<tests>"))
            // Change two fields; the log says which, as Django writes it.
            let changed = try await site.post(
                "/admin/shop/task/\(task.id!)/change/",
                [
                    ("name", "write tests"), ("owner", "\(ann.id!)"), ("priority", "l"), ("completed", "on"),
                    ("_save", "1"),
                ])
            #expect(changed.headers["Location"] == "/admin/shop/task/")
            let entries = try await LogEntry.objects.orderBy("pk").fetch()
            #expect(entries.map(\.actionFlag) == [1, 2])
            #expect(entries[0].changeMessage == #"[{"added": {}}]"#)
            #expect(entries[1].changeMessage == #"[{"changed": {"fields": ["Name", "Completed", "Priority"]}}]"#)
            #expect(entries[1].objectID == "\(task.id!)")
            #expect(entries[1].objectRepr == "write tests")
            // The index lists the user's recent actions, linked to the rows.
            let index = await site.client.get("/admin/")
            let link = #"<a href="/admin/shop/task/\#(task.id!)/change/">write tests</a>"#
            #expect(index.text.contains(#"<li class="changelink">"# + "\n" + link))
            #expect(index.text.contains(#"<span class="mini quiet">Task</span>"#))
            let history = await site.client.get("/admin/shop/task/\(task.id!)/history/")
            #expect(history.text.contains("Added."))
            #expect(history.text.contains("Changed Name, Completed and Priority."))
            // A key that matches nothing: back to the index with Django's warning.
            let missing = await site.client.get("/admin/shop/task/999/change/")
            #expect(missing.headers["Location"] == "/admin/")
            #expect(
                await site.client.get("/admin/").text.contains(
                    "Task with ID “999” doesn’t exist. Perhaps it was deleted?"))
        }
    }

    @Test func deleteWithConfirmationListsWhatCascades() async throws {
        try await AdminTestApp.run { site in
            let (ann, _) = try await site.seed()
            try await site.logIn("root")
            let confirm = await site.client.get("/admin/shop/owner/\(ann.id!)/delete/")
            #expect(confirm.text.contains(#"Are you sure you want to delete the owner "Ann"?"#))
            #expect(confirm.text.contains("<li>Owners: 1</li>"))
            #expect(confirm.text.contains("<li>Tasks: 3</li>"))
            #expect(confirm.text.contains("<li>Task: a</li>"))
            let deleted = try await site.post("/admin/shop/owner/\(ann.id!)/delete/", [("post", "yes")])
            #expect(deleted.headers["Location"] == "/admin/shop/owner/")
            #expect(try await Task.objects.count() == 2)
            #expect(try await LogEntry.objects.filter("actionFlag", 3).count() == 1)
        }
    }

    @Test func actionsOnSelectedRows() async throws {
        try await AdminTestApp.run { site in
            _ = try await site.seed()
            try await site.logIn("root")
            let keys = try await Task.objects.filter("name__in", ["a", "c"]).fetch().map { "\($0.id!)" }
            // No action chosen, or no rows: a warning and nothing changes.
            _ = try await site.post("/admin/shop/task/", [("action", ""), ("_selected_action", keys[0])])
            #expect(await site.client.get("/admin/").text.contains("No action selected."))
            let done = try await site.post(
                "/admin/shop/task/",
                [("action", "complete"), ("_selected_action", keys[0]), ("_selected_action", keys[1])])
            #expect(done.status == .found)
            #expect(try await Task.objects.filter("completed", true).count() == 4)
            // Delete selected: a confirmation page first, then the delete.
            let confirm = try await site.post(
                "/admin/shop/task/", [("action", "delete_selected"), ("_selected_action", keys[0])])
            // NB: as Django's `model_ngettext`, one row is named in the singular.
            #expect(confirm.text.contains("Are you sure you want to delete the selected task?"))
            _ = try await site.post(
                "/admin/shop/task/", [("action", "delete_selected"), ("_selected_action", keys[0]), ("post", "yes")])
            #expect(try await Task.objects.count() == 4)
            // Select across every page of a filtered list.
            _ = try await site.post(
                "/admin/shop/task/?owner__id__exact=2",
                [("action", "delete_selected"), ("select_across", "1"), ("_selected_action", "0"), ("post", "yes")])
            #expect(try await Task.objects.fetch().map(\.name).sorted() == ["b", "c"])
        }
    }

    @Test func hostileKeysAndParametersNeverTrap() async throws {
        try await AdminTestApp.run { site in
            _ = try await site.seed()
            try await site.logIn("root")
            for key in ["abc", "-1", "99999999999999999999999", "_2F..", "%00", "1.5", "_ZZ"] {
                let response = await site.client.get("/admin/shop/task/\(key)/change/")
                #expect([.found, .notFound, .badRequest].contains(response.status), "\(key)")
            }
            for query in [
                "?o=999999999999999999999", "?o=-0", "?o=1.1.1", "?q=%22", "?createdAt__gte=2024-13-45", "?all=",
            ] {
                let response = await site.client.get("/admin/shop/task/" + query)
                #expect(response.status == .ok || response.status == .found, "\(query)")
            }
        }
    }
}

/// The first column of each changelist row.
func rows(_ html: String) -> [String] {
    html.matches(of: /<th scope="row" class="field-name"><a href="[^"]*">([^<]*)<\/a><\/th>/).map { String($0.1) }
}

/// The changelist's page numbers are Django admin's `get_elided_page_range(page)`: all of
/// them up to ten pages, else the ends and three either side, and an ellipsis never stands
/// for a single page.
@Suite struct ChangeListPaginationTests {
    @Test func pageNumbersAreDjangosElidedRange() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Task.self) { admin in admin.listPerPage = 1 }
        }) { site in
            let (ann, _) = try await site.seed()
            try await site.logIn("root")
            /// The page list for `query` with `pages` rows (five seeded, the rest made here).
            func numbers(_ query: String, pages: Int) async throws -> String {
                try await Task.objects.filter("name__startswith", "n").delete()
                for number in 1...pages - 5 { _ = try await Task(name: "n\(number)", owner: ForeignKey(ann)).save() }
                let page = await site.client.get("/admin/shop/task/" + query).text
                let list =
                    page.firstMatch(of: /<p class="paginator">(.*?)<\/p>/.dotMatchesNewlines()).map { String($0.1) }
                    ?? ""
                return list.matches(of: /<span class="this-page"[^>]*>(\d+)<|<a href="[^"]*">(\d+)<|(…)/).map {
                    $0.1.map { "[\($0)]" } ?? String($0.2 ?? $0.3 ?? "")
                }.joined(separator: " ")
            }
            // Ten pages: all shown (the old list elided 5 to 8 from page 1).
            #expect(try await numbers("", pages: 10) == "[1] 2 3 4 5 6 7 8 9 10")
            // Page 7 of 20: 1 to 10, no ellipsis for page 3 alone; then the end.
            #expect(try await numbers("?p=7", pages: 20) == "1 2 3 4 5 6 [7] 8 9 10 … 19 20")
            #expect(try await numbers("?p=12", pages: 20) == "1 2 … 9 10 11 [12] 13 14 15 … 19 20")
        }
    }
}

/// `searchFields = ["@name"]`: Django's full-text search on PostgreSQL (the `search` lookup,
/// which finds "apple" in "apples"); on SQLite, which has none, the name contains the word.
@Suite struct AdminFullTextSearchTests {
    @Test func atSearchesTheTextOnPostgreSQL() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Task.self) { admin in
                admin.listDisplay = ["name"]
                admin.searchFields = ["@name"]
            }
        }) { site in
            let owner = try await Owner.objects.create(Owner(name: "Ann"))
            for name in ["Red apples", "Apple pie", "Pears"] {
                _ = try await Task.objects.create(Task(name: name, owner: owner))
            }
            try await site.logIn("root")
            let found = rows(await site.client.get("/admin/shop/task/?q=apples").text)
            let postgreSQL = ORM.database?.dialect != .sqlite
            #expect(found == (postgreSQL ? ["Apple pie", "Red apples"] : ["Red apples"]))
            #expect(rows(await site.client.get("/admin/shop/task/?q=pear").text) == ["Pears"])
        }
    }
}

/// `dateHierarchy`: the drill-down by year, month and day (Django's `date_hierarchy` tag).
@Suite struct DateHierarchyTests {
    @Test func drillsDownByYearMonthAndDay() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Task.self) { admin in
                admin.listDisplay = ["name"]
                admin.dateHierarchy = "createdAt"
                admin.searchFields = ["name"]
                admin.listPerPage = 2
            }
        }) { site in
            _ = try await site.seed()
            // a, b: 2025-03-05 10:00; c: 2025-03-20 23:30; d: 2025-07-01; e: 2026-01-02 (UTC).
            for (names, stamp) in [
                (["a", "b"], 1_741_168_800), (["c"], 1_742_513_400), (["d"], 1_751_328_000), (["e"], 1_767_312_000),
            ] {
                let day = Date(timeIntervalSince1970: TimeInterval(stamp))
                _ = try await Task.objects.filter("name__in", names).update(["createdAt": day])
            }
            try await site.logIn("root")
            func links(_ query: String) async -> (rows: [String], links: [String]) {
                let page = await site.client.get("/admin/shop/task/" + query).text
                let list = page.firstMatch(of: /<ul class="toplinks">(.*?)<\/ul>/).map { String($0.1) } ?? ""
                let items = list.matches(of: /<li[^>]*>(?:<a href="([^"]*)">|<span[^>]*>)([^<]*)</).map {
                    "\($0.2)" + ($0.1.map { " " + $0.replacingOccurrences(of: "&amp;", with: "&") } ?? "")
                }
                return (rows(page), items)
            }
            var page = await links("")
            #expect(page.links == ["2025 ?createdAt__year=2025", "2026 ?createdAt__year=2026"])
            page = await links("?createdAt__year=2025")
            #expect(page.rows == ["d", "c"])
            #expect(
                page.links == [
                    "‹ All dates ?", "March 2025 ?createdAt__year=2025&createdAt__month=3",
                    "July 2025 ?createdAt__year=2025&createdAt__month=7",
                ])
            page = await links("?createdAt__year=2025&createdAt__month=3&p=2")
            #expect(page.rows == ["a"])
            #expect(
                page.links == [
                    "‹ 2025 ?createdAt__year=2025",
                    "March 5 ?createdAt__year=2025&createdAt__month=3&createdAt__day=5",
                    "March 20 ?createdAt__year=2025&createdAt__month=3&createdAt__day=20",
                ])
            page = await links("?createdAt__year=2025&createdAt__month=3&createdAt__day=20")
            #expect(page.rows == ["c"])
            #expect(page.links == ["‹ March 2025 ?createdAt__year=2025&createdAt__month=3", "March 20"])
            // Rows of a single month start at its days; other parameters are kept.
            page = await links("?q=e")
            #expect(
                page.links == [
                    "‹ 2026 ?q=e&createdAt__year=2026",
                    "January 2 ?q=e&createdAt__year=2026&createdAt__month=1&createdAt__day=2",
                ])
            // The last day of year 9999 is a period like any other; impossible ones are refused.
            #expect(await site.client.get("/admin/shop/task/?createdAt__year=9999&createdAt__month=12").status == .ok)
            for bad in [
                "createdAt__year=abc", "createdAt__year=99999999999999999999", "createdAt__year=0",
                "createdAt__year=2025&createdAt__month=13", "createdAt__year=2025&createdAt__month=2&createdAt__day=29",
                "createdAt__month=3", "createdAt__year=2025&createdAt__day=3",
            ] {
                let response = await site.client.get("/admin/shop/task/?" + bad)
                #expect(response.headers["Location"] == "/admin/shop/task/?e=1", "\(bad)")
            }
        }
    }
}

extension DateHierarchyTests {
    /// In the site's time zone (New York here) a row stored just after midnight UTC belongs to
    /// the day before, as in Django's admin with `USE_TZ`: the links, and the rows of a day.
    @Test func periodsAreThoseOfTheTimeZone() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Task.self) { admin in
                admin.listDisplay = ["name"]
                admin.dateHierarchy = "createdAt"
            }
        }) { site in
            _ = try await site.seed()
            // c: 2025-03-20 23:30 UTC (19:30 in New York); d: 2025-07-01 00:00 UTC (June 30th
            // there); e: 2026-01-02 00:00 UTC (January 1st there).
            for (name, stamp) in [("c", 1_742_513_400), ("d", 1_751_328_000), ("e", 1_767_312_000)] {
                _ = try await Task.objects.filter("name", name)
                    .update(["createdAt": Date(timeIntervalSince1970: TimeInterval(stamp))])
            }
            _ = try await Task.objects.exclude(Q("name__in", ["c", "d", "e"])).delete()
            try await site.logIn("root")
            let newYork = try #require(TimeZone(identifier: "America/New_York"))
            try await ORM.$timeZone.withValue(newYork) { () async throws in
                func page(_ query: String) async -> String { await site.client.get("/admin/shop/task/" + query).text }
                let year = await page("?createdAt__year=2025")
                #expect(year.contains("?createdAt__year=2025&amp;createdAt__month=6"))
                #expect(!year.contains("createdAt__month=7"))
                let day = await page("?createdAt__year=2026&createdAt__month=1&createdAt__day=1")
                #expect(rows(day) == ["e"])
                #expect(rows(await page("?createdAt__year=2025&createdAt__month=6&createdAt__day=30")) == ["d"])
                #expect(rows(await page("?createdAt__year=2026&createdAt__month=1&createdAt__day=2")).isEmpty)
            }
        }
    }
}

/// `listEditable`: fields edited in place on the changelist (Django's `list_editable`).
@Suite struct ListEditableTests {
    @Test func editRowsInTheChangelist() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { admin in
                admin.listDisplay = ["id", "name"]
                admin.listEditable = ["name"]
            }
        }) { site in
            let (ann, bob) = try await site.seed()
            try await site.logIn("root")
            let page = await site.client.get("/admin/shop/owner/")
            #expect(page.text.contains(#"name="form-TOTAL_FORMS" value="2""#))
            #expect(page.text.contains(#"<input type="text" name="form-0-name" value="Ann""#))
            #expect(page.text.contains(#"name="_save""#))
            let fields: [(String, String)] = [
                ("form-TOTAL_FORMS", "2"), ("form-INITIAL_FORMS", "2"), ("form-MIN_NUM_FORMS", "0"),
                ("form-MAX_NUM_FORMS", "1000"), ("form-0-id", "\(ann.id!)"), ("form-0-name", "Anna"),
                ("form-1-id", "\(bob.id!)"), ("form-1-name", "Bob"), ("_save", "Save"),
            ]
            let saved = try await site.post("/admin/shop/owner/", fields)
            #expect(saved.headers["Location"] == "/admin/shop/owner/")
            #expect(try await Owner.objects.orderBy("id").fetch().map(\.name) == ["Anna", "Bob"])
            #expect(await site.client.get("/admin/").text.contains("1 owner was changed successfully."))
            let log = try await LogEntry.objects.orderBy("-pk").first()
            #expect(log?.changeMessage == #"[{"changed": {"fields": ["Name"]}}]"#)
            // An empty name is an error beside its input; nothing is saved.
            var bad = fields
            bad[5] = ("form-0-name", "")
            let refused = try await site.post("/admin/shop/owner/", bad)
            #expect(refused.status == .ok)
            #expect(refused.text.contains("This field is required."))
            #expect(try await Owner.objects.orderBy("id").fetch().map(\.name) == ["Anna", "Bob"])
        }
    }
}

/// Inlines: a parent's child rows edited on its change form (Django's `TabularInline`).
@Suite struct InlineTests {
    @Test func addChangeAndDeleteChildRowsWithTheParent() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { admin in
                admin.inlines = [.tabular(Task.self, fields: ["name", "completed", "priority"], extra: 1)]
            }
        }) { site in
            let (ann, _) = try await site.seed()
            try await site.logIn("root")
            let page = await site.client.get("/admin/shop/owner/\(ann.id!)/change/")
            #expect(page.text.contains(#"name="task_set-TOTAL_FORMS" value="4""#))
            #expect(page.text.contains(#"name="task_set-INITIAL_FORMS" value="3""#))
            #expect(page.text.contains(#"<input type="text" name="task_set-0-name" value="a""#))
            #expect(!page.text.contains(#"name="task_set-0-owner""#))
            // A new owner: blank task forms only, saved with the owner's new key.
            #expect(
                await site.client.get("/admin/shop/owner/add/").text.contains(#"name="task_set-TOTAL_FORMS" value="1""#)
            )
            _ = try await site.post(
                "/admin/shop/owner/add/",
                [
                    ("name", "Cy"), ("task_set-TOTAL_FORMS", "1"), ("task_set-INITIAL_FORMS", "0"),
                    ("task_set-0-name", "cy's"), ("task_set-0-priority", "l"),
                ])
            let cy = try await Owner.objects.get("name", "Cy")
            #expect(try await Task.objects.filter("owner", cy.id!).fetch().map(\.name) == ["cy's"])
            let tasks = try await Task.objects.filter("owner", ann.id!).orderBy("id").fetch()
            var fields: [(String, String)] = [
                ("name", "Ann"), ("task_set-TOTAL_FORMS", "4"), ("task_set-INITIAL_FORMS", "3"),
                ("task_set-MIN_NUM_FORMS", "0"), ("task_set-MAX_NUM_FORMS", "1000"), ("_save", "1"),
            ]
            for (index, task) in tasks.enumerated() {
                fields += [
                    ("task_set-\(index)-id", "\(task.id!)"), ("task_set-\(index)-name", index == 0 ? "a2" : task.name),
                    ("task_set-\(index)-priority", task.priority.rawValue),
                ]
                if task.completed { fields.append(("task_set-\(index)-completed", "on")) }
            }
            fields += [("task_set-2-DELETE", "on"), ("task_set-3-name", "new one"), ("task_set-3-priority", "h")]
            let saved = try await site.post("/admin/shop/owner/\(ann.id!)/change/", fields)
            #expect(saved.headers["Location"] == "/admin/shop/owner/")
            #expect(
                try await Task.objects.filter("owner", ann.id!).orderBy("id").fetch().map(\.name) == [
                    "a2", "b", "new one",
                ])
            let log = try await LogEntry.objects.orderBy("-pk").first()
            #expect(
                log?.changeMessage
                    == #"[{"changed": {"name": "task", "object": "a2", "fields": ["Name"]}}, {"deleted": {"name": "task", "object": "c"}}, {"added": {"name": "task", "object": "new one"}}]"#
            )
            #expect(log?.changeMessageText == "Changed Name for task “a2”. Deleted task “c”. Added task “new one”.")
            // An invalid child row keeps everything unsaved, the parent too.
            var bad = fields.filter { $0.0 != "task_set-2-DELETE" }
            bad[0] = ("name", "Annie")
            bad = bad.map { $0.0 == "task_set-3-name" ? ("task_set-3-name", "") : $0 }
            bad.append(("task_set-3-completed", "on"))
            let refused = try await site.post("/admin/shop/owner/\(ann.id!)/change/", bad)
            #expect(refused.status == .ok)
            #expect(refused.text.contains("This field is required."))
            #expect(try await Owner.objects.get(pk: ann.id!).name == "Ann")
        }
    }

    /// A child with a generic foreign key and none to the parent is Django's
    /// `GenericTabularInline`: its rows are the parent's by content type and key, its prefix
    /// `app-model-contentType-objectId`, and a row added points to the parent.
    @Test func aGenericInlineEditsRowsThatPointToTheParent() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { $0.inlines = [.tabular(Comment.self, extra: 1)] }
        }) { site in
            let (ann, bob) = try await site.seed()
            var first = Comment(body: "first", contentType: try await .for(Owner.self), objectId: 0)
            try await first.set(\.contentObject, to: ann)
            try await first.save()
            var other = Comment(body: "bob's", contentType: try await .for(Owner.self), objectId: 0)
            try await other.set(\.contentObject, to: bob)
            try await other.save()
            let task = try await Task.objects.filter("owner", ann.id!).orderBy("id").first()
            // A task with ann's key is not ann.
            var stray = Comment(body: "task's", contentType: try await .for(Task.self), objectId: 0)
            try await stray.set(\.contentObject, to: try #require(task))
            #expect(stray.objectId == ann.id!)
            try await stray.save()
            try await site.logIn("root")
            let prefix = "shop-comment-contentType-objectId"
            let page = await site.client.get("/admin/shop/owner/\(ann.id!)/change/")
            #expect(page.text.contains(#"name="\#(prefix)-TOTAL_FORMS" value="2""#))
            #expect(page.text.contains(#"name="\#(prefix)-0-body" value="first""#))
            #expect(!page.text.contains("bob&#x27;s") && !page.text.contains("task&#x27;s"))
            #expect(!page.text.contains(#"name="\#(prefix)-0-objectId""#))
            #expect(!page.text.contains(#"name="\#(prefix)-0-contentType""#))
            let saved = try await site.post(
                "/admin/shop/owner/\(ann.id!)/change/",
                [
                    ("name", "Ann"), ("\(prefix)-TOTAL_FORMS", "2"), ("\(prefix)-INITIAL_FORMS", "1"),
                    ("\(prefix)-0-id", "\(first.id!)"), ("\(prefix)-0-body", "first, edited"),
                    ("\(prefix)-1-body", "second"), ("_save", "1"),
                ])
            #expect(saved.headers["Location"] == "/admin/shop/owner/")
            let comments = try await Comment.objects.filter("contentType__model", "owner").filter("objectId", ann.id!)
                .orderBy("id").fetch()
            #expect(comments.map(\.body) == ["first, edited", "second"])
            #expect(try await Comment.objects.get("body", "task's").objectId == ann.id!)
            #expect(try await Comment.objects.get("body", "bob's").objectId == bob.id!)
        }
    }

    @Test func aFailingChildRowLeavesTheParentUnsaved() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { $0.inlines = [.tabular(Task.self, fields: ["name", "priority"], extra: 1)] }
        }) { site in
            try await site.logIn("root")
            site.client.recordsServerErrors = false
            var signals = Signals()
            signals.connect(.preSave, Task.self) { task, _ in
                if task.name == "boom" { throw DatabaseError("the task cannot be saved") }
            }
            let response = try await ORM.$signals.withValue(signals) {
                try await site.post(
                    "/admin/shop/owner/add/",
                    [
                        ("name", "Dee"), ("task_set-TOTAL_FORMS", "1"), ("task_set-INITIAL_FORMS", "0"),
                        ("task_set-0-name", "boom"), ("task_set-0-priority", "l"),
                    ])
            }
            #expect(response.status == .internalServerError)
            #expect(try await Owner.objects.filter("name", "Dee").count() == 0)
            #expect(try await LogEntry.objects.count() == 0)
        }
    }

    @Test func theChildModelsPermissionsDecideWhatTheInlineOffers() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { $0.inlines = [.tabular(Task.self, fields: ["name", "priority"], extra: 2)] }
        }) { site in
            let (ann, _) = try await site.seed()
            try await AdminPermissionTests.grant(["view_owner", "change_owner", "view_task"])
            try await site.logIn("sam")
            // View only: the rows as text, no forms to add, change or delete them.
            var page = await site.client.get("/admin/shop/owner/\(ann.id!)/change/").text
            #expect(page.contains(#"<ul class="readonly-rows"><li>a</li><li>b</li><li>c</li></ul>"#))
            #expect(page.contains(#"name="task_set-TOTAL_FORMS" value="0""#))
            #expect(!page.contains("Delete?"))
            // Add without change or delete: blank forms only.
            try await AdminPermissionTests.grant(["view_owner", "change_owner", "view_task", "add_task"])
            page = await site.client.get("/admin/shop/owner/\(ann.id!)/change/").text
            #expect(page.contains(#"name="task_set-TOTAL_FORMS" value="2""#))
            #expect(page.contains(#"name="task_set-INITIAL_FORMS" value="0""#))
            // No permission on tasks at all: no inline.
            try await AdminPermissionTests.grant(["view_owner", "change_owner"])
            page = await site.client.get("/admin/shop/owner/\(ann.id!)/change/").text
            #expect(!page.contains("task_set"))
        }
    }
}

/// The admin's own password change page for the signed-in user (Django's `AdminSite.password_change`).
@Suite struct AdminPasswordChangeTests {
    @Test func staffChangeTheirOwnPasswordAndStaySignedIn() async throws {
        try await AdminTestApp.run { site in
            try await site.logIn("root")
            #expect(
                await site.client.get("/admin/").text.contains(
                    #"<a href="/admin/password_change/">Change password</a>"#))
            let page = await site.client.get("/admin/password_change/")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<input type="password" name="old_password""#))
            let wrong = try await site.post(
                "/admin/password_change/",
                [("old_password", "nope"), ("new_password1", "n3w-pass"), ("new_password2", "n3w-pass")])
            #expect(wrong.text.contains("Your old password was entered incorrectly. Please enter it again."))
            let mismatch = try await site.post(
                "/admin/password_change/",
                [("old_password", "pw-root"), ("new_password1", "n3w-pass"), ("new_password2", "other")])
            #expect(mismatch.text.contains("The two password fields didn’t match."))
            let changed = try await site.post(
                "/admin/password_change/",
                [("old_password", "pw-root"), ("new_password1", "n3w-pass"), ("new_password2", "n3w-pass")])
            #expect(changed.headers["Location"] == "/admin/password_change/done/")
            #expect(await site.client.get("/admin/password_change/done/").text.contains("Your password was changed."))
            // The session survives the change; the new password is the one that works.
            #expect(await site.client.get("/admin/").status == .ok)
            var root = try await User.objects.get("username", "root")
            #expect(try await root.checkPassword("n3w-pass", hashers: AdminTestApp.hashers))
        }
    }
}
