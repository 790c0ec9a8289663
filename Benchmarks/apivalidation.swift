#!/usr/bin/env pony
// Benchmarks/api.sh's Pony side: a 10-field JSON body validated by app.api, a body of two lists
// and a list of objects (the same schemas as Benchmarks/NinjaAPI/ninjasite.py declares for
// django-ninja).
import Pony

enum Country: String, Decodable, Sendable, CaseIterable { case GB, FR, DE }

struct Order: Decodable, Sendable, Constrained {
    var customer: String
    var email: String
    var quantity: Int
    var price: Double
    var express: Bool
    var note: String?
    var country: Country
    var delivery: Date
    var tags: [String]
    var coupon: String?

    static let constraints: [String: Constraint] = [
        "customer": .length(1...100), "email": .pattern(#"^[^@\s]+@[^@\s]+$"#), "quantity": .range(1...1000),
        "price": .greaterThan(0), "note": .maxLength(500), "tags": .maxLength(5),
    ]
}

struct Accepted: Encodable, Sendable {
    let ok: Bool
    let quantity: Int
}

struct Tally: Decodable, Sendable {
    var tags: [String]
    var counts: [Int]
}

struct Line: Decodable, Sendable, Constrained {
    var sku: String
    var quantity: Int
    static let constraints: [String: Constraint] = ["quantity": .range(1...100)]
}

struct Basket: Decodable, Sendable {
    var lines: [Line]
}

struct Counted: Encodable, Sendable {
    let items: Int
}

let app = Pony()
app.api.post("/orders", body: Order.self) { _, order in Accepted(ok: true, quantity: order.quantity) }
app.api.post("/tallies", body: Tally.self) { _, tally in Counted(items: tally.tags.count + tally.counts.count) }
app.api.post("/baskets", body: Basket.self) { _, basket in Counted(items: basket.lines.count) }
app.run()
