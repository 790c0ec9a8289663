internal import NIOCore
internal import PonySupport

/// Django's `GZipMiddleware`: compresses responses for clients that accept gzip.
///
/// Like Django's, it leaves alone a body under 200 bytes, a response that already has a
/// `Content-Encoding`, and a body that would not get shorter; it adds `Vary: Accept-Encoding`,
/// makes a strong `ETag` weak, and gives each response a gzip file name of a random length (0
/// to 99 bytes), Django's defence against BREACH. A streamed response is compressed as it
/// goes, each chunk flushed so that the client gets it at once (server-sent events still
/// arrive as sent). Files (``Response/file(_:contentType:downloadName:)``) are sent as they are;
/// static files have compressed copies of their own.
///
/// Add it first, so that it runs around everything else (as Django lists it near the top):
///
/// ```swift
/// app.middleware(GZipMiddleware())
/// app.middleware(ConditionalGetMiddleware())
/// ```
///
/// Compressing a page that shows a secret (a CSRF token) next to text an attacker controls
/// can leak the secret through the compressed length; Django's documentation on this
/// middleware explains the risk, and Pony's CSRF tokens are masked per response as Django's.
public struct GZipMiddleware: Middleware {
    /// Creates the middleware.
    public init() {}

    /// Calls the view, then compresses its response when the client accepts gzip.
    public func respond(to request: Request, next: Next) async throws -> Response {
        var response = try await next(request)
        if case .buffer(let buffer) = response.body.storage, buffer.readableBytes < 200 { return response }
        if case .file = response.body.storage { return response }
        guard response.headers["Content-Encoding"] == nil else { return response }
        response.headers.addVary("Accept-Encoding")
        guard Self.acceptsGzip(request.headers["Accept-Encoding"] ?? "") else { return response }
        switch response.body.storage {
        case .buffer(let buffer):
            let compressed = buffer.withUnsafeReadableBytes {
                GzipWriter.member($0, filenameLength: Int.random(in: 0..<100))
            }
            guard let compressed, compressed.count < buffer.readableBytes else { return response }
            response.body = .bytes(compressed)
        case .stream(let makeStream):
            response.body = Response.Body(storage: .stream { Self.compressed(makeStream()) })
        case .file:
            return response
        }
        if let etag = response.headers["ETag"], etag.hasPrefix("\"") { response.headers["ETag"] = "W/" + etag }
        response.headers["Content-Encoding"] = "gzip"
        return response
    }

    /// Whether `Accept-Encoding` holds the word `gzip` (Django's `\bgzip\b`: `q=0` is not read).
    static func acceptsGzip(_ header: String) -> Bool {
        let scalars = Array(header.unicodeScalars)
        let word: [Unicode.Scalar] = ["g", "z", "i", "p"]
        guard scalars.count >= 4 else { return false }
        for start in 0...(scalars.count - 4) where scalars[start..<start + 4].elementsEqual(word) {
            let before = start == 0 || !scalars[start - 1].isPythonWordCharacter
            let after = start + 4 == scalars.count || !scalars[start + 4].isPythonWordCharacter
            if before && after { return true }
        }
        return false
    }

    /// The chunks of `chunks` compressed as one gzip member, each flushed as it comes.
    private static func compressed(
        _ chunks: AsyncThrowingStream<ByteBuffer, any Error>
    ) -> AsyncThrowingStream<ByteBuffer, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    guard let writer = GzipWriter(filenameLength: Int.random(in: 0..<100)) else {
                        throw CompressionFailed()
                    }
                    for try await chunk in chunks {
                        guard let bytes = chunk.withUnsafeReadableBytes({ writer.write($0) }) else {
                            throw CompressionFailed()
                        }
                        continuation.yield(ByteBuffer(bytes: bytes))
                    }
                    guard let end = writer.finish() else { throw CompressionFailed() }
                    continuation.yield(ByteBuffer(bytes: end))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// zlib refused to compress (it runs out of memory only).
    private struct CompressionFailed: Error {}
}
