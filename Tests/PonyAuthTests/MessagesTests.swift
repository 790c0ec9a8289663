import Foundation
import Pony
import PonySQLite
import PonySupport
import PonyTesting
import Testing

@testable import PonyAuth

/// One-time messages: Django's cookie format (fixture from Django 5.2's `CookieStorage`),
/// levels and tags, consumed once shown, the session for what does not fit the cookie
/// (after Django's `messages_tests`).
@Suite struct MessagesTests {
    @Test func theCookieIsDjangos() throws {
        let fixture = try #require(DjangoFixtures.shared.root["messages"])
        let secret = try #require(fixture["secret"]?.stringValue)
        let cookie = try #require(fixture["cookie"]?.stringValue)
        let middleware = MessagesMiddleware(secretKey: secret)
        let messages = [
            Message(level: .success, message: "Saved."),
            Message(level: .error, message: "Bad <b>input</b> – é", extraTags: "sticky"),
            Message(level: .info, message: "<b>safe</b>", isSafe: true),
        ]
        #expect(
            middleware.signer.sign(object: .array(messages.map(\.json)), compress: true, at: DjangoFixtures.shared.now)
                == cookie)
        guard case .array(let parts) = try middleware.signer.unsignObject(cookie) else {
            Issue.record("not a list")
            return
        }
        #expect(parts.compactMap(Message.init(json:)) == messages)
        #expect(messages[1].tags == "sticky error")
    }

    static func app() -> Pony {
        let app = Pony(file: "/tmp/messages/app.swift")
        app.install(.sessions(SessionSettings(engine: .signedCookies)), .messages())
        app.templates["show.html"] =
            "{% if messages %}<ul>{% for message in messages %}<li class=\"{{ message.tags }}\">{{ message }}</li>{% endfor %}</ul>{% else %}none{% endif %}"
        app.get("/add") { request in
            request.messages.success("Saved <now>.")
            request.messages.debug("not recorded")
            request.messages.error("Failed.", extraTags: "sticky")
            return "added"
        }
        app.get("/many") { request in
            for index in 0..<100 { request.messages.info("Message number \(index) with some padding text.") }
            return "added"
        }
        app.get("/show") { request in try render(request, "show.html") }
        app.get("/count") { request in "\(request.messages.count)" }
        return app
    }

    @Test func messagesShowOnceOnTheNextPage() async throws {
        let client = try TestClient(Self.app())
        #expect(await client.get("/show").text == "none")
        _ = await client.get("/add")
        #expect(client.cookies["messages"] != nil)
        // Counting does not consume them.
        #expect(await client.get("/count").text == "2")
        let shown = await client.get("/show")
        #expect(
            shown.text
                == #"<ul><li class="success">Saved &lt;now&gt;.</li><li class="sticky error">Failed.</li></ul>"#)
        #expect(client.cookies["messages"] == nil)
        #expect(await client.get("/show").text == "none")
    }

    /// Messages past the 2 kB cookie go to the session (Django's fallback storage), and all
    /// of them show, in order.
    @Test func overflowGoesToTheSession() async throws {
        let client = try TestClient(Self.app())
        _ = await client.get("/many")
        #expect((client.cookies["messages"]?.utf8.count ?? 0) <= 2048)
        let shown = await client.get("/show")
        let items = shown.text.matches(of: #/<li class="info">Message number (\d+) /#).map { Int($0.1) ?? -1 }
        #expect(items == Array(0..<100))
        #expect(await client.get("/show").text == "none")
    }

    @Test func tamperedCookiesAreIgnored() async throws {
        let client = try TestClient(Self.app())
        for bad in ["garbage", "a:b:c", String(repeating: "x", count: 3000)] {
            client.cookies["messages"] = bad
            let response = await client.get("/show")
            #expect(response.status == .ok)
            #expect(response.text == "none")
        }
    }

    @Test func messagesNeedSessions() throws {
        let app = Pony(file: "/tmp/messages/app.swift")
        app.install(.messages())
        #expect(throws: ConfigurationError.self) { try app.makeSite(mode: .development, environment: [:]) }
    }
}
