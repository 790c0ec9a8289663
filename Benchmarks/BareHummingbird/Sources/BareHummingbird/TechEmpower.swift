import Hummingbird
import Mustache
import SQLiteNIO

/// TechEmpower's single-query (`/db`) and fortunes tests on the tables Examples/bench.swift
/// makes (`bench_world`, `bench_fortune`), read with raw SQL through a round-robin pool of
/// sqlite-nio connections, as an app without an ORM reads them.
func addTechEmpowerRoutes(
    to router: Router<BasicRequestContext>, database path: String, connections: Int, template: MustacheTemplate
) async throws {
    let pool = try await openPool(path, connections: connections, busyTimeout: 5000)
    let next = Counter()
    router.get("db") { _, _ -> Response in
        let id = Int.random(in: 1...10_000)
        let connection = pool[next.increment() % pool.count]
        let rows = try await connection.query("SELECT id, random_number FROM bench_world WHERE id = ?", [.integer(id)])
        guard let row = rows.first else { return Response(status: .notFound) }
        return json("{\"id\":\(id),\"randomNumber\":\(row.column("random_number")?.integer ?? 0)}")
    }
    router.get("fortunes") { _, _ -> HTML in
        let connection = pool[next.increment() % pool.count]
        var rows = try await connection.query("SELECT id, message FROM bench_fortune", []).map { row in
            Fortune(id: row.column("id")?.integer ?? 0, message: row.column("message")?.string ?? "")
        }
        rows.append(Fortune(id: 0, message: "Additional fortune added at request time."))
        rows.sort { $0.message < $1.message }
        return HTML(template.render(["fortunes": rows]))
    }
}
