#!/usr/bin/env pony
// nanodjango's to-do API in Pony: users own lists of todos, and every request carries a token
// (or the admin's session). Interactive docs at /api/docs, the schema at /api/openapi.json.
//
//   pony run Examples/todo_api.swift --user ann --pass 'a long pass phrase'
//   pony manage Examples/todo_api.swift createtoken ann      # Generated token 1f… for user ann
//   curl localhost:8000/api/lists -H 'Authorization: Bearer 1f…' --json '{"name": "Home"}'
//   curl localhost:8000/api/lists/1/todos -H 'Authorization: Bearer 1f…' --json '{"title": "Buy milk"}'
import Pony

let app = Pony()
app.install(.sessions(), .contentTypes(), .auth(), .authToken())
app.api = API(title: "Todo API", version: "1.0.0", auth: [TokenAuth(), SessionAuth()])

@Model(ordering: ["id"])
struct TodoList {
    @Field(maxLength: 100) var name: String
    var owner: ForeignKey<User>
    @Field(autoNowAdd: true) var created: Date

    var todos = RelatedSet<Todo>(\.list)
}

@Model(ordering: ["id"])
struct Todo {
    @Field(maxLength: 200) var title: String
    var done: Bool = false
    var due: CalendarDate?
    var list: ForeignKey<TodoList>
}

app.admin(TodoList.self) { $0.listDisplay = ["name", "owner", "created"] }
app.admin(Todo.self) { $0.listDisplay = ["title", "done", "due", "list"] }

/// A list as the API shows it: not its owner, who is always the caller (ninja's ModelSchema).
struct ListOut: ModelSchema {
    static let exclude = ["owner"]
    var row: TodoList
}

/// The 409 for a second list of the same name: which list has it.
struct ListClash: Codable, Sendable {
    var detail: String
    var existing: Int64
}

struct ListIn: Decodable, Sendable, Constrained {
    var name: String
    static let constraints: [String: Constraint] = ["name": .length(1...100)]
}

struct TodoIn: Decodable, Sendable, Constrained {
    var title: String
    var due: CalendarDate?
    var done: Bool?
    static let constraints: [String: Constraint] = ["title": .length(1...200)]
}

struct TodoChange: Decodable, Sendable, Constrained {
    var title: String?
    var due: CalendarDate?
    var done: Bool?
    static let constraints: [String: Constraint] = ["title": .length(1...200)]
}

/// The signed-in user's id: lists and todos of other users are 404s, as if they did not exist.
func ownerID(_ request: Request) throws -> Int64 { Int64(try request.auth(as: User.self).id ?? 0) }

func myList(_ request: Request) async throws -> TodoList {
    try await TodoList.objects.filter("owner", try ownerID(request)).get(pk: try request.parameter("id", as: Int64.self))
}

func myTodo(_ request: Request) async throws -> Todo {
    try await Todo.objects.filter("list__owner", try ownerID(request)).get(pk: try request.parameter("id", as: Int64.self))
}

let lists = app.api.router("/lists", tags: ["lists"])
lists.get("") { request in try await TodoList.objects.filter("owner", try ownerID(request)).fetch().map(ListOut.init) }
lists.post("", body: ListIn.self, status: .created, responses: [.created: ListOut.self, .conflict: ListClash.self]) {
    request, list in
    let mine = TodoList.objects.filter("owner", try ownerID(request))
    if let existing = try await mine.filter("name", list.name).first() {
        return Reply(.conflict, ListClash(detail: "You already have a list named \(list.name).", existing: existing.id ?? 0))
    }
    let made = try await TodoList(name: list.name, owner: ForeignKey(id: try ownerID(request))).save()
    return Reply(ListOut(row: made), headers: ["Location": "/api/lists/\(made.id ?? 0)"])
}
lists.get("/{int:id}") { request in ListOut(row: try await myList(request)) }
lists.delete("/{int:id}") { request in
    try await myList(request).delete()
    return NoContent()
}
lists.get("/{int:id}/todos") { request in try await myList(request).related(\.todos).fetch() }
lists.post("/{int:id}/todos", body: TodoIn.self, status: .created) { request, todo in
    try await Todo(title: todo.title, done: todo.done ?? false, due: todo.due, list: try await myList(request)).save()
}

let todos = app.api.router("/todos", tags: ["todos"])
todos.patch("/{int:id}", body: TodoChange.self) { request, change in
    var todo = try await myTodo(request)
    if let title = change.title { todo.title = title }
    if let due = change.due { todo.due = due }
    if let done = change.done { todo.done = done }
    try await todo.save()
    return todo
}
todos.delete("/{int:id}") { request in
    try await myTodo(request).delete()
    return NoContent()
}

app.run()
