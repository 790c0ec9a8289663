import Foundation

/// One server of a Redis cache's `LOCATION`, read as redis-py's `from_url` reads it:
/// `redis://[[user]:[password]@]host[:port][/db]` or `unix://[[user]:[password]@]/path.sock`,
/// with the query options `db`, `socket_timeout` and `socket_connect_timeout` (seconds).
struct RedisServer: Sendable, Hashable, CustomStringConvertible {
    /// Where it is, and its timeouts (`socket_timeout`, `socket_connect_timeout`).
    var endpoint: CacheServerEndpoint
    var username: String?
    var password: String?
    var database = 0

    /// Where it is, without the credentials (for messages).
    var description: String { endpoint.description }

    /// The servers of a `LOCATION`: URLs separated by `;` or `,`, as Django splits them. The
    /// first takes the writes; reads go to one of the others at random, when there are others.
    static func servers(in location: String) throws(CacheError) -> (first: RedisServer, replicas: [RedisServer]) {
        let urls = location.split(whereSeparator: { $0 == ";" || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = urls.first else { throw CacheError.badLocation(location, "it names no server") }
        var replicas: [RedisServer] = []
        for url in urls.dropFirst() { replicas.append(try RedisServer(url)) }
        return (try RedisServer(first), replicas)
    }

    /// `url` with its password replaced by `***`, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    init(_ url: String) throws(CacheError) {
        func bad(_ reason: String) -> CacheError { .badLocation(Self.redacted(url), reason) }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw bad("it is not a URL such as redis://localhost:6379/0")
        }
        switch scheme {
        case "redis":
            guard let host = components.host, !host.isEmpty else { throw bad("it names no host") }
            let port = components.port ?? 6379
            guard (1...65_535).contains(port) else { throw bad("the port \(port) is out of range") }
            endpoint = CacheServerEndpoint(
                address: .tcp(host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: port))
            let path = components.path.drop { $0 == "/" }
            if !path.isEmpty {
                guard let number = Int(path), number >= 0 else { throw bad("the database \"\(path)\" is not a number") }
                database = number
            }
        case "unix":
            guard !components.path.isEmpty else { throw bad("it names no socket path") }
            endpoint = CacheServerEndpoint(address: .unix(path: components.path))
        case "rediss":
            throw bad("Pony's Redis client does not speak TLS: use redis:// on a private network or a local socket")
        default:
            throw bad("the scheme is \(scheme)://, not redis:// or unix://")
        }
        username = components.user.flatMap { $0.isEmpty ? nil : $0 }
        password = components.password
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "db":
                guard let number = Int(value), number >= 0 else { throw bad("db=\(value) is not a number") }
                database = number
            case "socket_timeout", "socket_connect_timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
                    throw bad("\(item.name)=\(value) is not a number of seconds from 0 to 86400")
                }
                if item.name == "socket_timeout" {
                    endpoint.timeout = seconds
                } else {
                    endpoint.connectTimeout = seconds
                }
            default:
                throw bad(
                    "Pony does not know the option \(item.name) (it knows db, socket_timeout, socket_connect_timeout)")
            }
        }
    }
}
