import Foundation
import Pony
import PonySQLite
import PonyTesting
import Testing

@Model(ordering: ["id"])
struct Gadget {
    @Field(maxLength: 40) var name: String
    var price: Double?
    var active: Bool = true
}

@Model(ordering: ["id"])
struct Chore {
    @Field(maxLength: 20, unique: true) var title: String
    var done: Bool = false
    var due: Date?
    @Field(maxLength: 1, choices: [(.text("S"), "small"), (.text("L"), "large")]) var size: String = "S"
    @Field(autoNowAdd: true) var created: Date
    var gadget: ForeignKey<Gadget>?
}

/// Runs `body` with an in-memory database holding gadgets "lamp" (1) and "fan" (2), and no chores.
func withGadgets(_ body: @Sendable () async throws -> Void) async throws {
    let database = try await SQLiteDatabase.open(.memory)
    let models: [any Model.Type] = [Gadget.self, Chore.self]
    let operations = try Autodetector(
        from: ProjectState(), to: models.map { ModelState($0.schemaInfo) }, questioner: NonInteractiveQuestioner()
    ).changes()
    let migration = Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
    try await MigrationExecutor(database: database, app: "api", migrations: [migration]).migrate()
    try await ORM.using(database, models: models) {
        _ = try await Gadget(name: "lamp", price: 12.5).save()
        _ = try await Gadget(name: "fan").save()
        try await body()
    }
    try await database.close()
}

extension TestClient {
    /// Sends `body` as `application/json` (or `type`).
    func send(_ method: HTTPMethod, _ path: String, json body: String, type: String = "application/json") async
        -> TestResponse
    {
        await request(method, path, body: Array(body.utf8), headers: ["Content-Type": type])
    }
}
