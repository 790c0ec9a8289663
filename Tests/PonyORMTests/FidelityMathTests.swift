import Foundation
import PonyORM
import Testing

/// Math and text functions against real Django's: the `math` block of the fixtures, on
/// integers, floats, texts and `NULL`. On SQLite both compute them outside the database (Django in Python, Pony in
/// Swift), to the last bit; on PostgreSQL, the database does.
extension FidelityTests {
    @Test(arguments: Backend.available) func mathFunctionsComputeWhatDjangoComputes(backend: Backend) async throws {
        struct File: Decodable { let math: [String: [[JSONValue?]]] }
        let normal = Self.wholeFloatsAsIntegers
        let django = try JSONDecoder().decode(File.self, from: try Self.results(backend)).math
            .mapValues { $0.map { $0.map { normal($0?.databaseValue ?? .null) } } }
        try await Self.withDjangoData(on: backend) {
            func computed<M: Model>(_ model: M.Type, _ expressions: KeyValuePairs<String, F>) async throws
                -> [[DatabaseValue]]
            {
                try await M.objects.annotate(expressions).orderBy("id").valuesList(["id"] + expressions.map(\.key))
                    .map { $0.map(normal) }
            }
            let results: [String: [[DatabaseValue]]] = [
                "on_pages": try await computed(
                    Book.self,
                    [
                        "sqrt": .sqrt(F("pages")), "ln": .ln(F("pages")), "log": .log(base: .value(2), F("pages")),
                        "mod": .mod(F("pages"), .value(7)), "power": .power(F("pages"), .value(2)),
                        "sin": .sin(F("pages")), "cot": .cot(F("pages")), "atan": .atan(F("pages")),
                        "atan2": .atan2(F("pages"), .value(7)), "radians": .radians(F("pages")),
                        "ceil": .ceil(F("pages")), "sign": .sign(F("pages")),
                    ]),
                "on_rating": try await computed(
                    Author.self,
                    [
                        "ceil": .ceil(F("rating")), "floor": .floor(F("rating")), "round": .round(F("rating")),
                        "round2": .round(F("rating") * 1.37, places: 2), "sign": .sign(F("rating") - 4.0),
                        "exp": .exp(F("rating")), "mod": .mod(F("rating"), .value(2)),
                        "power": .power(F("rating"), .value(0.5)), "cos": .cos(F("rating")),
                        "tan": .tan(F("rating")), "asin": .asin(F("rating") / 10.0),
                        "acos": .acos(F("rating") / 10.0), "degrees": .degrees(F("rating")), "pi": .pi,
                        "missing": .sqrt(.length(F("bio"))),
                    ]),
                "text": try await computed(
                    Author.self,
                    [
                        "lpad": .leftPad(F("name"), length: 12, fill: .value("*-")),
                        "cut": .leftPad(F("name"), length: 3),
                        "rpad": .rightPad(F("name"), length: 12, fill: .value("ñ")), "rep": .repeat(F("name"), 2),
                        "rev": .reverse(F("name")), "ord": .ord(F("name")), "chr": .chr(.length(F("name")) + 60),
                        "md5": .md5(F("name")), "none": .leftPad(F("bio"), length: 30, fill: .value("-")),
                        "empty": .rightPad(F("bio"), length: 4),
                    ]),
            ]
            for (name, rows) in results.sorted(by: { $0.key < $1.key }) {
                #expect(rows == django[name], "\(name)")
            }
            // Where Python raises, the query fails (SQLite) as the database fails (PostgreSQL).
            for impossible in [F.sqrt(F("pages") * -1), .ln(F("pages") - 320), .mod(F("pages"), .value(0))] {
                await #expect(throws: (any Error).self) {
                    try await Book.objects.annotate(["x": impossible]).valuesList("x")
                }
            }
        }
    }
}
