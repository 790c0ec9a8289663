internal import Foundation

/// One mailbox: an optional display name and an address (`Zoë <zoe@example.com>`).
///
/// Parsed from the strings an ``EmailMessage`` holds, the way Django's `sanitize_address`
/// reads them, and written back for headers and the SMTP envelope.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name (`Zoë`), empty when there is none.
    public var name: String
    /// The address (`zoe@example.com`).
    public var address: String

    /// A mailbox.
    public init(name: String = "", address: String) {
        self.name = name
        self.address = address
    }

    /// Parses `"Name <local@domain>"`, `"\"Last, First\" <local@domain>"` or `"local@domain"`.
    ///
    /// - Throws: ``EmailError`` for anything else, and for line breaks anywhere (which would
    ///   let a value start a header of its own).
    public init(parsing text: String) throws(EmailError) {
        if text.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw EmailError("Invalid address; address parts cannot contain newlines.")
        }
        let trimmed = text.trimmingSpaces
        var name = ""
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            name = Self.unquoted(String(trimmed[..<open]).trimmingSpaces)
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex,
            !address.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "," || $0 == "\t" })
        else {
            throw EmailError("Invalid address \"\(text)\": write it as name@example.com or Name <name@example.com>.")
        }
        self.init(name: name, address: address)
    }

    /// The address as it goes into an SMTP envelope and headers: the domain in Punycode.
    ///
    /// - Throws: ``EmailError`` when the local part is not ASCII, which needs SMTPUTF8.
    public func encodedAddress() throws(EmailError) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        let local = address[..<at]
        guard local.unicodeScalars.allSatisfy(\.isASCII) else {
            throw EmailError(
                "The address \(address) has a non-ASCII local part, which needs SMTPUTF8; Pony sends ASCII local parts only."
            )
        }
        let domain = address[address.index(after: at)...]
        // NB: as Python's `idna` codec, which refuses a label longer than DNS allows; checked
        // before encoding too, so a hostile address costs no more than a short one.
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let tooLong = { (labels: [Substring]) in labels.contains { $0.unicodeScalars.count > 63 } }
        guard !tooLong(labels), !tooLong(Punycode.domain(String(domain)).split(separator: ".")) else {
            throw EmailError("Invalid address \(address): a part of its domain is longer than 63 characters.")
        }
        return local + "@" + Punycode.domain(String(domain))
    }

    /// `Name <address>` for a header (Python's `formataddr`): a name with specials quoted, a
    /// non-ASCII one as encoded words; the words, for folding.
    func headerWords(prefixLength: Int) throws(EmailError) -> [String] {
        let address = try encodedAddress()
        guard !name.isEmpty else { return [address] }
        if name.unicodeScalars.allSatisfy(\.isASCII) {
            let quoted =
                name.contains(where: { Self.specials.contains($0) })
                ? "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\"" : name
            return [quoted, "<\(address)>"]
        }
        return MIMEHeader.encodedWords(name, prefixLength: prefixLength) + ["<\(address)>"]
    }

    /// `Name <address>`, or the address alone.
    public var description: String { name.isEmpty ? address : "\(name) <\(address)>" }

    private static let specials: Set<Character> = ["(", ")", "<", ">", "@", ",", ":", ";", ".", "\"", "[", "]", "\\"]

    private static func unquoted(_ name: String) -> String {
        guard name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") else { return name }
        var output = ""
        var escaped = false
        for character in name.dropFirst().dropLast() {
            if escaped || character != "\\" {
                output.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return output
    }
}

extension MIMEHeader {
    /// An address header (`To: a@example.com, Zoë <zoe@example.com>`), folded between words.
    static func addresses(_ name: String, _ values: [String]) throws(EmailError) -> String {
        var words: [String] = []
        for (index, value) in values.enumerated() {
            var parts = try MailAddress(parsing: value).headerWords(prefixLength: name.utf8.count + 2)
            if index < values.count - 1, let last = parts.popLast() { parts.append(last + ",") }
            words += parts
        }
        return fold(name + ": ", words: words)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
