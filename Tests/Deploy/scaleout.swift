// The app Tests/Deploy/scaleout.sh runs three times behind nginx on one PostgreSQL database
// and one Redis server: which instance answered, what it believes about the client, a session
// counter (sessions in the database, read through Redis), writes, a page cached in Redis, and
// a server-sent event stream.
import Foundation
import Pony

let app = Pony()
let redis = Cache(.redis(ProcessInfo.processInfo.environment["SCALEOUT_REDIS_URL"] ?? "redis://127.0.0.1:6379/0"))
app.cache = redis
app.install(.sessions(SessionSettings(engine: .cachedDatabase(redis))), .contentTypes(), .auth())

@Model
struct Visit {
    @Field(maxLength: 40) var instance: String
}

let instance = ProcessInfo.processInfo.environment["SCALEOUT_INSTANCE"] ?? "?"

struct Whoami: Encodable {
    var instance: String
    var secure: Bool
    var client: String
    var count: Int
}

/// The instance, whether the request counts as HTTPS, the client's address, and how many
/// times this session has asked (one session across every instance).
app.get("/whoami/") { request in
    let count = (try request.session.value(Int.self, forKey: "count") ?? 0) + 1
    try request.session.setValue(count, forKey: "count")
    return Whoami(
        instance: instance, secure: request.isSecure, client: request.clientAddress ?? "-", count: count)
}

struct Visits: Encodable {
    var total: Int
    var here: Int
}

app.csrfExempt.post("/visits/") { _ in
    try await Visit(instance: instance).save()
    return Response.text("saved by \(instance)", status: .created)
}

app.get("/visits/") { _ in
    Visits(
        total: try await Visit.objects.count(),
        here: try await Visit.objects.filter(\.instance, .exact(instance)).count())
}

/// Two events a second apart: through a buffering proxy the first would arrive with the second.
app.get("/events/") { _ in
    Response.eventStream(
        AsyncStream { continuation in
            let task = Task {
                continuation.yield(ServerSentEvent(data: "first from \(instance)"))
                try? await Task.sleep(for: .seconds(1))
                continuation.yield(ServerSentEvent(data: "second"))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        })
}

/// A page the first instance asked renders, and every instance then answers from Redis.
app.cachePage(60).get("/report/") { _ in "report rendered by \(instance)" }

/// A request that takes a while, for the drain on SIGTERM.
app.get("/slow/") { _ in
    try await Task.sleep(for: .milliseconds(300))
    return "slow from \(instance)"
}

app.run()
