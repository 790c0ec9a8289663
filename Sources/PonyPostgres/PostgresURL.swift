internal import Foundation
internal import NIOSSL
internal import PonyORM
internal import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…` URL read as libpq reads it.
///
/// Understood query parameters: `sslmode` (`disable`, `prefer` — the default —, `require`),
/// `host` (a Unix socket directory, for `postgres:///db?host=/var/run/postgresql`),
/// `application_name`, `options` (`-c name=value` settings for every connection), and Pony's
/// own `pool_size` (connections per process).
struct PostgresURL {
    let user: String
    let password: String?
    let database: String
    /// A host name or address, or the path of a Unix socket.
    let endpoint: Endpoint
    let sslMode: String
    /// Server settings for every connection (`TimeZone=UTC` first).
    var settings: [(String, String)]
    let poolSize: Int?

    enum Endpoint {
        case host(String, port: Int)
        case socket(String)
    }

    init(_ text: String) throws(DatabaseError) {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw DatabaseError(
                "\(Self.redacted(text)) is not a PostgreSQL URL: write postgres://user:password@host:5432/database.")
        }
        var parameters: [String: String] = [:]
        for item in url.queryItems ?? [] {
            guard Self.parameters.contains(item.name) else {
                throw DatabaseError(
                    "\(Self.redacted(text)): unknown parameter '\(item.name)'. Known ones: "
                        + Self.parameters.sorted().joined(separator: ", ") + ".")
            }
            parameters[item.name] = item.value ?? ""
        }
        if let size = parameters["pool_size"] {
            guard let number = Int(size), number > 0 else {
                throw DatabaseError("pool_size=\(size) is not a positive number of connections.")
            }
            poolSize = number
        } else {
            poolSize = nil
        }
        user =
            url.user.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = url.password.flatMap { $0.removingPercentEncoding }
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        let port = url.port ?? 5432
        if let directory = parameters["host"], directory.hasPrefix("/") {
            endpoint = .socket("\(directory)/.s.PGSQL.\(port)")
        } else {
            let host = url.host.flatMap { $0.removingPercentEncoding } ?? ""
            endpoint = .host(host.isEmpty ? "localhost" : host, port: port)
        }
        sslMode = parameters["sslmode"] ?? "prefer"
        guard Self.sslModes.contains(sslMode) else {
            throw DatabaseError(
                "sslmode=\(sslMode) is not one of \(Self.sslModes.joined(separator: ", ")).")
        }
        // NB: Pony writes and reads aware datetimes as UTC, as Django does with USE_TZ.
        var settings = [("TimeZone", "UTC")]
        if let name = parameters["application_name"] { settings.append(("application_name", name)) }
        settings += try Self.settings(fromOptions: parameters["options"] ?? "")
        self.settings = settings
    }

    private static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// TLS as libpq's `sslmode` asks: `prefer` and `require` encrypt without checking the
    /// certificate, `verify-ca` checks it against the system's roots, `verify-full` the host
    /// name too.
    private var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification =
            switch sslMode {
            case "verify-full": .fullVerification
            case "verify-ca": .noHostnameVerification
            default: .none
            }
        return configuration
    }

    /// The pool's configuration.
    var clientConfiguration: PostgresClient.Configuration {
        get throws {
            var configuration: PostgresClient.Configuration
            switch endpoint {
            case .socket(let path):
                configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
            case .host(let host, let port):
                let tls: PostgresClient.Configuration.TLS =
                    switch sslMode {
                    case "disable", "allow": .disable
                    case "prefer": .prefer(tlsConfiguration)
                    default: .require(tlsConfiguration)
                    }
                configuration = .init(
                    host: host, port: port, username: user, password: password, database: database, tls: tls)
            }
            configuration.options.additionalStartupParameters = settings
            return configuration
        }
    }

    /// One connection's configuration (for the first connection, which reports why it failed).
    var connectionConfiguration: PostgresConnection.Configuration {
        get throws {
            var configuration: PostgresConnection.Configuration
            switch endpoint {
            case .socket(let path):
                configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
            case .host(let host, let port):
                let tls: PostgresConnection.Configuration.TLS =
                    switch sslMode {
                    case "disable", "allow": .disable
                    case "prefer": .prefer(try NIOSSLContext(configuration: tlsConfiguration))
                    default: .require(try NIOSSLContext(configuration: tlsConfiguration))
                    }
                configuration = .init(
                    host: host, port: port, username: user, password: password, database: database, tls: tls)
            }
            configuration.options.additionalStartupParameters = settings
            return configuration
        }
    }

    private static let parameters: Set = ["sslmode", "host", "application_name", "options", "pool_size"]

    /// `-c search_path=app -c statement_timeout=5000` (or `--search_path=app`) as settings.
    private static func settings(fromOptions options: String) throws(DatabaseError) -> [(String, String)] {
        var settings: [(String, String)] = []
        var words = options.split(separator: " ").map(String.init)[...]
        while let word = words.popFirst() {
            var setting = word
            if word == "-c", let next = words.popFirst() {
                setting = next
            } else if word.hasPrefix("--") {
                setting = String(word.dropFirst(2))
            } else if word.hasPrefix("-c") {
                setting = String(word.dropFirst(2))
            } else {
                throw DatabaseError("options=\(options): write each setting as -c name=value.")
            }
            guard let equals = setting.firstIndex(of: "=") else {
                throw DatabaseError("options=\(options): '\(setting)' has no '=value'.")
            }
            settings.append((String(setting[..<equals]), String(setting[setting.index(after: equals)...])))
        }
        return settings
    }

    /// The URL with its password hidden, for messages.
    /// The URL as it may be printed: the password replaced by `********`.
    ///
    /// NB: a URL that does not parse may still hold a password (`postgres://u:p w@h/db`): the
    /// credentials are then cut by hand after the last `@`, and without one the part after the
    /// scheme is not shown at all.
    static func redacted(_ text: String) -> String {
        if var url = URLComponents(string: text) {
            guard url.password != nil else { return text }
            url.password = "********"
            if let redacted = url.string { return redacted }
        }
        guard let schemeEnd = text.range(of: "://") else { return "the DATABASE_URL (not shown)" }
        let rest = text[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@") else {
            return text[..<schemeEnd.upperBound] + "… (not shown: it may hold a password)"
        }
        let user = rest[..<at].prefix { $0 != ":" }
        return text[..<schemeEnd.upperBound] + user + ":********" + rest[at...]
    }
}
