// Pony's ORM against raw sqlite-nio on the same SQLite file, alternating rounds, for
// Benchmarks/orm.sh. Prints the median time per operation of each and their ratio.
//
//   ORMBench [ROUNDS]
import Foundation
import Logging
import NIOCore
import PonyORM
import PonySQLite
import SQLiteNIO

@Model(appLabel: "bench")
struct Item {
    @Field(maxLength: 100) var name: String
    var score: Int
    var done: Bool = false
}

/// What the raw driver decodes a row into: the same fields as ``Item``.
struct RawItem {
    var id: Int64
    var name: String
    var score: Int
    var done: Bool

    init(_ row: SQLiteRow) {
        id = Int64(row.column("id")?.integer ?? 0)
        name = row.column("name")?.string ?? ""
        score = row.column("score")?.integer ?? 0
        done = (row.column("done")?.integer ?? 0) != 0
    }
}

let rounds = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5
let path = FileManager.default.temporaryDirectory.appendingPathComponent("pony-ormbench-\(getpid()).sqlite3").path
defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

let database = try await SQLiteDatabase.open(.file(path), readers: Int(ProcessInfo.processInfo.environment["READERS"] ?? "2") ?? 2)
let operations = try Autodetector(
    from: ProjectState(), to: [ModelState(Item.schemaInfo)], questioner: NonInteractiveQuestioner()
).changes()
try await MigrationExecutor(
    database: database, app: "bench",
    migrations: [Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)]
).migrate()

// The raw driver: one connection, tuned as Pony tunes its own.
let raw: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path), logger: Logger(label: "raw"))
for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000"] {
    _ = try await raw.query(pragma, [])
}

/// Seconds per call of `body`, run `count` times.
func time(_ count: Int, _ body: @Sendable (Int) async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    for index in 0..<count { try await body(index) }
    let elapsed = ContinuousClock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(count)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// Seconds per operation of each side, per round.
struct Result: Sendable {
    let name: String
    var pony: [Double]
    var raw: [Double]
    let unit: Double
}

let results = try await ORM.using(database, models: [Item.self]) {
    var results: [Result] = []
    func record(_ name: String, unit: Double = 1, pony: Double, raw: Double) {
        if let index = results.firstIndex(where: { $0.name == name }) {
            results[index].pony.append(pony)
            results[index].raw.append(raw)
        } else {
            results.append(Result(name: name, pony: [pony], raw: [raw], unit: unit))
        }
    }

    // Seed 10,000 rows for the reads.
    let seed = (0..<10_000).map { Item(name: "item \($0)", score: $0 % 1000, done: $0 % 2 == 0) }
    _ = try await Item.objects.bulkCreate(seed)
    let reads = 20_000
    let lookups = 2_000

    for _ in 0..<rounds {
        // Get by primary key.
        let ponyGet = try await time(reads) { index in
            let item = try await Item.objects.get(\.id == Int64(index % 10_000 + 1))
            precondition(item.name == "item \(index % 10_000)")
        }
        let rawGet = try await time(reads) { index in
            let rows = try await raw.query(
                "SELECT \"bench_item\".\"id\", \"bench_item\".\"name\", \"bench_item\".\"score\", \"bench_item\".\"done\" FROM \"bench_item\" WHERE \"bench_item\".\"id\" = ? LIMIT 21",
                [.integer(index % 10_000 + 1)])
            let item = RawItem(rows[0])
            precondition(item.name == "item \(index % 10_000)")
        }
        record("get by pk", pony: ponyGet, raw: rawGet)
        if ProcessInfo.processInfo.environment["ONLY_GET"] != nil { continue }  // for profiling

        // filter + order + limit 20.
        let ponyFilter = try await time(lookups) { index in
            let items = try await Item.objects.filter(\.score >= index % 900).filter(\.done == false)
                .orderBy("-score", "id")[0..<20].fetch()
            precondition(items.count == 20)
        }
        let rawFilter = try await time(lookups) { index in
            let rows = try await raw.query(
                "SELECT \"bench_item\".\"id\", \"bench_item\".\"name\", \"bench_item\".\"score\", \"bench_item\".\"done\" FROM \"bench_item\" WHERE (\"bench_item\".\"score\" >= ? AND \"bench_item\".\"done\" = ?) ORDER BY \"bench_item\".\"score\" DESC, \"bench_item\".\"id\" ASC LIMIT ?",
                [.integer(index % 900), .integer(0), .integer(20)])
            let items = rows.map(RawItem.init)
            precondition(items.count == 20)
        }
        record("filter+order+limit 20", pony: ponyFilter, raw: rawFilter)

        // Single inserts, each its own transaction.
        let inserts = 2_000
        let ponyInsert = try await time(inserts) { index in
            var item = Item(name: "new \(index)", score: index)
            try await item.save()
            precondition(item.id != nil)
        }
        let rawInsert = try await time(inserts) { index in
            _ = try await raw.query(
                "INSERT INTO \"bench_item\" (\"name\", \"score\", \"done\") VALUES (?, ?, ?)",
                [.text("new \(index)"), .integer(index), .integer(0)])
            let id = try await raw.lastAutoincrementID()
            precondition(id > 0)
        }
        record("single insert", pony: ponyInsert, raw: rawInsert)

        // Bulk insert of 100,000 rows in one transaction.
        let bulk = 100_000
        let items = (0..<bulk).map { Item(name: "bulk \($0)", score: $0 % 1000) }
        let ponyBulk = try await time(1) { _ in
            let saved = try await Item.objects.bulkCreate(items)
            precondition(saved.last?.id != nil)
        }
        let rawBulk = try await time(1) { _ in
            // The raw driver's best: one transaction, multi-row INSERTs of 500 rows.
            _ = try await raw.query("BEGIN IMMEDIATE", [])
            var start = 0
            while start < bulk {
                let end = min(start + 500, bulk)
                var binds: [SQLiteData] = []
                binds.reserveCapacity((end - start) * 3)
                for index in start..<end {
                    binds.append(.text("bulk \(index)"))
                    binds.append(.integer(index % 1000))
                    binds.append(.integer(0))
                }
                let values = Array(repeating: "(?, ?, ?)", count: end - start).joined(separator: ", ")
                _ = try await raw.query(
                    "INSERT INTO \"bench_item\" (\"name\", \"score\", \"done\") VALUES \(values)", binds)
                start = end
            }
            _ = try await raw.query("COMMIT", [])
        }
        record("bulk insert 100k", unit: Double(bulk), pony: ponyBulk, raw: rawBulk)
        _ = try await Item.objects.filter("id__gt", 10_000).delete()
    }
    return results
}

print(
    "\(String(repeating: " ", count: 22))  \("pony".padding(12))  \("raw".padding(12))  pony/raw  (median of \(rounds) rounds)"
)
for result in results {
    let pony = median(result.pony)
    let raw = median(result.raw)
    func format(_ seconds: Double) -> String {
        result.unit > 1
            ? String(format: "%.0f rows/s", result.unit / seconds) : String(format: "%.1f µs", seconds * 1e6)
    }
    print(
        "\(result.name.padding(22))  \(format(pony).padding(12))  \(format(raw).padding(12))  \(String(format: "%.2f×", pony / raw))"
    )
}
try await raw.close()
try await database.close()

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
