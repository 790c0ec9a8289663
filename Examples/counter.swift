#!/usr/bin/env pony
// nanodjango's counter: a model, a page that counts its visits, the admin, and a JSON endpoint.
//
//   pony run Examples/counter.swift      → http://127.0.0.1:8000/ and http://127.0.0.1:8000/admin/
//
// The first run creates the database, migrates it and offers to make a superuser (or pass
// `--user NAME --pass PASSWORD`); log in to the admin with it.
import Pony

let app = Pony()

@Model(ordering: ["-timestamp"])
struct CountLog {
    @Field(autoNowAdd: true) var timestamp: Date = Date()
    @Field(maxLength: 200, blank: true) var path: String = ""

    var text: String { "Visit to \(path.isEmpty ? "/" : path)" }
}

app.admin(CountLog.self) { admin in
    admin.listDisplay = ["id", "timestamp", "path"]
    admin.listFilter = ["timestamp"]
    admin.searchFields = ["path"]
    admin.readonlyFields = ["timestamp"]
}

app.route("/", name: "count") { request in
    try await CountLog(path: request.path).save()
    return HTML("<p>Number of page loads: \(try await CountLog.objects.count())</p><p><a href=\"/admin/\">Admin</a></p>")
}

struct Count: Encodable {
    var count: Int
}

app.get("/add") { request in
    try await CountLog(path: request.path).save()
    return Count(count: try await CountLog.objects.count())
}

app.run()
