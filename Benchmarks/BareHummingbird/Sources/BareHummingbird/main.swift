import Foundation
import Hummingbird
import Mustache

struct Message: ResponseEncodable {
    let message: String
}

struct Fortune {
    let id: Int
    let message: String
}

let fortunes = [
    Fortune(id: 1, message: "fortune: No such file or directory"),
    Fortune(id: 2, message: "A computer scientist is someone who fixes things that aren't broken."),
    Fortune(id: 3, message: "After enough decimal places, nobody gives a damn."),
    Fortune(id: 4, message: "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    Fortune(id: 5, message: "A computer program does what you tell it to do, not what you want it to do."),
    Fortune(id: 6, message: "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
    Fortune(id: 7, message: "Any program that runs right is obsolete."),
    Fortune(id: 8, message: "A list is only as strong as its weakest link. — Donald Knuth"),
    Fortune(id: 9, message: "Feature: A bug with seniority."),
    Fortune(id: 10, message: "Computers make very fast, very accurate mistakes."),
    Fortune(id: 11, message: "<script>alert(\"This should not be displayed in a browser alert box.\");</script>"),
    Fortune(id: 12, message: "フレームワークのベンチマーク"),
]

let template = try MustacheTemplate(
    string: """
        <!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>\
        {{#fortunes}}<tr><td>{{id}}</td><td>{{message}}</td></tr>{{/fortunes}}</table></body></html>
        """)

let port = Int(CommandLine.arguments.dropFirst().first ?? "8080") ?? 8080
let router = Router()
router.get("plaintext") { _, _ in "Hello, World!" }
router.get("json") { _, _ in Message(message: "Hello, World!") }
// With TECHEMPOWER_DB (Examples/bench.swift's db.sqlite3), /db and /fortunes read it; without,
// /fortunes renders the rows above from memory.
if let database = ProcessInfo.processInfo.environment["TECHEMPOWER_DB"] {
    try await addTechEmpowerRoutes(to: router, database: database, connections: 8, template: template)
} else {
    router.get("fortunes") { _, _ -> HTML in
        var rows = fortunes
        rows.append(Fortune(id: 0, message: "Additional fortune added at request time."))
        rows.sort { $0.message < $1.message }
        return HTML(template.render(["fortunes": rows]))
    }
}
if CommandLine.arguments.count > 2 {
    let connections = Int(CommandLine.arguments.dropFirst(3).first ?? "8") ?? 8
    let busyTimeout = Int(CommandLine.arguments.dropFirst(4).first ?? "5000") ?? 5000
    try await addWriterRoute(
        to: router, database: CommandLine.arguments[2], connections: connections, busyTimeout: busyTimeout)
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()

struct HTML: ResponseGenerator {
    let html: String
    init(_ html: String) { self.html = html }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
