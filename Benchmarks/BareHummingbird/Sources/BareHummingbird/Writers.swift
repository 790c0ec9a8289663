import Foundation
import Hummingbird
import Logging
import SQLiteNIO
import Synchronization

/// POST /entries/ (form fields `name`, `number`): one INSERT through a round-robin pool of
/// sqlite-nio connections, as an app without an ORM writes it — WAL journal,
/// `synchronous=NORMAL` and a busy timeout (5 s, as Pony sets it; 0 is SQLite's default) on
/// every connection.
func addWriterRoute(
    to router: Router<BasicRequestContext>, database path: String, connections: Int, busyTimeout: Int
) async throws {
    let pool = try await openPool(path, connections: connections, busyTimeout: busyTimeout)
    _ = try await pool[0].query(
        "CREATE TABLE IF NOT EXISTS entry (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, name varchar(100) NOT NULL, number integer NOT NULL)",
        [])
    let connectionPool = pool
    let next = Counter()
    router.post("entries") { request, _ -> Response in
        let fields = try await form(request)
        let connection = connectionPool[next.increment() % connectionPool.count]
        let rows = try await connection.query(
            "INSERT INTO entry (name, number) VALUES (?, ?) RETURNING id",
            [.text(fields["name"] ?? ""), .integer(Int(fields["number"] ?? "") ?? 0)])
        return created(id: rows.first?.column("id")?.integer ?? 0)
    }
    // GET /entries/<id>: one row by primary key, as JSON.
    router.get("entries/:id") { _, context -> Response in
        let id = context.parameters.get("id", as: Int.self) ?? 0
        let connection = connectionPool[next.increment() % connectionPool.count]
        let rows = try await connection.query("SELECT id, name, number FROM entry WHERE id = ?", [.integer(id)])
        guard let row = rows.first else { return Response(status: .notFound) }
        let name = row.column("name")?.string ?? ""
        let number = row.column("number")?.integer ?? 0
        return json("{\"id\":\(id),\"name\":\"\(name)\",\"number\":\(number)}")
    }
    // The same request without the INSERT: the HTTP side's ceiling.
    router.post("entries/unsaved") { request, _ -> Response in
        created(id: Int(try await form(request)["number"] ?? "") ?? 0)
    }
}

private func form(_ request: Request) async throws -> [String: String] {
    let body = try await request.body.collect(upTo: 1 << 16)
    var fields: [String: String] = [:]
    for pair in String(buffer: body).split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        if parts.count == 2 { fields[parts[0]] = parts[1].removingPercentEncoding ?? parts[1] }
    }
    return fields
}

private func created(id: Int) -> Response {
    json("{\"id\":\(id)}", status: .created)
}

/// `text` as a JSON response. (The benchmark's names need no escaping.)
func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
}

/// A counter shared by the request handlers.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// `connections` sqlite-nio connections to `path` in WAL mode with `synchronous=NORMAL` and a
/// busy timeout, as Pony opens its own.
func openPool(_ path: String, connections: Int, busyTimeout: Int) async throws -> [SQLiteConnection] {
    var pool: [SQLiteConnection] = []
    for _ in 0..<max(1, connections) {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: Logger(label: "bare"))
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=\(busyTimeout)"] {
            _ = try await connection.query(pragma, [])
        }
        pool.append(connection)
    }
    return pool
}
