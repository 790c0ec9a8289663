import Foundation
import NIOCore
import Pony
import PonyTesting
import PonyWeb
import Synchronization
import Testing

@testable import PonyCache

/// The Redis server the tests use (`PONY_TEST_REDIS_URL`, which `.ci/redis.sh` prints); each
/// test takes an empty database of its own, as the server has 4096.
enum RedisTestServer {
    static let url = ProcessInfo.processInfo.environment["PONY_TEST_REDIS_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let lastDatabase = Atomic<Int>(0)

    /// The number of an empty database no other test uses.
    static func freshDatabase() async throws -> Int {
        let database = lastDatabase.add(1, ordering: .relaxed).newValue % 4095 + 1
        _ = try await client(database).send(RESPCommand("FLUSHDB"))
        return database
    }

    static func location(_ database: Int, user: String = "") -> String {
        (url ?? "").replacingOccurrences(of: "redis://", with: "redis://\(user)") + "/\(database)"
    }

    /// A client that sends raw commands to `database`.
    static func client(_ database: Int, options: String = "") throws -> RedisClient {
        RedisClient(try RedisServer(location(database) + options))
    }

    static func freshCache(keyPrefix: String = "") async throws -> Cache {
        Cache(.redis(location(try await freshDatabase())), keyPrefix: keyPrefix)
    }
}

/// Django's `RedisCache`: the protocol, the `LOCATION`s redis-py reads, and the client against
/// a real server (the shared cache behaviour is in ``CacheTests``, which runs on Redis too).
@Suite struct RedisCacheTests {
    static func decoded(_ text: String) throws(RESPError) -> (RESPValue?, remaining: Int) {
        var buffer = ByteBuffer(string: text)
        let value = try RESPDecoder.next(from: &buffer)
        return (value, buffer.readableBytes)
    }

    @Test func repliesAreReadWholeOrNotAtAll() throws {
        let replies: [(String, RESPValue)] = [
            ("+OK\r\n", .simple("OK")), ("-ERR wrong\r\n", .error("ERR wrong")), (":-42\r\n", .integer(-42)),
            ("$3\r\na\rb\r\n", .bulk(Array("a\rb".utf8))), ("$0\r\n\r\n", .bulk([])), ("$-1\r\n", .bulk(nil)),
            ("*-1\r\n", .array(nil)), ("*0\r\n", .array([])), (":-9223372036854775808\r\n", .integer(.min)),
            (":9223372036854775807\r\n", .integer(.max)), ("+\r\n", .simple("")),
            ("*3\r\n$1\r\na\r\n:1\r\n*1\r\n$-1\r\n", .array([.bulk([97]), .integer(1), .array([.bulk(nil)])])),
        ]
        for (text, expected) in replies {
            #expect(try Self.decoded(text + "+next\r\n") == (expected, 7))
            // NB: every cut short of the whole reply waits for more and consumes nothing.
            for end in 0..<text.utf8.count {
                let (value, remaining) = try Self.decoded(String(decoding: Array(text.utf8)[..<end], as: UTF8.self))
                #expect(value == nil && remaining == end, "\(text.debugDescription) cut at \(end)")
            }
        }
    }

