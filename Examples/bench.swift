#!/usr/bin/env pony
// The benchmark app (Benchmarks/run.sh): TechEmpower's plaintext and JSON tests, served with
// Pony's full default middleware (security headers, ALLOWED_HOSTS, access log).
import Pony

struct Message: Encodable {
    let message: String
}

let app = Pony()

app.get("/plaintext") { _ in
    Response.text("Hello, World!")
}

app.get("/json") { _ in
    try Response.json(Message(message: "Hello, World!"))
}

app.run()
