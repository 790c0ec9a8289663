// The app of Benchmarks/cache.sh: one cached value read per request from a local-memory cache,
// from Redis and from memcached, and a counter incremented in Redis, the same views as
// Benchmarks/DjangoCache/cachesite.py.
import Foundation
import Pony

let app = Pony()
let redis = ProcessInfo.processInfo.environment["CACHE_BENCH_REDIS"] ?? "redis://127.0.0.1:6379/15"
let shared = Cache(.redis(redis), keyPrefix: "bench")
let memory = Cache(.locMem(), keyPrefix: "bench")
let memcached = Cache(
    .memcached(ProcessInfo.processInfo.environment["CACHE_BENCH_MEMCACHED"] ?? "127.0.0.1:11211"), keyPrefix: "bench")
app.cache = shared
app.caches["memory"] = memory
let greeting = String(repeating: "Hello, cache! ", count: 8)

app.onStartup {
    try await shared.set("greeting", greeting, timeout: .never)
    try await memory.set("greeting", greeting, timeout: .never)
    try await memcached.set("greeting", greeting, timeout: .never)
    try await shared.add("hits", 0, timeout: .never)
}

app.get("/locmem") { _ in try await memory.get("greeting", as: String.self) ?? "missing" }
app.get("/redis") { _ in try await shared.get("greeting", as: String.self) ?? "missing" }
app.get("/memcached") { _ in try await memcached.get("greeting", as: String.self) ?? "missing" }
app.get("/incr") { _ in String(try await shared.incr("hits")) }

app.run()
