import Foundation

/// A TCP socket listening on an address, for `pony serve`'s workers and `pony run`'s proxy.
public enum ListeningSocket {
    /// Binds and listens on `target`; throws a one-line error when the address is taken or invalid.
    public static func open(_ target: BindTarget, backlog: Int32 = 128) throws(ServeError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &info) == 0, let address = info else {
            throw ServeError("Cannot listen on \(target): unknown host \(target.host).")
        }
        defer { freeaddrinfo(info) }
        let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard descriptor >= 0 else {
            throw ServeError("Cannot create a socket: \(String(cString: strerror(errno))).")
        }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(descriptor)
            if code == EADDRINUSE {
                throw ServeError(
                    "Port \(target.port) is already in use on \(target.host): stop the other server or pass another HOST:PORT."
                )
            }
            throw ServeError("Cannot listen on \(target): \(String(cString: strerror(code))).")
        }
        guard listen(descriptor, backlog) == 0 else {
            close(descriptor)
            throw ServeError("Cannot listen on \(target): \(String(cString: strerror(errno))).")
        }
        return descriptor
    }
}
