import Foundation
import PonyORM
import Testing

/// Window functions against real Django's: the `windows` block of the fixtures (ranks,
/// distributions, offsets, first/last/nth values and aggregates over partitions and frames).
extension FidelityTests {
    /// JSON cannot tell 1.0 from 1: both sides compare whole floats as integers.
    @Sendable static func wholeFloatsAsIntegers(_ value: DatabaseValue) -> DatabaseValue {
        if case .double(let number) = value, number == number.rounded(), Swift.abs(number) < 1e15 {
            return .integer(Int64(number))
        }
        return value
    }

    @Test(arguments: Backend.available) func windowFunctionsComputeWhatDjangoComputes(backend: Backend) async throws {
        struct File: Decodable { let windows: [String: [[JSONValue?]]] }
        let normal = Self.wholeFloatsAsIntegers
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).windows
            .mapValues { $0.map { $0.map { normal($0?.databaseValue ?? .null) } } }
        let byGenre: (partition: [F], order: [OrderBy]) = ([F("genre")], ["-pages"])
        try await Self.withDjangoData(on: backend) {
            func windowed(_ windows: KeyValuePairs<String, F>) async throws -> [[DatabaseValue]] {
                try await Book.objects.annotate(windows).orderBy("id").valuesList(["id"] + windows.map(\.key))
                    .map { $0.map(normal) }
            }
            let results: [String: [[DatabaseValue]]] = [
                "row_numbers": try await windowed([
                    "w": .window(.rowNumber, partitionBy: byGenre.partition, orderBy: byGenre.order)
                ]),
                "ranks": try await windowed([
                    "r": .window(.rank, orderBy: ["genre"]), "d": .window(.denseRank, orderBy: ["-genre"]),
                    "n": .window(.ntile(3), orderBy: ["pages", "id"]),
                ]),
                "distributions": try await windowed([
                    "p": .window(.percentRank, orderBy: ["pages"]), "c": .window(.cumeDist, orderBy: ["genre"]),
                ]),
                "offsets": try await windowed([
                    "lag": .window(.lag(F("pages")), partitionBy: [F("author")], orderBy: ["pages"]),
                    "lead": .window(.lead(F("title"), default: .value("-")), orderBy: ["id"]),
                    "lag2": .window(.lag(F("pages"), offset: 2, default: .value(0)), orderBy: ["id"]),
                ]),
                "values": try await windowed([
                    "first": .window(.firstValue(F("title")), partitionBy: byGenre.partition, orderBy: byGenre.order),
                    "last": .window(
                        .lastValue(F("title")), partitionBy: byGenre.partition, orderBy: byGenre.order, frame: .rows()),
                    "nth": .window(
                        .nthValue(F("title"), 2), partitionBy: byGenre.partition, orderBy: byGenre.order,
                        frame: .rows()),
                ]),
                "aggregates": try await windowed([
                    "running": .window(.aggregate(.sum("pages")), partitionBy: [F("author")], orderBy: ["id"]),
                    "mean": .window(.aggregate(.avg("pages")), partitionBy: [F("genre")]),
                    "count": .window(.aggregate(.count("id"))),
                    "moving": .window(.aggregate(.sum("pages")), orderBy: ["id"], frame: .rows(from: -1, to: 1)),
                    "near": .window(.aggregate(.count("id")), orderBy: ["pages"], frame: .range(to: 0)),
                    "upto": .window(.aggregate(.max("pages")), orderBy: ["id"], frame: .rows(to: 0)),
                ]),
            ]
            #expect(Set(results.keys) == Set(django.keys))
            for (name, rows) in results.sorted(by: { $0.key < $1.key }) {
                #expect(rows == django[name], "\(name)")
            }
            // Ordering by a window works; filtering on one is refused with the reason, as are
            // Django's impossible arguments.
            let ranked = Book.objects.annotate(["r": .window(.rowNumber, orderBy: ["-pages"])])
            #expect(try await ranked.orderBy("r").valuesList("id").first == [.integer(3)])
            let filtered = await #expect(throws: FieldError.self) { try await ranked.filter("r__lte", 3).count() }
            #expect(filtered?.description.hasPrefix("Cannot filter on \"r\": it is a window function") == true)
            for bad in [
                F.window(.ntile(0)), .window(.lag(F("pages"), offset: 0)), .window(.nthValue(F("title"), -1)),
            ] {
                await #expect(throws: FieldError.self) {
                    try await Book.objects.annotate(["x": bad]).valuesList("x")
                }
            }
        }
    }
}
