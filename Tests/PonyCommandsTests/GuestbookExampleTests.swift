import Foundation
import Testing

/// `pony run Examples/guestbook.swift` through the real server, as a browser would use it:
/// without the CSRF token 403; an invalid post 200 with the errors and the typed values kept
/// (escaped); spam refused by the form's own check; a valid post 302, a message, the entry
/// saved and shown escaped; the entries twenty a page.
@Suite(.serialized) struct GuestbookExampleTests {
    @Test func signsTheGuestbook() async throws {
        let file = try CLI.copyExample("guestbook.swift")
        let directory = file.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let jar = directory.appendingPathComponent("cookies.txt")
        let port = CLI.freePort()
        let url = "http://127.0.0.1:\(port)/"
        let server = try Background(try CLI.pony, ["run", file.path, "127.0.0.1:\(port)"])
        defer { server.stop() }
        let home = await CLI.waitFor(url, timeout: CLI.firstBuildTimeout) { status, _ in status == 200 }
        #expect(home?.body.contains("No entries yet") == true, "\(server.output.suffix(3000))")

        let page = try await MembersExampleTests.curl(jar, [url])
        #expect(
            page.body.contains(
                #"<textarea name="message" cols="40" rows="10" required aria-describedby="id_message_helptext" id="id_message">"#
            ))
        let token = MembersExampleTests.token(page.body)
        #expect(try await MembersExampleTests.curl(jar, ["-d", "name=Ann&message=Hi", url]).status == 403)

        let invalid = try await MembersExampleTests.curl(
            jar, ["--data-urlencode", "csrfmiddlewaretoken=\(token)", "--data-urlencode", "name=<b>Ann</b>", url])
        #expect(invalid.status == 200)
        #expect(
            invalid.body.contains(#"<ul class="errorlist" id="id_message_error"><li>This field is required.</li></ul>"#)
        )
        #expect(invalid.body.contains(#"value="&lt;b&gt;Ann&lt;/b&gt;""#))

        let spam = try await MembersExampleTests.curl(
            jar,
            [
                "--data-urlencode", "csrfmiddlewaretoken=\(token)", "--data-urlencode", "name=Bot",
                "--data-urlencode", "message=Visit https://spam.example", url,
            ])
        #expect(spam.body.contains(#"<ul class="errorlist nonfield"><li>No spam, please.</li></ul>"#))

        let signed = try await MembersExampleTests.curl(
            jar,
            [
                "-L", "--data-urlencode", "csrfmiddlewaretoken=\(token)", "--data-urlencode", "name=<i>Ann</i>",
                "--data-urlencode", "message=Hello <script>alert(1)</script>", url,
            ])
        #expect(signed.status == 200)
        #expect(signed.body.contains(#"<p class="success">Thanks for signing, &lt;i&gt;Ann&lt;/i&gt;!</p>"#))
        #expect(signed.body.contains("<h2>&lt;i&gt;Ann&lt;/i&gt;</h2>"))
        #expect(signed.body.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!signed.body.contains("<script>"))

        // An attachment, sent as a browser sends a file (multipart, the token among the parts),
        // with a hostile name: stored under media/attachments/ and served from /media/.
        let note = directory.appendingPathComponent("note.txt")
        try "Hello from a file".write(to: note, atomically: true, encoding: .utf8)
        let attached = try await MembersExampleTests.curl(
            jar,
            [
                "-L", "-F", "csrfmiddlewaretoken=\(token)", "-F", "name=Cy", "-F", "message=With a file",
                "-F", "attachment=@\(note.path);filename=../../my note.txt", url,
            ])
        #expect(attached.status == 200)
        #expect(attached.body.contains(#"<a href="/media/attachments/my_note.txt">attachments/my_note.txt</a>"#))
        let stored = directory.appendingPathComponent("media/attachments/my_note.txt")
        #expect(try String(contentsOf: stored, encoding: .utf8) == "Hello from a file")
        let served = try await MembersExampleTests.curl(jar, [url + "media/attachments/my_note.txt"])
        #expect(served.status == 200 && served.body == "Hello from a file")
        #expect(
            !FileManager.default.fileExists(
                atPath: directory.deletingLastPathComponent().appendingPathComponent("my note.txt").path))
        let noToken = try await MembersExampleTests.curl(jar, ["-F", "name=Dee", "-F", "message=m", url])
        #expect(noToken.status == 403)

        // Twenty entries a page, newest first: 20 more make two pages, Ann's first entry on
        // the second; any other ?page= gives the nearest page.
        for number in 1...20 {
            let posted = try await MembersExampleTests.curl(
                jar,
                ["--data-urlencode", "csrfmiddlewaretoken=\(token)", "-d", "name=N\(number)", "-d", "message=m", url])
            #expect(posted.status == 302)
        }
        let first = try await MembersExampleTests.curl(jar, [url + "?page=abc"])
        #expect(first.body.contains("<h2>N20</h2>") && !first.body.contains("<h2>Cy</h2>"))
        #expect(first.body.contains("Page 1 of 2") && first.body.contains(#"<a href="?page=2">Older</a>"#))
        let last = try await MembersExampleTests.curl(jar, [url + "?page=99"])
        #expect(last.body.contains("<h2>&lt;i&gt;Ann&lt;/i&gt;</h2>") && last.body.contains("<h2>Cy</h2>"))
        #expect(last.body.contains("Page 2 of 2") && last.body.contains(#"<a href="?page=1">Newer</a>"#))
    }
}