    @Test func hostileRepliesAreErrorsNotTraps() throws {
        let hostile = [
            "$-2\r\n", "$99999999999999\r\n", ":99999999999999999999999\r\n", "*-5\r\n", "*9999999999999\r\n",
            "$3\r\nabcXY", "?what\r\n", ":\r\n", ":-\r\n", ":9223372036854775808\r\n", ":1x\r\n", "\r\n",
            String(repeating: "*1\r\n", count: 40) + ":1\r\n",
            "+" + String(repeating: "x", count: 70_000),
        ]
        for text in hostile {
            #expect(throws: RESPError.self, "\(text.prefix(30).debugDescription)") { try Self.decoded(text) }
        }
        // Random bytes: each is a reply, a wait for more, or an error; never a trap.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("+-:$*\r\n0123456789-ab".utf8)
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator) ?? 0
            }
            var buffer = ByteBuffer(bytes: bytes)
            _ = try? RESPDecoder.next(from: &buffer)
        }
        var command = ByteBuffer()
        RESPCommand("SET", "k", "é").write(to: &command)
        #expect(String(buffer: command) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n")
        command.clear()
        RESPCommand("GET", String(repeating: "k", count: 120)).write(to: &command)
        #expect(String(buffer: command).hasPrefix("*2\r\n$3\r\nGET\r\n$120\r\nkkk"))
    }

    @Test func locationsAreReadAsRedisPyReadsThem() throws {
        let plain = try RedisServer("redis://localhost")
        #expect(
            plain.endpoint.address == .tcp(host: "localhost", port: 6379) && plain.database == 0
                && plain.password == nil)
        let full = try RedisServer("redis://user:p%40ss@10.0.0.5:6380/3?socket_timeout=0.5&socket_connect_timeout=2")
        #expect(full.endpoint.address == .tcp(host: "10.0.0.5", port: 6380) && full.database == 3)
        #expect(
            full.username == "user" && full.password == "p@ss" && full.endpoint.timeout == 0.5
                && full.endpoint.connectTimeout == 2)
        let passwordOnly = try RedisServer("redis://:secret@[::1]:7000")
        #expect(passwordOnly.username == nil && passwordOnly.password == "secret")
        #expect(passwordOnly.endpoint.address == .tcp(host: "::1", port: 7000) && "\(passwordOnly)" == "[::1]:7000")
        let socket = try RedisServer("unix:///run/redis/redis.sock?db=4")
        #expect(socket.endpoint.address == .unix(path: "/run/redis/redis.sock") && socket.database == 4)
        let (first, replicas) = try RedisServer.servers(in: "redis://a:1; redis://b:2,redis://c:3")
        #expect(first.endpoint.address == .tcp(host: "a", port: 1))
        #expect(replicas.map(\.endpoint.address) == [.tcp(host: "b", port: 2), .tcp(host: "c", port: 3)])

        for (location, reason) in [
            ("rediss://h", "TLS"), ("http://h", "scheme"), ("redis://h/x", "database"), ("redis://h?foo=1", "foo"),
            ("", "no server"), ("redis://h?socket_timeout=-1", "socket_timeout"), ("unix://", "socket path"),
            ("redis://h:70000", "port"),
        ] {
            let problem = CacheBackend.redis(location).problem ?? ""
            #expect(problem.contains(reason), "\(location): \(problem)")
        }
        let redacted = CacheBackend.redis("redis://:hunter2@h/x").problem ?? ""
        #expect(redacted.contains("***") && !redacted.contains("hunter2"))
        #expect(CacheBackend.redis("redis://h;redis://i").problem == nil)
        #expect(CacheBackend.locMem().problem == nil)
    }

    /// Django's `get_backend_timeout`: `max(0, int(timeout))`, `None` for never.
    @Test func timeoutsBecomeWholeSecondsAsDjangos() {
        #expect(RedisStore.seconds(Expiry(seconds: nil)) == nil)
        #expect(RedisStore.seconds(Expiry(seconds: 30.9)) == 30)
        #expect(RedisStore.seconds(Expiry(seconds: 0.5)) == 0)
        #expect(RedisStore.seconds(Expiry(seconds: -1)) == 0)
        #expect(RedisStore.seconds(Expiry(seconds: 1e300)) == 3_155_760_000)
    }

    @Test func aBadLocationStopsTheStart() throws {
        let app = Pony()
        app.caches["sessions"] = Cache(.redis("rediss://cache.internal:6380"))
        #expect {
            _ = try app.makeSite(mode: .development)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.id == "caches.E002" && error.message.contains("\"sessions\"") && error.message.contains("TLS")
        }
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        let cache = Cache(.redis("redis://127.0.0.1:1/0?socket_connect_timeout=2"))
        await #expect {
            try await cache.set("k", 1)
        } throws: { error in
            "\(error)".contains("could not connect to the Redis server at 127.0.0.1:1")
        }
    }
}

