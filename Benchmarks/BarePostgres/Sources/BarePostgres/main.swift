// Bare Hummingbird + postgres-nio: POST /entries/ (form fields `name`, `number`) inserts one
// row of `writers_entry` and answers its id; GET /entries/<id>/ answers one row as JSON — what
// Benchmarks/writers.swift does through Pony, written as an app without a framework would.
//
//   BarePostgres HOST PORT POSTGRES_URL [CONNECTIONS]
import Foundation
import Hummingbird
import Logging
import PostgresNIO

let arguments = CommandLine.arguments
guard arguments.count >= 4, let port = Int(arguments[2]), let url = URL(string: arguments[3]),
    let host = url.host, let user = url.user
else {
    print("usage: BarePostgres HOST PORT postgres://user:password@host:port/database [CONNECTIONS]")
    exit(2)
}
var configuration = PostgresClient.Configuration(
    host: host, port: url.port ?? 5432, username: user, password: url.password,
    database: String(url.path.dropFirst()), tls: .disable)
configuration.options.maximumConnections = arguments.count > 4 ? Int(arguments[4]) ?? 10 : 10
let client = PostgresClient(configuration: configuration, backgroundLogger: Logger(label: "postgres"))

let router = Router()
router.post("entries") { request, _ -> Response in
    let fields = try await form(request)
    let name = fields["name"] ?? ""
    let number = Int(fields["number"] ?? "") ?? 0
    let rows = try await client.query(
        "INSERT INTO writers_entry (name, number) VALUES (\(name), \(number)) RETURNING id")
    var id = 0
    for try await (value) in rows.decode(Int.self) { id = value }
    return json("{\"id\":\(id)}", status: .created)
}
router.get("entries/:id") { _, context -> Response in
    let id = context.parameters.get("id", as: Int.self) ?? 0
    let rows = try await client.query("SELECT id, name, number FROM writers_entry WHERE id = \(id)")
    for try await (id, name, number) in rows.decode((Int, String, Int).self) {
        return json("{\"id\":\(id),\"name\":\"\(name)\",\"number\":\(number)}")
    }
    return Response(status: .notFound)
}

let app = Application(router: router, configuration: .init(address: .hostname(arguments[1], port: port)))
try await withThrowingDiscardingTaskGroup { group in
    group.addTask { await client.run() }
    try await app.runService()
    group.cancelAll()
}
