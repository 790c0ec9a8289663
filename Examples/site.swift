#!/usr/bin/env pony
// A small site: templates that extend a base, a loop with `empty`, a custom filter, a form,
// and CSS from static/.
//
//   pony run Examples/site.swift        → http://127.0.0.1:8000/
import Foundation
import Pony

struct StablePony: Encodable {
    let name: String
    let colour: String
    let born: Int
}

let stable = [
    StablePony(name: "Applejack", colour: "orange", born: 2010),
    StablePony(name: "Rarity", colour: "white", born: 2010),
    StablePony(name: "<script>alert('Discord')</script>", colour: "grey", born: 2011),
]

let app = Pony()

// {{ pony.born|age }} → "15 years"
app.filter("age") { value, _ in
    guard case .int(let year) = value else { return .string("") }
    let years = Calendar(identifier: .gregorian).component(.year, from: Date()) - year
    return .string("\(years) year\(years == 1 ? "" : "s")")
}

app.get("/", name: "home") { request in
    try render(request, "home.html", ["ponies": stable])
}

app.get("/empty/", name: "empty") { request in
    try render(request, "home.html", ["ponies": [StablePony]()])
}

app.route("/contact/", methods: [.get, .post], name: "contact") { request in
    let sent: String? = try request.method == .post ? request.form["message"] ?? "" : nil
    return try render(request, "contact.html", ["sent": sent])
}

app.run()
