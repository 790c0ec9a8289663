// The write benchmark's app (Benchmarks/writers.sh): POST /entries/ saves one row through
// the ORM, with Pony's default middleware; POST /entries/unsaved/ does the same without the
// INSERT; GET /entries/<id>/ reads one row.
import Pony

let app = Pony()
// wrk posts without a CSRF token, as an API client would: the write routes are exempt, as
// Django's @csrf_exempt views.
let api = app.csrfExempt

@Model
struct Entry {
    @Field(maxLength: 100) var name: String
    var number: Int
}

struct Created: Encodable {
    let id: Int64
}

func entry(_ request: Request) throws -> Entry {
    try Entry(name: request.form["name"] ?? "", number: Int(request.form["number"] ?? "") ?? 0)
}

api.post("/entries/") { request in
    let entry = try await Entry.objects.create(entry(request))
    return try Response.json(Created(id: entry.id!), status: .created)
}

struct Shown: Encodable, Sendable {
    let id: Int64
    let name: String
    let number: Int
}

// One row by primary key, as JSON (the read half of Benchmarks/writers.sh).
app.get("/entries/<int:id>/") { request in
    let entry = try await Entry.objects.get("pk", try request.parameter("id") as Int)
    return try Response.json(Shown(id: entry.id!, name: entry.name, number: entry.number))
}

// The same read through the typed API (`GET /api/entries/<id>`): the returned value is the response.
app.api.get("/entries/{int:id}") { request in
    let entry = try await Entry.objects.get("pk", try request.parameter("id") as Int)
    return Shown(id: entry.id ?? 0, name: entry.name, number: entry.number)
}

// The same request without the INSERT: the HTTP side's ceiling.
api.post("/entries/unsaved/") { request in
    try Response.json(Created(id: Int64(entry(request).number)), status: .created)
}

app.run()
