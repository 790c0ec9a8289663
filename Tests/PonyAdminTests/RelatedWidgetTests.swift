import Foundation
import Pony
import PonyTesting
import Testing

/// `prepopulatedFields`, `rawIdFields` and `autocompleteFields`, and the pop-up changelist a
/// raw-id lookup opens (after Django's `admin_widgets` and `admin_views` tests).
@Suite struct RelatedWidgetTests {
    /// A model whose key points to its own kind: its own rows are the choices, filters and
    /// deletions follow the key.
    @Test func aKeyToItsOwnKind() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Category.self) { admin in
                admin.listDisplay = ["name", "parent"]
                admin.listFilter = ["parent"]
            }
        }) { site in
            try await site.logIn("root")
            let root = try await Category(name: "Root").save()
            let add = await site.client.get("/admin/shop/category/add/").text
            #expect(add.contains(#"<option value="\#(root.id!)">Root</option>"#))
            let saved = try await site.post(
                "/admin/shop/category/add/", [("name", "Child"), ("parent", "\(root.id!)")])
            #expect(saved.status == .found)
            let child = try await Category.objects.get("name", "Child")
            #expect(child.parent?.id == root.id)
            let list = await site.client.get("/admin/shop/category/?parent__id__exact=\(root.id!)").text
            #expect(list.contains(">Child</a>") && !list.contains(">Root</a></th>"))
            let preview = await site.client.get("/admin/shop/category/\(root.id!)/delete/").text
            #expect(preview.contains("Child"))
            #expect(try await site.post("/admin/shop/category/\(root.id!)/delete/", [("post", "yes")]).status == .found)
            #expect(try await Category.objects.count() == 0)
        }
    }

    @Test func prepopulatedFieldsAreListedForTheScript() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { $0.prepopulatedFields = ["slug": ["name"]] }
        }) { site in
            try await site.logIn("root")
            let entries = try Self.prepopulated(await site.client.get("/admin/shop/owner/add/").text)
            #expect(entries.count == 1)
            #expect(entries.first?["id"] as? String == "#id_slug")
            #expect(entries.first?["dependency_ids"] as? [String] == ["#id_name"])
            #expect(entries.first?["maxLength"] as? Int == 50)
        }
    }

    @Test func rawIdFieldsTakeAKeyAndReadOnlyTheChosenRow() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Task.self) { admin in
                admin.listDisplay = ["name"]
                admin.rawIdFields = ["owner"]
            }
        }) { site in
            let (ann, bob) = try await site.seed()
            try await site.logIn("root")
            let add = await site.client.get("/admin/shop/task/add/").text
            #expect(add.contains(#"class="vForeignKeyRawIdAdminField""#))
            #expect(
                add.contains(#"href="/admin/shop/owner/?_to_field=id" class="related-lookup" id="lookup_id_owner""#))
            #expect(!add.contains(">Ann</option>"))
            let task = try await Task.objects.get("name", "a")
            let change = await site.client.get("/admin/shop/task/\(task.id!)/change/").text
            #expect(change.contains(#"<strong><a href="/admin/shop/owner/\#(ann.id!)/change/">Ann</a></strong>"#))
            // A key is checked against the table; anything else is Django's error, not a crash.
            for bad in ["999", "abc", "99999999999999999999", "1 OR 1=1", ""] {
                let response = try await site.post(
                    "/admin/shop/task/add/", [("name", "new"), ("owner", bad), ("priority", "l")])
                #expect(response.status == .ok, "\(bad)")
                #expect(
                    response.text.contains(
                        bad.isEmpty
                            ? "This field is required."
                            : "Select a valid choice. That choice is not one of the available choices."), "\(bad)")
            }
            let saved = try await site.post(
                "/admin/shop/task/add/", [("name", "new"), ("owner", "\(bob.id!)"), ("priority", "l")])
            #expect(saved.status == .found)
            #expect(try await Task.objects.get("name", "new").owner.id == bob.id)
            // The lookup's pop-up: rows pick themselves, no actions; only the key may be asked for.
            let popup = await site.client.get("/admin/shop/owner/?_to_field=id&_popup=1").text
            #expect(popup.contains(#"data-popup-opener="\#(bob.id!)""#))
            #expect(!popup.contains(#"name="action""#))
            #expect(await site.client.get("/admin/shop/owner/?_to_field=name&_popup=1").status == .badRequest)
        }
    }

    @Test func autocompleteSearchesTheRelatedAdmin() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { $0.searchFields = ["name"] }
            app.admin(Task.self) { admin in
                admin.listDisplay = ["name"]
                admin.autocompleteFields = ["owner"]
            }
        }) { site in
            let (_, bob) = try await site.seed()
            for index in 1...25 { _ = try await Owner(name: "Zed \(index)").save() }
            let search = "/admin/autocomplete/?app_label=shop&model_name=task&field_name=owner"
            #expect(await site.client.get(search).status == .found)
            try await site.logIn("root")
            let add = await site.client.get("/admin/shop/task/add/").text
            #expect(
                add.contains(
                    #"data-autocomplete-url="/admin/autocomplete/?app_label=shop&amp;model_name=task&amp;field_name=owner""#
                ))
            #expect(!add.contains(">Bob</option>"))
            let found = await site.client.get(search + "&term=bo")
            #expect(found.headers["Content-Type"]?.hasPrefix("application/json") == true)
            #expect(found.text == #"{"pagination":{"more":false},"results":[{"id":"\#(bob.id!)","text":"Bob"}]}"#)
            // Twenty a page, in the related admin's order.
            let first = try JSONDecoder().decode(
                Page.self, from: Data(await site.client.get(search + "&term=zed").text.utf8))
            #expect(first.results.count == 20)
            #expect(first.pagination.more)
            let second = try JSONDecoder().decode(
                Page.self, from: Data(await site.client.get(search + "&term=zed&page=2").text.utf8))
            #expect(second.results.count == 5)
            #expect(!second.pagination.more)
            // A field that is not an autocomplete field, or a bad page, is refused.
            #expect(
                await site.client.get("/admin/autocomplete/?app_label=shop&model_name=task&field_name=name").status
                    == .forbidden)
            #expect(await site.client.get("/admin/autocomplete/?app_label=shop&model_name=nope").status == .forbidden)
            for page in ["0", "-1", "x", "99999999999999999999"] {
                #expect(await site.client.get(search + "&page=\(page)").status == .notFound, "\(page)")
            }
            // The chosen row is saved as with a <select>.
            let saved = try await site.post(
                "/admin/shop/task/add/", [("name", "new"), ("owner", "\(bob.id!)"), ("priority", "l")])
            #expect(saved.status == .found)
            // A staff user who may not view owners gets nothing.
            let token = try await site.token("/admin/")
            _ = await site.client.post("/admin/logout/", form: ["csrfmiddlewaretoken": token])
            try await site.logIn("sam")
            #expect(await site.client.get(search + "&term=bo").status == .forbidden)
        }
    }

    @Test func inlinesChooseTheirKeysAsAChangeFormDoes() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { $0.searchFields = ["name"] }
            app.admin(Task.self) { admin in
                admin.inlines = [
                    .stacked(Review.self, extra: 1, rawIdFields: ["reviewer"], prepopulatedFields: ["slug": ["title"]])
                ]
            }
        }) { site in
            let (ann, bob) = try await site.seed()
            let task = try await Task.objects.get("name", "a")
            _ = try await Review(task: ForeignKey(task), reviewer: ForeignKey(ann), title: "Fine").save()
            try await site.logIn("root")
            let page = await site.client.get("/admin/shop/task/\(task.id!)/change/").text
            // The existing row's box names its reviewer; each row has the lookup, no <select>.
            #expect(page.contains(#"<input type="text" name="review_set-0-reviewer" value="\#(ann.id!)""#))
            #expect(page.contains(#"id="lookup_id_review_set-0-reviewer""#))
            #expect(page.contains(#"<strong><a href="/admin/shop/owner/\#(ann.id!)/change/">Ann</a></strong>"#))
            #expect(
                page.contains(
                    #"href="/admin/shop/owner/?_to_field=id" class="related-lookup" id="lookup_id_review_set-1-reviewer""#
                ))
            #expect(!page.contains(#"<select name="review_set-1-reviewer""#))
            // Only the blank row's slug follows its title, as in Django.
            let entries = try Self.prepopulated(page)
            #expect(entries.map { $0["id"] as? String } == ["#id_review_set-1-slug"])
            #expect(entries.first?["dependency_ids"] as? [String] == ["#id_review_set-1-title"])
            #expect(entries.first?["maxLength"] as? Int == 50)
            // A key typed in the blank row's box is saved; a key to no row is Django's error.
            let review = try await Review.objects.get("title", "Fine")
            var fields: [(String, String)] = [
                ("name", "a"), ("owner", "\(ann.id!)"), ("priority", "l"), ("review_set-TOTAL_FORMS", "2"),
                ("review_set-INITIAL_FORMS", "1"), ("review_set-0-id", "\(review.id!)"),
                ("review_set-0-reviewer", "\(ann.id!)"), ("review_set-0-title", "Fine"),
                ("review_set-1-title", "Late"), ("review_set-1-slug", "late"),
            ]
            let refused = try await site.post(
                "/admin/shop/task/\(task.id!)/change/", fields + [("review_set-1-reviewer", "999")])
            #expect(refused.status == .ok)
            #expect(refused.text.contains("Select a valid choice. That choice is not one of the available choices."))
            fields.append(("review_set-1-reviewer", "\(bob.id!)"))
            let saved = try await site.post("/admin/shop/task/\(task.id!)/change/", fields)
            #expect(saved.status == .found)
            #expect(try await Review.objects.get("title", "Late").reviewer.id == bob.id)
        }
    }

    @Test func anInlinesAutocompleteFieldSearchesTheRelatedAdmin() async throws {
        try await AdminTestApp.run(configure: { app in
            app.admin(Owner.self) { $0.searchFields = ["name"] }
            app.admin(Task.self) { $0.inlines = [.tabular(Review.self, extra: 1, autocompleteFields: ["reviewer"])] }
        }) { site in
            let (_, bob) = try await site.seed()
            let task = try await Task.objects.get("name", "a")
            try await site.logIn("root")
            let page = await site.client.get("/admin/shop/task/\(task.id!)/change/").text
            let search = "/admin/autocomplete/?app_label=shop&model_name=review&field_name=reviewer"
            #expect(
                page.contains(
                    #"data-autocomplete-url="/admin/autocomplete/?app_label=shop&amp;model_name=review&amp;field_name=reviewer" data-label="Reviewer"><select name="review_set-0-reviewer""#
                ))
            // Only the chosen row is in the <select>: the others come from the search.
            let select = try #require(
                page.firstMatch(of: /<select name="review_set-0-reviewer"[^>]*>(.*?)<\/select>/.dotMatchesNewlines()))
            #expect(!select.1.contains("Bob"))
            // Review has no admin of its own: the inline's field is enough, as in Django.
            let found = await site.client.get(search + "&term=bo")
            #expect(found.text == #"{"pagination":{"more":false},"results":[{"id":"\#(bob.id!)","text":"Bob"}]}"#)
            // Another field of the child, or the field without the option, is refused.
            #expect(
                await site.client.get("/admin/autocomplete/?app_label=shop&model_name=review&field_name=task").status
                    == .forbidden)
            try await AdminPermissionTests.grant(["change_task", "change_review", "add_review"])
            let token = try await site.token("/admin/")
            _ = await site.client.post("/admin/logout/", form: ["csrfmiddlewaretoken": token])
            try await site.logIn("sam")
            // A staff user who may not view owners may not search them.
            #expect(await site.client.get(search + "&term=bo").status == .forbidden)
        }
    }

    /// The change form's list of prepopulated fields for the script.
    static func prepopulated(_ page: String) throws -> [[String: Any]] {
        let match = try #require(page.firstMatch(of: /data-prepopulated-fields="([^"]*)"/))
        let json = String(match.1).replacingOccurrences(of: "&quot;", with: "\"")
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    }

    struct Page: Decodable {
        struct Result: Decodable {
            let id: String
            let text: String
        }

        struct Pagination: Decodable {
            let more: Bool
        }

        let results: [Result]
        let pagination: Pagination
    }
}

