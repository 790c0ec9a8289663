#!/usr/bin/env pony
// The seed's to-do app: owners and their tasks, as a JSON API (docs at /api/docs).
//
//   pony run Examples/todo.swift
//   curl localhost:8000/api/owners --json '{"name": "Ann"}'
//   curl localhost:8000/api/owners/1/tasks --json '{"name": "Buy milk"}'
//   curl localhost:8000/api/owners/1/tasks
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

// What a request may send: the same limits as the models, checked before a handler runs
// (a 422 names every field that fails).
struct OwnerIn: Decodable, Sendable, Constrained {
    var name: String
    static let constraints: [String: Constraint] = ["name": .length(1...100)]
}

struct TaskIn: Decodable, Sendable, Constrained {
    var name: String
    var note: String?
    var due: Date?
    static let constraints: [String: Constraint] = ["name": .length(1...256)]
}

app.api.post("/owners", body: OwnerIn.self, status: .created) { _, owner in
    try await Owner(name: owner.name).save()
}

// An unknown owner is a 404: `get(pk:)` throws DoesNotExist. The tasks are the JSON reply.
app.api.get("/owners/{int:id}/tasks") { request in
    let owner = try await Owner.objects.get(pk: try request.parameter("id", as: Int64.self))
    return try await owner.related(\.tasks).fetch()
}

app.api.post("/owners/{int:id}/tasks", body: TaskIn.self, status: .created) { request, task in
    let owner = try await Owner.objects.get(pk: try request.parameter("id", as: Int64.self))
    return try await Task(name: task.name, note: task.note, due: task.due, owner: owner).save()
}

app.run()
