// The reliability benchmark's app (Benchmarks/hardening.sh): a plaintext route, a route that
// runs one slow SQLite read (a recursive count, as slow as a user-chosen regex over a big
// table), and POST /entries/ that saves one row and answers 201 with its id.
import Pony

let app = Pony()
// Slowloris clients are dropped after this long (the default is 30 s).
app.settings.requestTimeout = 10

@Model
struct Entry {
    @Field(maxLength: 100) var name: String
    var number: Int
}

struct Created: Encodable {
    let id: Int64
}

app.get("/plaintext") { _ in Response.text("Hello, World!") }

// GET /slow/?n=N counts to N in SQL: about 5 s for the N the script calibrates.
app.get("/slow/") { request in
    let count = Int(request.query["n"] ?? "") ?? 1_000_000
    guard let database = ORM.database else { throw HTTPError(.internalServerError, "No database.") }
    let sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) AS n FROM c"
    let rows = try await database.query(sql, [.integer(Int64(count))])
    return Response.text("\(rows.first?["n"].map { "\($0)" } ?? "-")")
}

// wrk posts without a CSRF token, as an API client would (Django's @csrf_exempt).
app.csrfExempt.post("/entries/") { request in
    let entry = try await Entry.objects.create(
        Entry(name: try request.form["name"] ?? "", number: Int(try request.form["number"] ?? "") ?? 0))
    return try Response.json(Created(id: entry.id ?? 0), status: .created)
}

app.run()
