#!/usr/bin/env pony
// The admin benchmark's app (Benchmarks/admin.sh): tasks and owners, registered with the
// admin as Benchmarks/DjangoAdmin/adminbench/admin.py registers them with Django's.
import Pony

let app = Pony()

@Model(ordering: ["name"])
struct Owner {
    @Field(maxLength: 100) var name: String
    var text: String { name }
}

@Model
struct Task {
    @Field(maxLength: 200) var name: String
    var owner: ForeignKey<Owner>
    var completed: Bool = false
    var createdAt: Date
    var text: String { name }
}

app.admin(Owner.self)
app.admin(Task.self) { admin in
    admin.listDisplay = ["name", "owner", "completed", "createdAt"]
    admin.listFilter = ["completed", "owner"]
    admin.searchFields = ["name"]
}

app.run()
