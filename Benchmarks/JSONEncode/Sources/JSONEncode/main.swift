// Encodes the same values with Pony's CompactJSONEncoder and Foundation's JSONEncoder (set up
// as Response.defaultJSONEncoder), three alternating rounds of a few seconds each, and prints
// the median encodes/s.
//
//   JSONEncode [seconds]      # 2 by default
import Foundation
import PonySupport

struct Message: Encodable {
    let message: String
}

/// A row as a model encodes it (Examples/todo.swift's Task).
struct Task: Encodable {
    var id: Int64
    var name: String
    var note: String?
    var createdAt: Date
    var due: Date?
    var completed: Bool
    var owner: Int64
}

/// The same row encoded as a `@Model` encodes itself: each field through a closure generic
/// over its type (PonyORM's `ModelField.encode`), so every value reaches the encoder's generic
/// `encode(_:forKey:)`, optionals included.
struct ModelRow: Encodable {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    typealias FieldEncoder = @Sendable (Task, inout KeyedEncodingContainer<Key>) throws -> Void

    static func field<V: Encodable>(_ name: String, _ keyPath: KeyPath<Task, V> & Sendable) -> FieldEncoder {
        { task, container in try container.encode(task[keyPath: keyPath], forKey: Key(name)) }
    }

    static let fields: [FieldEncoder] = [
        field("id", \.id), field("name", \.name), field("note", \.note), field("createdAt", \.createdAt),
        field("due", \.due), field("completed", \.completed), field("owner", \.owner),
    ]

    let task: Task

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for field in Self.fields { try field(task, &container) }
    }
}

let foundation: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}()

let task = Task(
    id: 42, name: "Buy milk", note: "semi-skimmed", createdAt: Date(timeIntervalSince1970: 1_780_000_000),
    due: nil, completed: false, owner: 7)
let page = (0..<50).map { index in
    var row = task
    row.id = Int64(index)
    row.name = "Task number \(index)"
    return row
}

let seconds = Double(CommandLine.arguments.dropFirst().first ?? "2") ?? 2

/// Encodes per second, over `seconds`.
func rate(_ encode: () throws -> Int) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    var count = 0
    var bytes = 0
    while clock.now - start < .seconds(seconds) {
        for _ in 0..<100 { bytes &+= try encode() }
        count += 100
    }
    precondition(bytes > 0)
    let elapsed = clock.now - start
    return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// The median of three alternating rounds of each encoder.
func compare<Value: Encodable>(_ name: String, _ value: Value) throws {
    let same = try CompactJSONEncoder.encode(value) == Array(foundation.encode(value))
    var pony: [Double] = []
    var base: [Double] = []
    for _ in 0..<3 {
        pony.append(try rate { try CompactJSONEncoder.encode(value).count })
        base.append(try rate { try foundation.encode(value).count })
    }
    let (ponyRate, baseRate) = (pony.sorted()[1], base.sorted()[1])
    print(
        name.padding(toLength: 34, withPad: " ", startingAt: 0),
        String(
            format: "%12.0f %12.0f %6.2fx  %@", ponyRate, baseRate, ponyRate / baseRate,
            same ? "same bytes" : "BYTES DIFFER"))
}

print("value".padding(toLength: 34, withPad: " ", startingAt: 0), "  Pony enc/s  Foundation   ratio")
try compare("{\"message\": \"Hello, World!\"}", Message(message: "Hello, World!"))
try compare("one Task row (7 fields, a date)", task)
try compare("50 Task rows", page)
try compare("one row encoded as @Model encodes", ModelRow(task: task))
try compare("50 rows encoded as @Model encodes", page.map(ModelRow.init))
