// The write benchmark's app (Benchmarks/writers.sh): POST /entries/ saves one row through
// the ORM, with Pony's default middleware.
import Pony

let app = Pony()

@Model
struct Entry {
    @Field(maxLength: 100) var name: String
    var number: Int
}

struct Created: Encodable {
    let id: Int64
}

app.post("/entries/") { request in
    let entry = try await Entry.objects.create(
        Entry(name: request.form["name"] ?? "", number: Int(request.form["number"] ?? "") ?? 0))
    return try Response.json(Created(id: entry.id!), status: .created)
}

app.run()
