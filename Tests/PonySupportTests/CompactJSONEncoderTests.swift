import Foundation
import PonySupport
import Testing

/// Every expectation here is Foundation's: the same value through a `JSONEncoder` configured as
/// `Response.defaultJSONEncoder` (sorted keys, unescaped slashes, ISO 8601 dates) must give
/// the same bytes.
@Suite struct CompactJSONEncoderTests {
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    func expectSameBytes<Value: Encodable>(_ value: Value, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = String(decoding: try Self.foundation.encode(value), as: UTF8.self)
        let actual = String(decoding: try CompactJSONEncoder.encode(value), as: UTF8.self)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    @Test func stringsEscapeAsFoundationDoes() throws {
        let every = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        try expectSameBytes([every, "a/b", "caf\u{E9} \u{1F600} \u{2028}\u{2029} \u{FEFF}", "", "\"\\"])
        try expectSameBytes("x\u{0}y")
    }

    @Test func keysSortInUnicodeScalarOrder() throws {
        try expectSameBytes([
            "b": 1, "a": 2, "B": 3, "_": 4, "\u{E9}": 5, "10": 6, "9": 7, "aa": 8, "Z": 9, "\u{FB00}": 10,
            "\u{1F600}": 11, "\u{FF21}": 12, "": 13, "a\"b": 14,
        ])
        try expectSameBytes([String: Int]())
        try expectSameBytes([1: "int keys", 2: "are strings"])
        try expectSameBytes([true: 1, false: 0])
    }

    @Test func numbersAsFoundationWritesThem() throws {
        try expectSameBytes([
            1.0, 0.1, -0.0, 1e20, 1e21, 1e-7, 123_456_789_012_345_678.0, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude, -2.5, 1 / 3,
        ])
        try expectSameBytes([Float(0.1), 1e10, -3, .greatestFiniteMagnitude])
        try expectSameBytes([Int.min, Int.max, 0, -1])
        try expectSameBytes([UInt64.max, 0])
        try expectSameBytes([Int8.min, Int8.max])
        try expectSameBytes(Sample.maximal)
        try expectSameBytes([Decimal(string: "1.50"), Decimal(string: "-0.0001"), Decimal(string: "1e30")])
        var generator = SplitMix(seed: 7)
        let doubles = (0..<2000).map { _ in Double(bitPattern: generator.next()) }.filter(\.isFinite)
        try expectSameBytes(doubles)
    }

    @Test func nonFiniteNumbersThrowWithThePath() throws {
        #expect(throws: EncodingError.self) { try CompactJSONEncoder.encode(["k": [1, Double.nan]]) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder.encode(Float.infinity) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder.encode([Decimal.nan]) }
        do {
            _ = try CompactJSONEncoder.encode(["k": [1, Double.infinity]])
            Issue.record("an infinite double encoded")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["k", "Index 1"])
            #expect(context.debugDescription == "Unable to encode Double.inf directly in JSON.")
        }
    }

    @Test func datesAsISO8601Seconds() throws {
        // NB: across the reform of 1582 (Foundation's calendar is Julian before it), the years
        // 1 to 9999 and beyond, whole and fractional seconds either side of 1970.
        var intervals: [Double] = [
            0, 0.5, -0.5, 1.999, 86_399.999, -86_400, -12_219_292_800, -12_219_292_800 - 864_000,
            -12_212_553_600, -12_212_553_601, -62_135_596_800, 253_402_300_799.5, 253_402_300_800, 1e12, -1e12,
            1e300, -1e300, .nan, .infinity,
        ]
        var generator = SplitMix(seed: 11)
        intervals += (0..<3000).map { _ in Double(generator.next() % 800_000_000_000) / 7 - 62_000_000_000 }
        try expectSameBytes(intervals.map { Date(timeIntervalSince1970: $0) })
    }

    @Test func foundationTypesAndContainers() throws {
        try expectSameBytes(Data([1, 2, 3, 255]))
        try expectSameBytes([URL(string: "http://example.com/a b?q=1")])
        try expectSameBytes(Sample.maximal)
        try expectSameBytes([Sample.minimal, Sample.maximal])
        try expectSameBytes(Hand())
        try expectSameBytes([Nothing()])
        try expectSameBytes(Optional<Int>.none)
        try expectSameBytes([[Int]](repeating: [], count: 3))
    }