/// The links beside a foreign key's `<select>` that add or change the related row in a pop-up
/// (Django's `RelatedFieldWidgetWrapper`), and the page the pop-up's save answers with.
@Suite struct RelatedPopupTests {
    @Test func addAnotherInAPopUp() async throws {
        try await AdminTestApp.run { site in
            try await site.logIn("root")
            let add = await site.client.get("/admin/shop/task/add/").text
            #expect(add.contains(#"id="add_id_owner" href="/admin/shop/owner/add/?_to_field=id&amp;_popup=1""#))
            #expect(add.contains(#"data-href-template="/admin/shop/owner/__fk__/change/?_to_field=id&amp;_popup=1""#))
            // The pop-up: no breadcrumbs, only "Save", and the flag kept in the form.
            let popup = await site.client.get("/admin/shop/owner/add/?_to_field=id&_popup=1").text
            #expect(!popup.contains(#"class="breadcrumbs""#))
            #expect(!popup.contains("Save and add another"))
            #expect(popup.contains(#"<input type="hidden" name="_popup" value="1">"#))
            let saved = try await site.post(
                "/admin/shop/owner/add/?_to_field=id&_popup=1", [("name", "Dee <b>"), ("_popup", "1")])
            #expect(saved.status == .ok)
            let dee = try await Owner.objects.get("name", "Dee <b>")
            #expect(
                saved.text.contains(
                    #"data-popup-response="{&quot;obj&quot;:&quot;Dee &lt;b&gt;&quot;,&quot;value&quot;:&quot;\#(dee.id!)&quot;}""#
                ))
            let changed = try await site.post(
                "/admin/shop/owner/\(dee.id!)/change/?_to_field=id&_popup=1", [("name", "Dee"), ("_popup", "1")])
            #expect(changed.text.contains("&quot;action&quot;:&quot;change&quot;"))
            // Without the permission to add owners, no link to add one.
            try await AdminPermissionTests.grant(["add_task", "view_owner"])
            let token = try await site.token("/admin/")
            _ = await site.client.post("/admin/logout/", form: ["csrfmiddlewaretoken": token])
            try await site.logIn("sam")
            let limited = await site.client.get("/admin/shop/task/add/").text
            #expect(limited.contains(#"<select name="owner""#))
            #expect(!limited.contains("add_id_owner"))
            #expect(!limited.contains("change_id_owner"))
        }
    }
}
