import Foundation
import Pony
import PonyTesting
import Testing

/// With the sites, redirects and flat pages apps installed, the admin shows their models as
/// Django's `admin.py`s declare them: the flat page form's URL checks, its sites as a
/// many-to-many list filter, and a page added there served at its URL.
@Suite struct ContribAdminTests {
    static let apps: [AppConfig] = [.sites, .redirects, .flatPages]

    static func run(_ body: @Sendable (AdminTestApp) async throws -> Void) async throws {
        try await AdminTestApp.run(apps: apps, configure: { $0.install(.sites(), .redirects(), .flatPages()) }) {
            site in
            try await App.sites().afterMigrate()
            try await body(site)
        }
    }

    @Test func theAdminShowsTheContribModels() async throws {
        try await Self.run { site in
            try await site.logIn("root")
            let index = await site.client.get("/admin/")
            for text in ["Sites", "Redirects", "Flat pages", "/admin/flatpages/flatpage/", "/admin/sites/site/"] {
                #expect(index.text.contains(text), "\(text)")
            }
            let sites = await site.client.get("/admin/sites/site/")
            #expect(sites.status == .ok)
            #expect(sites.text.contains("example.com"))
            let add = await site.client.get("/admin/flatpages/flatpage/add/")
            #expect(add.status == .ok)
            #expect(add.text.contains("Advanced options"))
            #expect(await site.client.get("/admin/redirects/redirect/add/").status == .ok)
            // The site filter of redirects (a foreign key) names each site by its text.
            let redirects = await site.client.get("/admin/redirects/redirect/")
            #expect(redirects.text.contains(#"<a href="?site__id__exact=1">example.com</a>"#))
        }
    }

    /// Fieldsets as Django 5.2's `admin/includes/fieldset.html` writes them: a `collapse`
    /// section in `<details>` (left open while a field in it has an error), a description
    /// as HTML, classes on the `<fieldset>`, headings named for `aria-labelledby`.
    @Test func fieldsetsFoldAndDescribeThemselves() async throws {
        try await AdminTestApp.run(
            apps: Self.apps,
            configure: { app in
                app.install(.sites(), .redirects(), .flatPages())
                app.admin(Redirect.self) { admin in
                    admin.fieldsets = [
                        AdminFieldset(nil, ["site"]),
                        AdminFieldset(
                            "Paths", ["oldPath", "newPath"], classes: ["wide", "extrapretty"],
                            description: "<b>Both</b> start with a slash."),
                    ]
                }
            }
        ) { site in
            try await App.sites().afterMigrate()
            try await site.logIn("root")
            let add = await site.client.get("/admin/flatpages/flatpage/add/")
            #expect(add.text.contains("<fieldset class=\"module aligned\">\n\n"), "an untitled section")
            let folded =
                #"<fieldset class="module aligned collapse" aria-labelledby="fieldset-0-1-heading">"# + "\n"
                + #"<details><summary><h2 id="fieldset-0-1-heading" class="fieldset-heading">Advanced options</h2></summary>"#
            #expect(add.text.contains(folded))
            #expect(add.text.contains("</details>\n</fieldset>"))
            // An error in the folded section leaves it open.
            let refused = try await site.post(
                "/admin/flatpages/flatpage/add/",
                [
                    ("url", "/a/"), ("title", "A"), ("content", "x"), ("sites", "1"),
                    ("template_name", String(repeating: "t", count: 71)),
                ])
            #expect(refused.text.contains("Ensure this value has at most 70 characters (it has 71)."))
            #expect(
                refused.text.contains(
                    #"<fieldset class="module aligned collapse" aria-labelledby="fieldset-0-1-heading">"#))
            #expect(!refused.text.contains("<details>"))
            let redirect = await site.client.get("/admin/redirects/redirect/add/")
            #expect(
                redirect.text.contains(
                    #"<fieldset class="module aligned wide extrapretty" aria-labelledby="fieldset-0-1-heading">"#))
            #expect(redirect.text.contains(#"<h2 id="fieldset-0-1-heading" class="fieldset-heading">Paths</h2>"#))
            #expect(redirect.text.contains(#"<div class="description"><b>Both</b> start with a slash.</div>"#))
            #expect(!redirect.text.contains("<details>"))
        }
    }

    @Test func theFlatPageFormChecksTheURLAndThePageIsServed() async throws {
        try await Self.run { site in
            try await site.logIn("root")
            let other = try await Sites.Site(domain: "other.test", name: "Other").save()
            for (url, message) in [
                ("about/", "URL is missing a leading slash."),
                ("/about", "URL is missing a trailing slash."),
                (
                    "/a b/",
                    "This value must contain only letters, numbers, dots, underscores, dashes, slashes or tildes."
                ),
                (
                    "/<x>/",
                    "This value must contain only letters, numbers, dots, underscores, dashes, slashes or tildes."
                ),
            ] {
                let refused = try await site.post(
                    "/admin/flatpages/flatpage/add/",
                    [("url", url), ("title", "About"), ("content", "<p>x</p>"), ("sites", "1")])
                #expect(refused.status == .ok, "\(url)")
                #expect(refused.text.contains(message), "\(url)")
            }
            #expect(try await FlatPage.objects.count() == 0)
            let added = try await site.post(
                "/admin/flatpages/flatpage/add/",
                [("url", "/über-uns/"), ("title", "About"), ("content", "<p>Hi & bye</p>"), ("sites", "1")])
            #expect(added.status == .found)
            let page = try await FlatPage.objects.get(Q("url", "/über-uns/"))
            #expect(try await page.related(\.sites).all().fetch().map(\.domain) == ["example.com"])

            // The sites filter: the page is on the first site, not on the other, and has one.
            let list = "/admin/flatpages/flatpage/"
            #expect(await site.client.get(list + "?sites__id__exact=1").text.contains("/über-uns/"))
            #expect(!(await site.client.get(list + "?sites__id__exact=\(other.id!)").text.contains("/über-uns/")))
            #expect(!(await site.client.get(list + "?sites__isnull=True").text.contains("/über-uns/")))
            let filters = await site.client.get(list)
            #expect(filters.text.contains("By sites"))
            #expect(filters.text.contains("other.test"))
            // Pages on no site: Django's empty value, as for every relation.
            #expect(filters.text.contains(#"<a href="?sites__isnull=True">-</a>"#))

            // The same URL again on that site is refused; on the other site it is not.
            let again = [("url", "/über-uns/"), ("title", "Again"), ("content", "")]
            let duplicate = try await site.post("/admin/flatpages/flatpage/add/", again + [("sites", "1")])
            #expect(duplicate.text.contains("Flatpage with url /über-uns/ already exists for site example.com"))
            let elsewhere = try await site.post("/admin/flatpages/flatpage/add/", again + [("sites", "\(other.id!)")])
            #expect(elsewhere.status == .found)
            // Changing the page itself keeps its URL.
            let changed = try await site.post(
                "/admin/flatpages/flatpage/\(page.id!)/change/",
                [("url", "/über-uns/"), ("title", "About us"), ("content", "<p>Hi & bye</p>"), ("sites", "1")])
            #expect(changed.status == .found)

            let served = await site.client.get("/%C3%BCber-uns/")
            #expect(served.status == .ok)
            #expect(served.text.contains("<p>Hi & bye</p>"))
        }
    }
}
