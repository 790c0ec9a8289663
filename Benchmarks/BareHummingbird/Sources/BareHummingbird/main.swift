import Hummingbird

struct Message: ResponseEncodable {
    let message: String
}

let port = Int(CommandLine.arguments.dropFirst().first ?? "8080") ?? 8080
let router = Router()
router.get("plaintext") { _, _ in "Hello, World!" }
router.get("json") { _, _ in Message(message: "Hello, World!") }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
