/// A `HOST:PORT` address to serve on, as given on the command line (`pony run app.swift 0.0.0.0:8080`).
///
/// Like Django's `runserver`, a bare port (`8080`) keeps the default host, and a bare host
/// keeps the default port. IPv6 hosts are written in brackets: `[::1]:8000`.
public struct BindTarget: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// The address `pony run` uses by default: `127.0.0.1:8000`.
    public static let development = BindTarget(host: "127.0.0.1", port: 8000)

    /// Creates an address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `PORT`, `HOST` or `[IPv6]:PORT`; throws a message naming the bad value.
    public init(parsing text: String, default fallback: BindTarget = .development) throws(BindTargetError) {
        var host = fallback.host
        var portText: Substring?
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { throw BindTargetError(text: text) }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { throw BindTargetError(text: text) }
                portText = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        } else if text.allSatisfy(\.isNumber) {
            portText = Substring(text)
        } else {
            host = text
        }
        var port = fallback.port
        if let portText {
            guard let value = Int(portText), (0...65535).contains(value) else { throw BindTargetError(text: text) }
            port = value
        }
        guard !host.isEmpty else { throw BindTargetError(text: text) }
        self.init(host: host, port: port)
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// The error for an address that is not `HOST:PORT`.
public struct BindTargetError: Error, CustomStringConvertible {
    /// The text that could not be parsed.
    public var text: String
    /// A message saying what is wrong and what is expected.
    public var description: String {
        "\"\(text)\" is not a valid address: use HOST:PORT (127.0.0.1:8000), PORT (8080) or [IPv6]:PORT."
    }
}