    @Test func valuesThroughGenericCodeAsModelsEncodeThem() throws {
        let date = Date(timeIntervalSince1970: 1_780_000_000.5)
        try expectSameBytes(
            Generic(values: [
                ("s", "text"), ("i", 42), ("l", Int64.min), ("b", true), ("d", 0.5), ("o", String?.none),
                ("p", String?.some("x")), ("q", Int64?.none), ("r", Int64?.some(7)), ("t", date), ("u", Date?.none),
                ("v", Date?.some(date)), ("w", Date?.some(Date(timeIntervalSince1970: -1e12))), ("x", [1, 2]),
            ]))
        try expectSameBytes(Generic(values: [("only", String?.none)]))
    }

    @Test func aValueThatEncodesNothingAtTheTopThrows() {
        #expect(throws: EncodingError.self) { try CompactJSONEncoder.encode(Nothing()) }
    }

    @Test func randomTreesMatchFoundation() throws {
        var generator = SplitMix(seed: 3)
        for _ in 0..<300 { try expectSameBytes(Tree.random(&generator, depth: 4)) }
    }
}

/// A model-like value with every kind of field.
private struct Sample: Codable {
    var name: String
    var count: Int
    var ratio: Double?
    var created: Date
    var tags: [String]
    var scores: [String: Double]
    var flag: Bool
    var nested: [Sample]?
    var blob: Data?

    static let minimal = Sample(
        name: "", count: 0, ratio: nil, created: Date(timeIntervalSince1970: 0), tags: [], scores: [:], flag: false,
        nested: nil, blob: nil)
    static let maximal = Sample(
        name: "Buy milk / \"now\"", count: .max, ratio: 0.25, created: Date(timeIntervalSince1970: 1_780_000_000.75),
        tags: ["a", "\u{E9}"], scores: ["z": 1, "a": 2.5], flag: true, nested: [minimal], blob: Data("hi".utf8))
}

/// Hand-written encoding: a key encoded twice (the last wins), nested containers, `super`.
private struct Hand: Encodable {
    enum Key: CodingKey { case a, b, c }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: .a)
        try container.encode(2, forKey: .a)
        var list = container.nestedUnkeyedContainer(forKey: .b)
        try list.encode(3)
        var inner = list.nestedContainer(keyedBy: Key.self)
        try inner.encodeNil(forKey: .c)
        try list.encodeNil()
        var again = encoder.container(keyedBy: Key.self)
        try again.encode("second container", forKey: .c)
        var parent = container.superEncoder().singleValueContainer()
        try parent.encode(["from": "super"])
    }
}

/// Values encoded through a generic function, as a model's fields are (PonyORM's
/// `ModelField.encode`), so that they reach the encoder's generic `encode(_:forKey:)`.
private struct Generic: Encodable {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let values: [(String, any Encodable)]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        func put<Value: Encodable>(_ value: Value, _ name: String) throws {
            guard let key = Key(stringValue: name) else { return }
            try container.encode(value, forKey: key)
        }
        for (name, value) in values { try put(value, name) }
    }
}

private struct Nothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

/// Arbitrary JSON, for the random comparison.
private indirect enum Tree: Encodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([Tree]), object([String: Tree])

    static func random(_ generator: inout SplitMix, depth: Int) -> Tree {
        let characters = Array("aZ09 _/\"\\\n\t\u{1}\u{7F}\u{E9}\u{1F600}")
        func text() -> String {
            String((0..<Int(generator.next() % 6)).map { _ in characters.randomElement(using: &generator)! })
        }
        switch generator.next() % (depth > 0 ? 7 : 5) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(Int(truncatingIfNeeded: generator.next()))
        case 3: return .double(Double(Int64(truncatingIfNeeded: generator.next())) / 1024)
        case 4: return .string(text())
        case 5: return .array((0..<Int(generator.next() % 4)).map { _ in random(&generator, depth: depth - 1) })
        default:
            return .object(
                Dictionary((0..<Int(generator.next() % 4)).map { _ in (text(), random(&generator, depth: depth - 1)) })
                {
                    $1
                })
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// A seeded generator, so that a failure repeats.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
