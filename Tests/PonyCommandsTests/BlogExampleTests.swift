import Foundation
import Testing

/// `pony run Examples/blog.swift`, as a writer and a reader use it: the generic views behind
/// a login (writing, a form with an error, editing, deleting), the list five a page, the
/// Atom feed and the sitemap.
@Suite(.serialized) struct BlogExampleTests {
    @Test func writesEditsListsAndFeedsPosts() async throws {
        let file = try CLI.copyExample("blog.swift")
        let directory = file.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = CLI.environment
        environment["PONY_SUPERUSER_USERNAME"] = "ann"
        environment["PONY_SUPERUSER_PASSWORD"] = "ann-pass-1"
        let created = try await CLI.run(
            try CLI.pony, ["manage", file.path, "createsuperuser", "--noinput"], environment: environment)
        #expect(created.status == 0, "\(created.output.suffix(2000))")

        let jar = directory.appendingPathComponent("cookies.txt")
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)"
        let server = try Background(try CLI.pony, ["run", file.path, "127.0.0.1:\(port)"])
        defer { server.stop() }
        let home = await CLI.waitFor(url + "/", timeout: CLI.firstBuildTimeout) { status, _ in status == 200 }
        #expect(home?.body.contains("No posts yet.") == true, "\(server.output.suffix(3000))")
        func curl(_ arguments: [String]) async throws -> (status: Int, body: String) {
            try await MembersExampleTests.curl(jar, arguments)
        }

        // Writing needs a login (LoginRequiredMiddleware's redirect), then the form's token.
        #expect(try await curl([url + "/new/"]).status == 302)
        let login = try await curl([url + "/accounts/login/"])
        let loggedIn = try await curl([
            "-d", "csrfmiddlewaretoken=\(MembersExampleTests.token(login.body))&username=ann&password=ann-pass-1",
            url + "/accounts/login/",
        ])
        #expect(loggedIn.status == 302)
        let form = try await curl([url + "/new/"])
        #expect(form.body.contains("New post") && form.body.contains(#"name="slug""#))
        let token = MembersExampleTests.token(form.body)
        func post(_ path: String, _ fields: String) async throws -> (status: Int, body: String) {
            try await curl(["-d", "csrfmiddlewaretoken=\(token)&" + fields, url + path])
        }
        let invalid = try await post("/new/", "title=Hello&slug=bad+slug&body=x")
        #expect(invalid.status == 200)
        #expect(invalid.body.contains("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."))
        for number in 1...7 {
            let saved = try await post("/new/", "title=Post+\(number)&slug=post-\(number)&body=Text+\(number)")
            #expect(saved.status == 302, "\(saved.body.prefix(300))")
        }
        #expect(try await curl([url + "/posts/post-1/"]).body.contains("<h1>Post 1</h1>"))
        #expect(try await post("/posts/post-1/edit/", "title=First+post&slug=post-1&body=Changed").status == 302)
        let edited = try await curl([url + "/posts/post-1/"])
        #expect(edited.body.contains("<h1>First post</h1>"))
        #expect(edited.body.contains(#"<p class="success">“First post” was saved.</p>"#))
        #expect(try await post("/posts/post-7/delete/", "").status == 302)
        #expect(try await curl([url + "/posts/post-7/"]).status == 404)

        // Five a page, newest first: posts 6 to 2 on the first page, the first post on the last.
        let first = try await curl([url + "/"])
        #expect(first.body.contains("Post 6") && !first.body.contains("First post"))
        #expect(first.body.contains("Page 1 of 2") && first.body.contains(#"<a href="?page=2">Older</a>"#))
        let last = try await curl([url + "/?page=last"])
        #expect(last.body.contains("First post") && last.body.contains("Page 2 of 2"))
        #expect(try await curl([url + "/?page=3"]).status == 404)

        // The archive: the year the posts were written in, its months, and a month's posts.
        let archive = try await curl([url + "/archive/"])
        let year = try #require(archive.body.firstMatch(of: /href="\/archive\/([0-9]{4})\/"/)?.1)
        let months = try await curl([url + "/archive/\(year)/"])
        let month = try #require(months.body.firstMatch(of: /href="\/archive\/([0-9]{4}\/[a-z]{3})\/"/)?.1)
        let posts = try await curl([url + "/archive/\(month)/"])
        #expect(posts.body.contains(#"<a href="/posts/post-1/">First post</a>"#), "\(posts.body.prefix(600))")
        #expect(posts.body.contains(">Post 6</a>") && !posts.body.contains("Post 7"))
        #expect(try await curl([url + "/archive/\(year)/foo/"]).status == 404)

        let feed = try await curl(["-i", url + "/feed/"])
        #expect(feed.body.contains("Content-Type: application/atom+xml; charset=utf-8"))
        #expect(feed.body.contains(#"<link href="http://127.0.0.1:\#(port)/posts/post-1/" rel="alternate"/>"#))
        #expect(feed.body.contains("<title>First post</title>"))
        let sitemap = try await curl([url + "/sitemap.xml"])
        #expect(sitemap.body.contains("<loc>http://127.0.0.1:\(port)/posts/post-5/</loc>"))
        #expect(sitemap.body.contains("<changefreq>weekly</changefreq>"))
    }
}
