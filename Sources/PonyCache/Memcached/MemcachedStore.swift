import Foundation
internal import NIOCore
internal import PonySupport

/// Django's `PyMemcacheCache`: entries in one or more memcached servers, each key on the server
/// rendezvous hashing picks. Values are the cache's JSON, so an integer is stored as its
/// digits and `incr` is memcached's `incr` (`decr` for a negative delta, which stops at 0, as
/// memcached's does).
struct MemcachedStore: CacheStore {
    let servers: [PipelinedClient<MemcachedProtocol>]

    /// The store for a `LOCATION`, or one that throws what is wrong with it.
    static func make(_ location: String) -> any CacheStore {
        do {
            return MemcachedStore(servers: try endpoints(in: location).map { PipelinedClient($0) })
        } catch {
            return UnusableStore(error: error)
        }
    }

    /// The servers of a `LOCATION`, as Django and pymemcache read it: `host:port` (11211 when
    /// left out), `[::1]:11211` or `unix:/path/memcached.sock`, several separated by `;` or `,`.
    static func endpoints(in location: String) throws(CacheError) -> [CacheServerEndpoint] {
        let specs = location.split(whereSeparator: { $0 == ";" || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !specs.isEmpty else { throw CacheError.badLocation(location, "it names no server") }
        var endpoints: [CacheServerEndpoint] = []
        for spec in specs {
            func bad(_ reason: String) -> CacheError { .badLocation(spec, reason) }
            if spec.hasPrefix("unix:") {
                let path = String(spec.dropFirst("unix:".count))
                guard path.hasPrefix("/") else {
                    throw bad("a socket needs an absolute path: unix:/path/memcached.sock")
                }
                endpoints.append(CacheServerEndpoint(address: .unix(path: path)))
                continue
            }
            var host = Substring(spec)
            var port = 11_211
            if spec.hasPrefix("[") {
                guard let close = spec.firstIndex(of: "]") else { throw bad("the IPv6 address has no ]") }
                host = spec[spec.index(after: spec.startIndex)..<close]
                let rest = spec[spec.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()) else {
                        throw bad("the port is not a number")
                    }
                    port = number
                }
            } else if let colon = spec.lastIndex(of: ":") {
                host = spec[..<colon]
                guard let number = Int(spec[spec.index(after: colon)...]) else { throw bad("the port is not a number") }
                port = number
            }
            guard !host.isEmpty, !host.contains(":") || spec.hasPrefix("[") else { throw bad("it names no host") }
            guard (1...65_535).contains(port) else { throw bad("the port \(port) is out of range") }
            endpoints.append(CacheServerEndpoint(address: .tcp(host: String(host), port: port)))
        }
        return endpoints
    }

    /// Django's `memcache_key_warnings`, which its memcached backends raise as `InvalidCacheKey`.
    static func validate(_ key: String) throws(CacheError) {
        if key.utf8.count > 250 {
            throw CacheError.invalidKey(
                "Cache key will cause errors if used with memcached: \(pythonRepr(key)) (longer than 250)")
        }
        if key.utf8.contains(where: { $0 < 33 || $0 == 127 }) {
            throw CacheError.invalidKey(
                "Cache key contains characters that will cause errors if used with memcached: \(pythonRepr(key))")
        }
    }

    /// Django's `get_backend_timeout`: 0 for never; -1 (gone at once) for a timeout under a
    /// second; over 30 days, the Unix time (memcached's rule), at most 2038-01-19, the last
    /// time memcached's 32-bit field holds.
    static func exptime(_ expiry: Expiry, now: Double = Date().timeIntervalSince1970) -> Int {
        guard let seconds = expiry.seconds else { return 0 }
        guard seconds >= 1 else { return -1 }
        guard seconds > 2_592_000 else { return Int(seconds) }
        return Int(min(now + seconds, Double(Int32.max)).rounded(.down))
    }

    /// Which of ``servers`` `key` lives on: rendezvous hashing (FNV-1a over the server and the key, then
    /// MurmurHash3's finaliser, without which keys that differ in their last bytes would all go
    /// to one server), so every process picks the same one, and adding a server moves only its
    /// share of keys.
    func serverIndex(for key: String) -> Int {
        guard servers.count > 1 else { return 0 }
        var best = 0
        var bestScore: UInt64 = 0
        for (index, server) in servers.enumerated() {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in "\(server.endpoint)|\(key)".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            hash = (hash ^ (hash >> 33)) &* 0xff51_afd7_ed55_8ccd
            hash = (hash ^ (hash >> 33)) &* 0xc4ce_b9fe_1a85_ec53
            hash ^= hash >> 33
            if hash >= bestScore {
                bestScore = hash
                best = index
            }
        }
        return best
    }

    /// Sends one command to `key`'s server and returns its reply; an error reply throws.
    private func send(_ key: String, _ write: (inout ByteBuffer) -> Void) async throws -> MemcachedReply {
        try Self.validate(key)
        let server = servers[serverIndex(for: key)]
        var bytes = ByteBuffer()
        write(&bytes)
        let reply = try await server.send(bytes, count: 1).first
        if case .error(let message)? = reply { throw CacheError.memcached("\(server.endpoint): \(message)") }
        guard let reply else { throw CacheError.memcached("\(server.endpoint): no reply") }
        return reply
    }

    func get(_ key: String) async throws -> [UInt8]? {
        guard case .values(let values) = try await send(key, { MemcachedCommand.write("get", key, to: &$0) }) else {
            return nil
        }
        return values[key]
    }

    func getMany(_ keys: [String]) async throws -> [String: [UInt8]] {
        for key in keys { try Self.validate(key) }
        var found: [String: [UInt8]] = [:]
        for (index, keys) in Dictionary(grouping: keys, by: serverIndex(for:)) {
            var bytes = ByteBuffer()
            MemcachedCommand.write(["get"] + keys, to: &bytes)
            let reply = try await servers[index].send(bytes, count: 1).first
            if case .error(let message)? = reply {
                throw CacheError.memcached("\(servers[index].endpoint): \(message)")
            }
            if case .values(let values)? = reply { found.merge(values) { first, _ in first } }
        }
        return found
    }

    func set(_ key: String, _ value: [UInt8], expiry: Expiry) async throws {
        let exptime = Self.exptime(expiry)
        do {
            let reply = try await send(key) { MemcachedCommand.store("set", key, value, exptime: exptime, to: &$0) }
            // NB: as Django: a value memcached would not store must not leave the old one behind.
            if reply != .line("STORED") { _ = try await delete(key) }
        } catch CacheError.memcached(let message) where message.contains("SERVER_ERROR") {
            _ = try? await delete(key)
            throw CacheError.memcached(message)
        }
    }

    func add(_ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool {
        let exptime = Self.exptime(expiry)
        return try await send(key) { MemcachedCommand.store("add", key, value, exptime: exptime, to: &$0) }
            == .line("STORED")
    }

    func touch(_ key: String, expiry: Expiry) async throws -> Bool {
        let exptime = String(Self.exptime(expiry))
        return try await send(key) { MemcachedCommand.write("touch", key, exptime, to: &$0) } == .line("TOUCHED")
    }

    func incr(_ key: String, by delta: Int) async throws -> Int? {
        let verb = delta < 0 ? "decr" : "incr"
        let reply: MemcachedReply
        do {
            reply = try await send(key) { MemcachedCommand.write(verb, key, String(delta.magnitude), to: &$0) }
        } catch CacheError.memcached(let message) where message.contains("CLIENT_ERROR") {
            throw CacheError.notAnInteger(key)
        }
        guard case .line(let text) = reply, text != "NOT_FOUND" else { return nil }
        guard let sum = Int(text) else { throw CacheError.notAnInteger(key) }
        return sum
    }

    func delete(_ key: String) async throws -> Bool {
        try await send(key) { MemcachedCommand.write("delete", key, to: &$0) } == .line("DELETED")
    }

    func clear() async throws {
        for server in servers {
            var bytes = ByteBuffer()
            MemcachedCommand.write("flush_all", to: &bytes)
            if case .error(let message)? = try await server.send(bytes, count: 1).first {
                throw CacheError.memcached("\(server.endpoint): \(message)")
            }
        }
    }
}
