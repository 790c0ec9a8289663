extension Request {
    /// The client behind `peer` as `X-Forwarded-For` tells it: walking the header's addresses
    /// from the right (the hop nearest this server), the first that is not a trusted proxy.
    /// `peer` itself when it is not trusted, and the hop before a value that is not an IP
    /// address, so a forged or garbled header never yields anything but an address a trusted
    /// proxy vouched for.
    package static func forwardedClient(peer: String, _ values: [String], trusted: Set<String>) -> String {
        let trustsAll = trusted.contains("*")
        guard trustsAll || trusted.contains(peer) else { return peer }
        var client = peer
        for value in values.reversed() {
            for hop in value.split(separator: ",").reversed() {
                let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
                let address = String(hop.drop(while: blank).reversed().drop(while: blank).reversed())
                guard isIPAddress(address) else { return client }
                client = address
                guard trustsAll || trusted.contains(address) else { return client }
            }
        }
        return client
    }

    /// Whether `text` looks like an IPv4 or IPv6 address: at most 45 characters, hex digits,
    /// dots and colons only, with at least one digit.
    static func isIPAddress(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard (1...45).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte | 0x20) || byte == 0x2E || byte == 0x3A
        } && utf8.contains { (0x30...0x39).contains($0) }
    }
}
