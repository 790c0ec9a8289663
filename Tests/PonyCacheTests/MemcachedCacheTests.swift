import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import PonyCache

/// Django's `PyMemcacheCache`: the protocol, the `LOCATION`s, Django's timeouts and key rules,
/// and the client against real memcached servers (the shared cache behaviour is in
/// ``CacheTests``, which runs on memcached too).
@Suite struct MemcachedCacheTests {
    /// The replies `text` decodes to, and the bytes left unread.
    static func decoded(_ text: String) throws -> [MemcachedReply] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(MemcachedDecoder()))
        defer { _ = try? channel.finish() }
        try channel.writeInbound(ByteBuffer(string: text))
        var replies: [MemcachedReply] = []
        while let reply = try channel.readInbound(as: MemcachedReply.self) { replies.append(reply) }
        return replies
    }

    @Test func repliesAreReadWholeOrNotAtAll() throws {
        #expect(
            try Self.decoded("STORED\r\nNOT_FOUND\r\n42\r\n") == [.line("STORED"), .line("NOT_FOUND"), .line("42")])
        #expect(
            try Self.decoded("VALUE a 0 3\r\none\r\nVALUE b 0 0\r\n\r\nEND\r\nEND\r\n")
                == [.values(["a": Array("one".utf8), "b": []]), .values([:])])
        // A value whose bytes include a line break, and one not all here yet.
        #expect(try Self.decoded("VALUE k 0 4\r\na\r\nb\r\nEND\r\n") == [.values(["k": Array("a\r\nb".utf8)])])
        #expect(try Self.decoded("VALUE k 0 10\r\nabc").isEmpty)
        #expect(
            try Self.decoded("SERVER_ERROR object too large for cache\r\n") == [
                .error("SERVER_ERROR object too large for cache")
            ])
    }

    @Test func hostileRepliesAreErrorsNotTraps() throws {
        for hostile in [
            "VALUE k 0 -1\r\n", "VALUE k 0 99999999999999999999\r\n", "VALUE k 0 3\r\nabcd\r\n", "VALUE k\r\n",
            "VALUE k 0 1\r\nx\r\nSTORED\r\n", "no carriage return\n", String(repeating: "x", count: 10_000),
        ] {
            #expect(throws: (any Error).self, "\(hostile.prefix(40))") { try Self.decoded(hostile) }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 1..<64, using: &generator)).map { _ in
                ["VALUE ", " ", "0", "7", "\r\n", "END", "x", "-", "\n"].randomElement(using: &generator) ?? ""
            }
            _ = try? Self.decoded(bytes.joined())
        }
    }

    @Test func locationsAreReadAsPymemcacheReadsThem() throws {
        #expect(
            try MemcachedStore.endpoints(in: "127.0.0.1:11211").map(\.address) == [
                .tcp(host: "127.0.0.1", port: 11_211)
            ])
        #expect(
            try MemcachedStore.endpoints(in: "cache-a; cache-b:11212,[::1]:11213,unix:/run/mc.sock").map(\.address) == [
                .tcp(host: "cache-a", port: 11_211), .tcp(host: "cache-b", port: 11_212),
                .tcp(host: "::1", port: 11_213),
                .unix(path: "/run/mc.sock"),
            ])
        for bad in ["", "host:port", "host:0", "host:70000", "unix:relative.sock", "[::1", "::1:11211"] {
            #expect(throws: CacheError.self, "\(bad)") { try MemcachedStore.endpoints(in: bad) }
            #expect(CacheBackend.memcached(bad).problem != nil)
        }
        #expect(CacheBackend.memcached("localhost:11211").problem == nil)
    }

    /// Django's `get_backend_timeout` for memcached, and its `memcache_key_warnings`.
    @Test func timeoutsAndKeysAsDjangos() throws {
        let now = 1_800_000_000.0
        func exptime(_ seconds: Double?) -> Int { MemcachedStore.exptime(Expiry(seconds: seconds), now: now) }
        #expect(exptime(nil) == 0)
        #expect(exptime(0.5) == -1 && exptime(-1) == -1 && exptime(-1e300) == -1)
        #expect(exptime(300) == 300 && exptime(2_592_000) == 2_592_000)
        #expect(exptime(2_592_001) == 1_802_592_001)
        #expect(exptime(1e300) == Int(Int32.max))
        // The messages of Django 5.2's memcache_key_warnings for the same keys.
        let long = ":1:" + String(repeating: "a", count: 250)
        #expect(
            throws: CacheError.invalidKey(
                "Cache key will cause errors if used with memcached: '\(long)' (longer than 250)")
        ) {
            try MemcachedStore.validate(long)
        }
        #expect(
            throws: CacheError.invalidKey(
                "Cache key contains characters that will cause errors if used with memcached: ':1:tab\\there'")
        ) { try MemcachedStore.validate(":1:tab\there") }
        try MemcachedStore.validate(":1:café")
        // NB: bytes, not characters, as memcached counts: 126 two-byte characters are too long.
        #expect(throws: CacheError.self) { try MemcachedStore.validate(String(repeating: "é", count: 126)) }
    }

    /// Against real servers: Django's behaviour where memcached differs from the others.
    @Test(.enabled(if: MemcachedTestServer.enabled)) func againstMemcached() async throws {
        try await MemcachedTestServer.withCache { cache in
            await #expect(throws: CacheError.self) { try await cache.set("has space", 1) }
            try await cache.set("n", 5)
            #expect(try await cache.incr("n", by: 10) == 15)
            #expect(try await cache.decr("n", by: 100) == 0)  // memcached stops at 0, as with Django
            try await cache.set("text", "x")
            await #expect(throws: CacheError.notAnInteger(":1:text")) { try await cache.incr("text") }
            await #expect(throws: CacheError.missingKey(":1:none")) { try await cache.incr("none") }
            // A value over memcached's item size: the set fails, and the old value is gone (Django).
            try await cache.set("big", "small")
            let huge = String(repeating: "x", count: 2 << 20)
            await #expect(throws: CacheError.self) { try await cache.set("big", huge) }
            #expect(try await cache.get("big", as: String.self) == nil)
        }
    }

    @Test(.enabled(if: MemcachedTestServer.enabled)) func keysAreSpreadOverServers() async throws {
        let first = try await MemcachedTestServer()
        let second = try await MemcachedTestServer()
        do {
            try await Self.spreadsKeys(over: first, second)
        } catch {
            await first.stop()
            await second.stop()
            throw error
        }
        await first.stop()
        await second.stop()
    }

    static func spreadsKeys(over first: MemcachedTestServer, _ second: MemcachedTestServer) async throws {
        let cache = Cache(.memcached("\(first.location);\(second.location)"))
        let keys = (0..<200).map { "key\($0)" }
        for key in keys { try await cache.set(key, key) }
        let found = try await cache.getMany(keys, as: String.self)
        #expect(found.count == 200 && found["key7"] == "key7")
        // Each server holds a share.
        for server in [first, second] {
            let alone = Cache(.memcached(server.location))
            let share = try await alone.getMany(keys, as: String.self).count
            #expect(share > 60 && share < 140, "\(share)")
        }
        try await cache.clear()
        #expect(try await cache.getMany(keys, as: String.self).isEmpty)
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        let cache = Cache(.memcached("unix:/nonexistent/memcached.sock"))
        let error = await #expect(throws: CacheError.self) { try await cache.set("k", 1) }
        #expect(
            error?.description.contains("could not connect to the memcached server at /nonexistent/memcached.sock")
                == true)
    }
}
