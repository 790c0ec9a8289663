import Foundation

/// Django's `RedisCache`: entries in a Redis server, with Redis's own expiry. Values are the
/// cache's JSON, so an integer is stored as its digits and `incr` is Redis's `INCRBY`.
struct RedisStore: CacheStore {
    /// The server that takes the writes (the location's first).
    let writer: RedisClient
    /// The servers reads go to: the others, or the writer when it is alone.
    let readers: [RedisClient]

    /// A store on `first`, reading from `replicas` when there are some.
    init(first: RedisServer, replicas: [RedisServer]) {
        writer = RedisClient(first)
        readers = replicas.isEmpty ? [writer] : replicas.map(RedisClient.init)
    }

    /// The store for a `LOCATION`, or one that throws what is wrong with it.
    static func make(_ location: String) -> any CacheStore {
        do {
            let (first, replicas) = try RedisServer.servers(in: location)
            return RedisStore(first: first, replicas: replicas)
        } catch {
            return UnusableStore(error: error)
        }
    }

    private var reader: RedisClient { readers.randomElement() ?? writer }

    /// The whole seconds Redis keeps an entry (Django's `max(0, int(timeout))`), `nil` for
    /// never; at most 100 years, which Redis's `EX` takes on every platform.
    static func seconds(_ expiry: Expiry) -> Int? {
        guard let seconds = expiry.seconds else { return nil }
        return seconds >= 3_155_760_000 ? 3_155_760_000 : Int(max(0, seconds))
    }

    func get(_ key: String) async throws -> [UInt8]? {
        guard case .bulk(let value) = try await reader.send(RESPCommand("GET", key)) else { return nil }
        return value
    }

    func getMany(_ keys: [String]) async throws -> [String: [UInt8]] {
        guard !keys.isEmpty else { return [:] }
        guard case .array(let values?) = try await reader.send(RESPCommand("MGET", keys.map { Array($0.utf8) })) else {
            return [:]
        }
        var found: [String: [UInt8]] = [:]
        for (key, value) in zip(keys, values) {
            if case .bulk(let bytes?) = value { found[key] = bytes }
        }
        return found
    }

    func set(_ key: String, _ value: [UInt8], expiry: Expiry) async throws {
        let seconds = Self.seconds(expiry)
        if seconds == 0 {
            _ = try await writer.send(RESPCommand("DEL", key))
        } else {
            _ = try await writer.send(Self.set(key, value, seconds: seconds))
        }
    }

    func setMany(_ values: [(key: String, value: [UInt8])], expiry: Expiry) async throws {
        guard !values.isEmpty else { return }
        let seconds = Self.seconds(expiry)
        var commands = [RESPCommand("MULTI"), RESPCommand("MSET", values.flatMap { [Array($0.key.utf8), $0.value] })]
        if let seconds { commands += values.map { RESPCommand("EXPIRE", $0.key, String(seconds)) } }
        _ = try await writer.send(commands + [RESPCommand("EXEC")])
    }

    func add(_ key: String, _ value: [UInt8], expiry: Expiry) async throws -> Bool {
        let seconds = Self.seconds(expiry)
        // NB: as Django: with a timeout of 0 the entry is added and deleted at once.
        let added = try await writer.send(Self.set(key, value, seconds: seconds == 0 ? nil : seconds, onlyNew: true))
        guard case .simple = added else { return false }
        if seconds == 0 { _ = try await writer.send(RESPCommand("DEL", key)) }
        return true
    }

    func touch(_ key: String, expiry: Expiry) async throws -> Bool {
        guard let seconds = Self.seconds(expiry) else {
            // NB: PERSIST answers 0 for a key that has no timeout already; EXISTS tells.
            let replies = try await writer.send([RESPCommand("PERSIST", key), RESPCommand("EXISTS", key)])
            return replies.last == .integer(1)
        }
        return try await writer.send(RESPCommand("EXPIRE", key, String(seconds))) == .integer(1)
    }

    /// `INCRBY` when the key exists (Django checks with `EXISTS` first; one script does both
    /// at once, so an entry that expires in between is not made again without a timeout).
    static let incrScript =
        "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end return false"

    func incr(_ key: String, by delta: Int) async throws -> Int? {
        let reply: RESPValue
        do {
            reply = try await writer.send(RESPCommand("EVAL", Self.incrScript, "1", key, String(delta)))
        } catch CacheError.redis(let message) where message.contains("not an integer") || message.contains("overflow") {
            throw CacheError.notAnInteger(key)
        }
        guard case .integer(let sum) = reply else { return nil }
        return sum
    }

    func delete(_ key: String) async throws -> Bool {
        try await writer.send(RESPCommand("DEL", key)) == .integer(1)
    }

    func deleteMany(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        _ = try await writer.send(RESPCommand("DEL", keys.map { Array($0.utf8) }))
    }

    func clear() async throws {
        _ = try await writer.send(RESPCommand("FLUSHDB"))
    }

    private static func set(_ key: String, _ value: [UInt8], seconds: Int?, onlyNew: Bool = false) -> RESPCommand {
        var arguments = [Array(key.utf8), value]
        if let seconds { arguments += [Array("EX".utf8), Array(String(seconds).utf8)] }
        if onlyNew { arguments.append(Array("NX".utf8)) }
        return RESPCommand("SET", arguments)
    }
}