/// Against the server `.ci/redis.sh` starts.
@Suite(.enabled(if: RedisTestServer.url != nil)) struct RedisServerTests {
    /// Entries are the cache's JSON under Django's keys with Redis's own timeout; integers are
    /// plain digits, as Django's `RedisSerializer` stores them, so `INCRBY` works on them.
    @Test func entriesAreStoredAsDjangosRedisCacheStoresThem() async throws {
        let database = try await RedisTestServer.freshDatabase()
        let raw = try RedisTestServer.client(database)
        let cache = Cache(.redis(RedisTestServer.location(database)), keyPrefix: "site")
        try await cache.set("name", "Ann", timeout: 60)
        try await cache.set("visits", 41, timeout: .never)
        #expect(try await raw.send(RESPCommand("GET", "site:1:name")) == .bulk(Array("\"Ann\"".utf8)))
        #expect(try await raw.send(RESPCommand("GET", "site:1:visits")) == .bulk(Array("41".utf8)))
        guard case .integer(let ttl) = try await raw.send(RESPCommand("TTL", "site:1:name")) else {
            Issue.record("no TTL")
            return
        }
        #expect((30...60).contains(ttl))  // less only by the time the test took
        #expect(try await raw.send(RESPCommand("TTL", "site:1:visits")) == .integer(-1))
        // A counter another client (Django, say) keeps as digits counts on.
        _ = try await raw.send(RESPCommand("SET", "site:1:hits", "7"))
        #expect(try await cache.incr("hits") == 8)
        #expect(try await cache.touch("visits", timeout: 30))
        #expect(try await cache.touch("visits", timeout: .never))  // PERSIST said 1; it exists
        #expect(try await cache.touch("visits", timeout: .never))  // PERSIST said 0; it still exists
        #expect(try await cache.add("fleeting", 1, timeout: 0))  // added and gone, as Django's
        #expect(try await cache.get("fleeting", as: Int.self) == nil)
        try await cache.setMany(["a": 1, "b": 2], timeout: 100)
        #expect(try await raw.send(RESPCommand("TTL", "site:1:b")) != .integer(-1))
    }

    @Test func loginDatabaseAndSocket() async throws {
        let database = try await RedisTestServer.freshDatabase()
        let tcp = Cache(.redis(RedisTestServer.location(database, user: "pony:pony@")))
        try await tcp.set("k", "over TCP")
        let socket = Cache(.redis("unix://pony:pony@/tmp/pony-redis.sock?db=\(database)"))
        #expect(try await socket.get("k", as: String.self) == "over TCP")
        let wrong = Cache(.redis(RedisTestServer.location(database, user: "pony:wrong@")))
        await #expect {
            try await wrong.get("k", as: String.self)
        } throws: { error in
            "\(error)".contains("refused the login or database") && !"\(error)".contains("wrong@")
        }
    }

    /// One connection carries every task's commands; each reply reaches the task that asked.
    @Test func concurrentCommandsGetTheirOwnReplies() async throws {
        let cache = try await RedisTestServer.freshCache()
        try await cache.set("n", 0)
        let sums = try await withThrowingTaskGroup(of: [Int].self) { group in
            for task in 0..<50 {
                group.addTask {
                    var seen: [Int] = []
                    for _ in 0..<10 {
                        seen.append(try await cache.incr("n"))
                        try await cache.set("own\(task)", task)
                        #expect(try await cache.get("own\(task)", as: Int.self) == task)
                    }
                    return seen
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(sums.sorted() == Array(1...500))
    }

    /// A reply later than `socket_timeout` fails its command and closes the connection; a
    /// connection the server closes is opened again by the next command.
    @Test func aSlowOrLostConnectionIsReplaced() async throws {
        let database = try await RedisTestServer.freshDatabase()
        let client = try RedisTestServer.client(database, options: "?socket_timeout=1")
        await #expect {
            _ = try await client.send(RESPCommand("BLPOP", "nothing", "5"))
        } throws: { error in
            "\(error)".contains("no reply within 1.0 s")
        }
        #expect(try await client.send(RESPCommand("PING")) == .simple("PONG"))
        guard case .integer(let id) = try await client.send(RESPCommand("CLIENT", "ID")) else {
            Issue.record("no client id")
            return
        }
        _ = try await RedisTestServer.client(database).send(RESPCommand("CLIENT", "KILL", "ID", String(id)))
        var answered = false
        for _ in 0..<50 where !answered {
            answered = (try? await client.send(RESPCommand("PING"))) == .simple("PONG")
            if !answered { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(answered)
        #expect(try await client.send(RESPCommand("CLIENT", "ID")) != .integer(id))
    }

    /// With several servers in the location, writes go to the first and reads to the others.
    @Test func readsGoToTheReplicas() async throws {
        let primary = try await RedisTestServer.freshDatabase()
        let replica = try await RedisTestServer.freshDatabase()
        let cache = Cache(
            .redis(RedisTestServer.location(primary) + ";" + RedisTestServer.location(replica)))
        try await cache.set("k", "written")
        #expect(try await cache.get("k", as: String.self) == nil)
        _ = try await RedisTestServer.client(replica).send(RESPCommand("SET", ":1:k", "\"replicated\""))
        #expect(try await cache.get("k", as: String.self) == "replicated")
    }

    /// `cache_page` on Redis: a page one instance rendered is served by another.
    @Test func instancesShareCachedPages() async throws {
        let location = RedisTestServer.location(try await RedisTestServer.freshDatabase())
        let calls = PageCacheTests.Counter()
        func instance() throws -> TestClient {
            let app = Pony()
            app.cache = Cache(.redis(location))
            app.cachePage(60).get("/report") { _ in
                calls.add()
                return "report \(calls.value)"
            }
            return try TestClient(app)
        }
        let first = try instance()
        let second = try instance()
        #expect(await first.get("/report").text == "report 1")
        let shared = await second.get("/report")
        #expect(shared.text == "report 1")
        #expect(shared.headers["Cache-Control"] == "max-age=60")
        #expect(calls.value == 1)
    }
}
