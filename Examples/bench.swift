#!/usr/bin/env pony
// The benchmark app (Benchmarks/run.sh): TechEmpower's plaintext, JSON (also through
// app.api, at /api/json) and fortunes tests,
// served with Pony's full default middleware (security headers, ALLOWED_HOSTS, access log).
import Pony

struct Message: Encodable, Sendable {
    let message: String
}

struct Fortune: Encodable {
    let id: Int
    let message: String
}

/// TechEmpower's fortunes table (in memory until the ORM arrives).
let fortunes = [
    Fortune(id: 1, message: "fortune: No such file or directory"),
    Fortune(id: 2, message: "A computer scientist is someone who fixes things that aren't broken."),
    Fortune(id: 3, message: "After enough decimal places, nobody gives a damn."),
    Fortune(id: 4, message: "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    Fortune(id: 5, message: "A computer program does what you tell it to do, not what you want it to do."),
    Fortune(id: 6, message: "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
    Fortune(id: 7, message: "Any program that runs right is obsolete."),
    Fortune(id: 8, message: "A list is only as strong as its weakest link. — Donald Knuth"),
    Fortune(id: 9, message: "Feature: A bug with seniority."),
    Fortune(id: 10, message: "Computers make very fast, very accurate mistakes."),
    Fortune(id: 11, message: "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
    Fortune(id: 12, message: "フレームワークのベンチマーク"),
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

app.get("/fortunes") { request in
    var rows = fortunes
    rows.append(Fortune(id: 0, message: "Additional fortune added at request time."))
    rows.sort { $0.message < $1.message }
    return try render(request, "fortunes.html", ["fortunes": rows])
}

app.run()
