#!/usr/bin/env pony
// The seed's to-do app: owners and their tasks, as JSON.
//
//   pony run Examples/todo.swift
//   curl -X POST localhost:8000/owners/ -d name=Ann
//   curl -X POST localhost:8000/owners/1/tasks/ -d name="Buy milk"
//   curl localhost:8000/owners/1/tasks/
import Pony

let app = Pony()

@Model
struct Owner {
    @Field(maxLength: 100) var name: String
    @Field(maxLength: 64, unique: true) var token: String = UUID().uuidString

    var tasks = RelatedSet<Task>(\.owner)
}

@Model(ordering: ["createdAt"])
struct Task {
    @Field(maxLength: 256) var name: String
    var note: String?
    @Field(autoNowAdd: true) var createdAt: Date
    var due: Date?
    var completed: Bool = false
    var owner: ForeignKey<Owner>
}

// A JSON API for curl, not a form in a browser: exempt from CSRF checks, as Django's
// @csrf_exempt (browser forms send {% csrf_token %} instead).
let api = app.csrfExempt

api.post("/owners/") { request in
    guard let name = try request.form["name"], !name.isEmpty else { throw HTTPError.badRequest("name is required") }
    return try Response.json(try await Owner(name: name).save(), status: .created)
}

// An unknown owner is a 404: `get(pk:)` throws DoesNotExist, which views answer with 404.
// The tasks, models being Encodable, are the JSON reply.
app.get("/owners/<int:id>/tasks/") { request in
    let owner = try await Owner.objects.get(pk: try request.parameter("id", as: Int64.self))
    return try await owner.related(\.tasks).fetch()
}

api.post("/owners/<int:id>/tasks/") { request in
    let owner = try await Owner.objects.get(pk: try request.parameter("id", as: Int64.self))
    let name = try request.form["name"] ?? ""
    guard !name.isEmpty, name.count <= 256 else { throw HTTPError.badRequest("name must have 1 to 256 characters") }
    let task = try await Task(name: name, note: try request.form["note"], owner: owner).save()
    return try Response.json(task, status: .created)
}

app.run()
