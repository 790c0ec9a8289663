#!/usr/bin/env pony
// A first Pony app: routes, a JSON response, a path converter and a redirect.
//
//   pony run Examples/hello.swift        → http://127.0.0.1:8000/
import Pony

let app = Pony()

app.route("/", name: "index") { request in
    """
    <h1>Hello from Pony</h1>
    <ul>
      <li><a href="\(try request.reverse("greet", ["name": "world"]))">Greet the world</a></li>
      <li><a href="/api/status">A JSON response</a></li>
      <li><a href="/old-home">A redirect</a></li>
    </ul>
    """
}

app.get("/hello/<str:name>/", name: "greet") { request in
    let name: String = try request.parameter("name")
    return HTML("<p>Hello, \(name)!</p>")  // interpolated values are escaped
}

app.get("/squares/<int:n>/", name: "square") { request in
    let n: Int = try request.parameter("n")
    return ["n": n, "square": n * n]  // Encodable values are sent as JSON
}

struct Status: Codable {
    var app: String
    var ok: Bool
}

app.get("/api/status") { _ in
    Status(app: "hello", ok: true)
}

app.get("/old-home") { _ in
    Response.redirect(to: "/", permanent: true)
}

app.run()
