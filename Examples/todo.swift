#!/usr/bin/env pony  // The seed's to-do app: owners and their tasks, as JSON.
//
//   pony run Examples/todo.swift
//   curl -X POST localhost:8000/owners/ -d name=Ann
//   curl -X POST localhost:8000/owners/1/tasks/ -d name="Buy milk"
//   curl localhost:8000/owners/1/tasks/
import Foundation
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

struct TaskJSON: Encodable {
    let id: Int64?
    let name: String
    let note: String?
    let completed: Bool

    init(_ task: Task) {
        id = task.id
        name = task.name
        note = task.note
        completed = task.completed
    }
}

app.post("/owners/") { request in
    guard let name = try request.form["name"], !name.isEmpty else {
        return try Response.json(["error": "name is required"], status: .badRequest)
    }
    let owner = try await Owner.objects.create(Owner(name: name))
    return try Response.json(["id": "\(owner.id!)", "name": owner.name], status: .created)
}

app.get("/owners/<int:id>/tasks/") { request in
    guard let owner = try await Owner.objects.filter("id", try request.parameter("id", as: Int64.self)).first() else {
        return try Response.json(["error": "no such owner"], status: .notFound)
    }
    return try Response.json(try await owner.related(\.tasks).fetch().map(TaskJSON.init))
}

app.post("/owners/<int:id>/tasks/") { request in
    guard let owner = try await Owner.objects.filter("id", try request.parameter("id", as: Int64.self)).first() else {
        return try Response.json(["error": "no such owner"], status: .notFound)
    }
    let name = try request.form["name"] ?? ""
    guard !name.isEmpty, name.count <= 256 else {
        return try Response.json(["error": "name must have 1 to 256 characters"], status: .badRequest)
    }
    let task = try await Task.objects.create(Task(name: name, note: try request.form["note"], owner: ForeignKey(owner)))
    return try Response.json(TaskJSON(task), status: .created)
}

app.run()
