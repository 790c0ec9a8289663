import Foundation
import Pony
import PonySQLite
import PonySupport
import PonyTesting
import Testing

/// The model of Fixtures/ninja_decimals.py.
@Model(appLabel: "shop", ordering: ["id"])
struct Product {
    @Field(maxLength: 40) var name: String
    @Field(maxDigits: 8, decimalPlaces: 2) var price: Decimal
    @Field(maxDigits: 5, decimalPlaces: 1) var discount: Decimal?
}

struct ProductIn: ModelSchema {
    static let fields: [String]? = ["name", "price", "discount"]
    var row: Product
}

/// A model's `DecimalField` in JSON as django-ninja 1.7 writes it (Fixtures/ninja_decimals.json,
/// from ninja_decimals.py): a string with the field's places, which keeps every digit; read
/// from a number or such a string; with ninja's schemas for both.
@Suite struct DecimalOutputTests {
    static let fixture: JSONValue = {
        guard let url = Bundle.module.url(forResource: "Fixtures/ninja_decimals", withExtension: "json"),
            let data = try? Data(contentsOf: url), let value = try? JSONValue(parsing: [UInt8](data))
        else { return .null }
        return value
    }()

    @Test func decimalsAreWrittenAsDjangoNinjaWritesThem() async throws {
        let app = Pony()
        app.api.post("/products", body: ProductIn.self, status: .created) { _, new in try await new.row.save() }
        app.api.get("/products") { _ in try await Product.objects.fetch() }
        let database = try await SQLiteDatabase.open(.memory)
        let operations = try Autodetector(
            from: ProjectState(), to: [ModelState(Product.schemaInfo)], questioner: NonInteractiveQuestioner()
        ).changes()
        let migration = Migration(name: "0001_initial", dependencies: [], operations: operations, initial: true)
        try await MigrationExecutor(database: database, app: "shop", migrations: [migration]).migrate()
        try await ORM.using(database, models: [Product.self]) {
            let client = try TestClient(app)
            var statuses: [JSONValue] = []
            guard case .array(let bodies)? = Self.fixture["requests"] else { throw DatabaseError("no fixture") }
            for body in bodies {
                let json = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
                let response = await client.send(.post, "/api/products", json: json)
                statuses.append(.int(Int64(response.status.code)))
            }
            #expect(.array(statuses) == Self.fixture["created"])
            let list = await client.get("/api/products")
            #expect(try JSONValue(parsing: list.body) == Self.fixture["list"])
            #expect(list.text.contains(#""price":"9.90""#))

            // The schemas: a string of digits out, a number or such a string in.
            let document = try JSONValue(parsing: await client.get("/api/openapi.json").body)
            let schemas = document["components"]?["schemas"]
            func withoutTitle(_ value: JSONValue?) -> JSONValue? {
                guard case .object(var object)? = value else { return value }
                object["title"] = nil
                return .object(object)
            }
            #expect(schemas?["Product"]?["properties"]?["price"] == withoutTitle(Self.fixture["out"]))
            // Pony writes a nullable type as OpenAPI 3.1's list of types, where pydantic gives
            // `anyOf` the string and null.
            #expect(Self.fixture["out nullable"]?["anyOf"]?[0] == withoutTitle(Self.fixture["out"]))
            #expect(
                schemas?["Product"]?["properties"]?["discount"]
                    == ["pattern": Self.fixture["out"]?["pattern"] ?? .null, "type": ["string", "null"]])
            #expect(schemas?["ProductIn"]?["properties"]?["price"] == withoutTitle(Self.fixture["in"]))
        }
        try await database.close()
    }

    /// Values no decimal field holds fail the encoding with an error, not a trap.
    @Test func aDecimalThatIsNotANumberFailsItsEncoding() throws {
        let broken = Product(name: "x", price: .nan)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(broken) }
        let huge = Product(name: "y", price: Decimal(string: "9999999999999999999999999999999999999")!, discount: -0.05)
        let text = String(decoding: try JSONEncoder().encode(huge), as: UTF8.self)
        #expect(text.contains(#""price":"9999999999999999999999999999999999999.00""#))
        #expect(text.contains(#""discount":"-0.1""#) || text.contains(#""discount":"-0.0""#))
    }
}
