#!/usr/bin/env pony
// The benchmark app (Benchmarks/run.sh): TechEmpower's plaintext, JSON and single-query
// ("db") tests (the last two also through app.api, at /api/json and /api/db) and fortunes,
// the last two through the ORM, served with Pony's full default middleware (security
// headers, ALLOWED_HOSTS, access log).
import Pony

struct Message: Encodable, Sendable {
    let message: String
}

/// TechEmpower's fortunes table, read through the ORM on every request.
@Model
struct Fortune {
    @Field(maxLength: 100) var message: String
}

/// TechEmpower's world table: 10,000 rows, one read at random by `/db`.
@Model
struct World {
    var randomNumber: Int
}

/// A fortune as the template shows it (the one added per request is not saved).
struct FortuneRow: Encodable {
    let id: Int64
    let message: String
}

/// TechEmpower's fortunes.
let seedFortunes = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    "フレームワークのベンチマーク",
]

let app = Pony()

app.templates["fortunes.html"] = """
    <!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>\
    {% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>{% endfor %}\
    </table></body></html>
    """

app.get("/plaintext") { _ in
    Response.text("Hello, World!")
}

app.get("/json") { _ in
    try Response.json(Message(message: "Hello, World!"))
}

// The same JSON test through the typed API: the returned value is the response.
app.api.get("/json") { _ in Message(message: "Hello, World!") }

// The tables are filled on the first start (the database is made beside this file).
app.onStartup {
    guard try await Fortune.objects.count() == 0 else { return }
    _ = try await Fortune.objects.bulkCreate(seedFortunes.map { Fortune(message: $0) })
    _ = try await World.objects.bulkCreate((1...10_000).map { _ in World(randomNumber: .random(in: 1...10_000)) })
}

app.get("/db") { _ in
    try await World.objects.get(pk: Int64.random(in: 1...10_000))
}

// The same read through the typed API: the model is the response, with its schema in /api/docs.
app.api.get("/db") { _ in
    try await World.objects.get(pk: Int64.random(in: 1...10_000))
}

app.get("/fortunes") { request in
    var rows = try await Fortune.objects.fetch().map { FortuneRow(id: $0.id ?? 0, message: $0.message) }
    rows.append(FortuneRow(id: 0, message: "Additional fortune added at request time."))
    rows.sort { $0.message < $1.message }
    return try render(request, "fortunes.html", ["fortunes": rows])
}

app.run()
