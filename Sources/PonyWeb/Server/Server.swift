internal import HTTPTypes
internal import HummingbirdCore
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import PonySupport
internal import ServiceLifecycle
internal import UnixSignals
internal import _NIOFileSystem

/// Serves a ``Site`` over HTTP/1.1 with HummingbirdCore's HTTP/1.1 channel.
///
/// HummingbirdCore parses HTTP; this adds what Pony promises on top: a cap on the URL length
/// (414), a body-size limit (413), an idle timeout and a deadline for receiving each request,
/// so that slow or malformed clients are dropped without harming others.
public enum Server {
    /// Runs `site` on `listener` until SIGINT or SIGTERM, then shuts down gracefully: stops
    /// accepting, finishes the requests in flight, and returns.
    ///
    /// - Parameter onReady: called once the socket is listening.
    public static func run(
        site: Site,
        on listener: Listener,
        onReady: @escaping @Sendable () -> Void = {}
    ) async throws(ServerError) {
        let settings = site.settings
        let requestTimeout = TimeAmount.milliseconds(Int64(settings.requestTimeout * 1000))
        let limit = ConnectionLimit(maximum: settings.maxConnections)
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionPolicyHandler(timeout: requestTimeout, limit: limit)],
            idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000))
        )
        let base = Logger(label: "pony.server").handler
        var logger = Logger(label: "pony.server") { _ in ServerLogHandler(base: base) }
        logger.logLevel = .warning
        let date = DateHeader()
        let responder = PonyResponder(site: site)
        let channel = HTTP1Channel(
            responder: { request, writer, channel in
                var response = await responder.respond(to: request, channel: channel)
                response.headers[.date] = date.value
                do {
                    try await writer.write(response: response.head, body: response.body)
                } catch {
                    // NB: the connection is closed either way; a parser error rethrown as such
                    // would make the channel write a 400 after this response.
                    throw ResponseNotWritten()
                }
            },
            configuration: configuration
        )
        let server = HTTPServer(listener: listener, channel: channel, logger: logger, onReady: onReady)
        let services = ServiceGroup(
            configuration: .init(
                services: [.init(service: date), .init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        let target = listener.target
        do {
            try await services.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ServerError(
                "Port \(target.port) is already in use on \(target.host): stop the other server or choose another HOST:PORT."
            )
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            throw ServerError("Cannot listen on \(target): this machine has no such address.")
        } catch let error as IOError where error.errnoCode == EACCES {
            throw ServerError("Permission denied to listen on \(target): ports below 1024 need privileges.")
        } catch let error as NIOConnectionError {
            throw ServerError(
                "Cannot listen on \(target): \(error.connectionErrors.map { "\($0.error)" }.joined(separator: ", ")).")
        } catch {
            throw ServerError("Cannot serve on \(target): \(error)")
        }
    }
}

/// Writing a response failed: the channel closes the connection.
struct ResponseNotWritten: Error {}

/// The server could not start or stopped with an error.
public struct ServerError: Error, CustomStringConvertible {
    /// One line saying what went wrong and what to do.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Converts between Hummingbird's types and Pony's and applies the transport limits.
struct PonyResponder: Sendable {
    let site: Site

    func respond(to request: HummingbirdCore.Request, channel: any Channel) async -> HummingbirdCore.Response {
        let settings = site.settings
        let target = request.head.path ?? "/"
        guard target.utf8.count <= settings.maxURLLength else {
            return Self.reject(.uriTooLong, "The request URL is longer than \(settings.maxURLLength) bytes.")
        }
        // NB: the request is made (and refused if need be) before its body is read: a client
        // with a bad Host or too many headers must not make the server read 10 MiB first.
        var ponyRequest: PonyWeb.Request
        do {
            ponyRequest = try PonyWeb.Request(
                method: Self.method(request.method), target: target, headers: Headers(fields: request.headers),
                clientAddress: nil, authority: request.head.authority,
                maximumFields: settings.dataUploadMaxNumberFields)
        } catch {
            return Self.reject(error.status, error.message)
        }
        // NB: each header is looked up once: a lookup is a scan of the fields.
        let declaredLength = request.headers.value(.contentLength).map { Int($0) ?? Int.max }
        if let refusal = site.refusal(for: ponyRequest, bodySize: declaredLength) {
            return Self.convert(refusal, isHead: request.method == .head)
        }
        let isChunked = request.headers.contains(.transferEncoding)
        let hasBody = isChunked || (declaredLength.map { $0 > 0 } ?? false)
        // NB: a multipart body is read here only when there is one: a GET that merely names the
        // type is not refused, and its empty form fails only if a view reads it.
        if ponyRequest.contentType == "multipart/form-data", hasBody {
            if let refusal = await Self.readMultipart(request, into: ponyRequest, site: site) {
                return refusal
            }
        } else if declaredLength != nil || isChunked {
            let limit = site.bodyLimit(for: ponyRequest)
            var request = request
            do {
                let buffer = try await request.collectBody(upTo: limit)
                ponyRequest.body = Array(buffer.readableBytesView)
            } catch is NIOTooManyBytesError {
                return Self.reject(.contentTooLarge, "The request body is larger than \(limit) bytes.")
            } catch {
                // A chunked body past the limit, or one that breaks off: the client's fault, not
                // a 500 (found by the malformed-request corpus).
                return Self.reject(.badRequest, "The request body could not be read: \(error).")
            }
        }
        ponyRequest.isPrechecked = true
        ponyRequest.connection = channel
        let response = await site.respond(to: ponyRequest)
        return Self.convert(response, isHead: request.method == .head)
    }

    /// Reads a `multipart/form-data` body as it arrives, so files go to temporary files
    /// instead of memory, and stores the fields and files in `ponyRequest`; the response
    /// when the body is refused.
    static func readMultipart(
        _ request: HummingbirdCore.Request, into ponyRequest: PonyWeb.Request, site: Site
    ) async -> HummingbirdCore.Response? {
        let limit = site.settings.maxBodySize
        var received = 0
        do throws(PonyWeb.HTTPError) {
            var reader = try MultipartFormReader(
                contentType: ponyRequest.headers["Content-Type"] ?? "", limits: site.settings.uploadLimits)
            do {
                for try await buffer in request.body {
                    received += buffer.readableBytes
                    guard received <= limit else {
                        throw PonyWeb.HTTPError(.contentTooLarge, "The request body is larger than \(limit) bytes.")
                    }
                    try reader.consume(buffer.readableBytesView)
                }
            } catch let error as PonyWeb.HTTPError {
                throw error
            } catch {
                throw PonyWeb.HTTPError(.badRequest, "The request body could not be read: \(error).")
            }
            let (fields, files) = try reader.finish()
            ponyRequest.storeForm(fields: fields, files: files)
            return nil
        } catch {
            return reject(error.status, error.message)
        }
    }

    static func method(_ method: HTTPRequest.Method) -> PonyWeb.HTTPMethod {
        switch method {
        case .get: .get
        case .post: .post
        case .head: .head
        case .put: .put
        case .patch: .patch
        case .delete: .delete
        case .options: .options
        default: PonyWeb.HTTPMethod(rawValue: method.rawValue)
        }
    }

    /// A plain-text error that also closes the connection, for requests rejected before routing.
    static func reject(_ status: PonyWeb.HTTPStatus, _ message: String) -> HummingbirdCore.Response {
        HummingbirdCore.Response(
            status: .init(code: status.code, reasonPhrase: status.reasonPhrase),
            headers: [.contentType: "text/plain; charset=utf-8", .connection: "close"],
            body: .init(byteBuffer: ByteBuffer(string: "\(status)\n\(message)\n"))
        )
    }

    static func convert(_ response: PonyWeb.Response, isHead: Bool) -> HummingbirdCore.Response {
        let status = HTTPResponse.Status(code: response.status.code, reasonPhrase: response.status.reasonPhrase)
        var headers = response.headers.fields
        let body: ResponseBody
        switch response.body.storage {
        case .buffer(let buffer):
            if isHead {
                headers[.contentLength] = String(buffer.readableBytes)
                body = ResponseBody()
            } else {
                body = ResponseBody(byteBuffer: buffer)
            }
        case .stream(let makeStream):
            body = isHead ? ResponseBody() : ResponseBody(asyncSequence: makeStream())
        case .file(let path, let offset, let size):
            headers[.contentLength] = String(size)
            body =
                isHead
                ? ResponseBody()
                : ResponseBody(contentLength: size) { writer in
                    try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                        let range = Int64(offset)..<Int64(offset + size)
                        for try await chunk in handle.readChunks(in: range, chunkLength: .kibibytes(64)) {
                            try await writer.write(chunk)
                        }
                    }
                    try await writer.finish(nil)
                }
        }
        return HummingbirdCore.Response(status: status, headers: headers, body: body)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
