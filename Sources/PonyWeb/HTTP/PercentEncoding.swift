/// Percent-encoding as URLs and HTML forms use it.
package enum PercentEncoding {
    /// Decodes `%XX` escapes; `nil` when the result is not valid UTF-8. Invalid escapes are kept.
    static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        guard let bytes = decodedBytes(text, plusAsSpace: plusAsSpace) else { return String(text) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes form text; each invalid UTF-8 sequence becomes U+FFFD, as Python's `unquote`
    /// with `errors="replace"` makes it for Django's `QueryDict`.
    static func decodeForm(_ text: some StringProtocol) -> String {
        guard let bytes = decodedBytes(text, plusAsSpace: true) else { return String(text) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes `text` stands for, or `nil` when it has nothing to decode.
    private static func decodedBytes(_ text: some StringProtocol, plusAsSpace: Bool) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x25 || (plusAsSpace && $0 == 0x2B) }) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x25,
                let first = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), first != utf8.endIndex,
                let second = utf8.index(first, offsetBy: 1, limitedBy: utf8.endIndex), second != utf8.endIndex,
                let high = hexValue(utf8[first]), let low = hexValue(utf8[second])
            {
                bytes.append(high << 4 | low)
                index = utf8.index(after: second)
                continue
            }
            bytes.append(plusAsSpace && byte == 0x2B ? 0x20 : byte)
            index = utf8.index(after: index)
        }
        return bytes
    }

    /// Encodes everything but unreserved characters; spaces become `+`.
    static func encodeForm(_ text: String) -> String {
        encode(text, spaceAsPlus: true, keeping: { isUnreserved($0) })
    }

    /// Encodes a path segment value for a URL, keeping `/` when `keepSlash` is set.
    static func encodePath(_ text: String, keepSlash: Bool = false) -> String {
        encode(text) { byte in
            isUnreserved(byte) || (keepSlash && byte == 0x2F)
                || [0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x3A, 0x40].contains(byte)
        }
    }

    /// Django's `iri_to_uri` (RFC 3987 §3.1): everything but ASCII letters, digits and
    /// `-._~/#%[]=:;$&()+,!?*@'` percent-encoded as UTF-8, so a URL with non-ASCII text (or
    /// spaces) can go in a header.
    package static func iriToURI(_ iri: String) -> String {
        encode(iri) { isUnreserved($0) || "/#%[]=:;$&()+,!?*@'".utf8.contains($0) }
    }

    /// Django's `escape_uri_path`: a decoded path percent-encoded again, keeping
    /// `/:@&+$,-_.!~*'()`.
    static func escapeURIPath(_ path: String) -> String {
        encode(path) { isUnreserved($0) || "/:@&+$,!*'()".utf8.contains($0) }
    }

    /// Encodes a `Content-Disposition` `filename*` value (RFC 5987's `attr-char` kept).
    static func encodeAttribute(_ text: String) -> String {
        encode(text) { byte in
            isUnreserved(byte) || [0x21, 0x23, 0x24, 0x26, 0x2B, 0x5E, 0x60, 0x7C].contains(byte)
        }
    }

    /// Django's `escape_leading_slashes`: a path starting with `//` would be read as a
    /// protocol-relative URL (`//evil.example/`) by a browser following it, so the second
    /// slash is encoded.
    static func escapeLeadingSlashes(_ path: String) -> String {
        path.hasPrefix("//") ? "/%2F" + path.dropFirst(2) : path
    }

    private static func encode(_ text: String, spaceAsPlus: Bool = false, keeping keep: (UInt8) -> Bool) -> String {
        guard !text.utf8.allSatisfy(keep) else { return text }
        let hex: StaticString = "0123456789ABCDEF"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if keep(byte) {
                bytes.append(byte)
            } else if spaceAsPlus && byte == 0x20 {
                bytes.append(0x2B)
            } else {
                bytes.append(0x25)
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
