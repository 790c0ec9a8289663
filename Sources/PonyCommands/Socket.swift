import Foundation
import PonySupport

/// A blocking TCP socket, for the development proxy and readiness checks.
struct Socket: Sendable {
    let descriptor: Int32

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    /// Listens on `target`; throws a one-line error when the address is taken or invalid.
    static func listen(_ target: BindTarget, backlog: Int32 = 128) throws(CommandError) -> Int32 {
        do {
            return try ListeningSocket.open(target, backlog: backlog)
        } catch {
            throw CommandError(error.description, exitCode: error.exitCode)
        }
    }

    /// Connects to 127.0.0.1:port, or returns `nil`.
    static func connect(port: Int, host: String = "127.0.0.1") -> Socket? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Foundation.close(descriptor)
            return nil
        }
        return Socket(descriptor)
    }

    /// The next bytes, or `nil` at end of stream or on error.
    func receive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 { return Array(buffer[0..<count]) }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Sends all bytes; `false` when the peer is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    func shutdownWrite() { shutdown(descriptor, Int32(SHUT_WR)) }
    func shutdownBoth() { shutdown(descriptor, Int32(SHUT_RDWR)) }
    func close() { Foundation.close(descriptor) }
}
