public import Foundation
internal import PonySupport

// How a message is written (Django's `EmailMessage.message()` through Python's `email`
// package): the body part (7bit, 8bit, or quoted-printable when a line is longer than RFC
// 5322's 998 bytes), wrapped in `multipart/alternative` when there are alternatives and in
// `multipart/mixed` when there are attachments; then Subject, From, To, Cc, Reply-To, Date,
// Message-ID and the extra headers, each checked for line breaks and encoded when not ASCII.

extension EmailMessage {
    /// The message as MIME text with `\n` line endings (Django's
    /// `message().as_bytes(linesep="\n")`, decoded): what the console and file backends write,
    /// and, with CRLF line endings, what SMTP sends.
    ///
    /// - Parameters:
    ///   - defaultFrom: the sender when ``from`` is `nil`.
    ///   - date: the `Date` header's time.
    ///   - domain: the domain of the `Message-ID` (Django's `DNS_NAME`, this host's name).
    /// - Throws: ``EmailError`` for a header value with a line break or an unreadable address.
    public func mimeText(
        defaultFrom: String = Mail.defaultFrom, date: Date = Date(), domain: String = Mail.hostName
    ) throws(EmailError) -> String {
        var part = MIMEPart.text(body, subtype: contentSubtype)
        if !alternatives.isEmpty {
            part = .multipart(
                "alternative", [part] + alternatives.map { .text($0.content, subtype: Self.subtype($0.mimeType)) })
        }
        if !attachments.isEmpty {
            part = .multipart("mixed", [part] + attachments.map(MIMEPart.attachment))
        }
        var lines = part.headerLines
        lines.append(try Self.checked("Subject", subject) { MIMEHeader.encodedValue("Subject", $0) })
        lines.append(try addressLine("From", [header("From") ?? from ?? defaultFrom]))
        for (name, values) in [("To", to), ("Cc", cc), ("Reply-To", replyTo)] {
            if let value = header(name) {
                lines.append(try addressLine(name, [value]))
            } else if !values.isEmpty {
                lines.append(try addressLine(name, values))
            }
        }
        if header("Date") == nil { lines.append("Date: " + Self.rfc2822(date)) }
        if header("Message-ID") == nil { lines.append("Message-ID: " + Self.messageID(domain: domain, date: date)) }
        for (name, value) in headers where !["from", "to", "cc", "reply-to"].contains(name.lowercased()) {
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != ":" }) else {
                throw EmailError("Invalid header name \"\(name)\": use printable ASCII without spaces or colons.")
            }
            lines.append(try Self.checked(name, value) { MIMEHeader.encodedValue(name, $0) })
        }
        return lines.joined(separator: "\n") + "\n\n" + part.body
    }

    private func addressLine(_ name: String, _ values: [String]) throws(EmailError) -> String {
        _ = try Self.checked(name, values.joined(separator: ", ")) { $0 }
        // NB: a header given as one string may hold several addresses ("a@x, b@y").
        let addresses = values.flatMap { Self.splitAddresses($0) }
        return try MIMEHeader.addresses(name, addresses)
    }

    private static func checked(_ name: String, _ value: String, _ encode: (String) -> String) throws(EmailError)
        -> String
    {
        guard !value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            throw EmailError("Header values can't contain newlines (got \(pythonRepr(value)) for header '\(name)')")
        }
        return encode(value)
    }

    /// `"a@x, \"Last, First\" <b@y>"` split at the commas outside quotes and angle brackets.
    public static func splitAddresses(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "<" && !quoted {
                angle = true
            } else if character == ">" && !quoted {
                angle = false
            } else if character == "," && !quoted && !angle {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts.map(\.trimmingSpaces).filter { !$0.isEmpty }
    }

    private static func subtype(_ mimeType: String) -> String {
        mimeType.split(separator: "/", maxSplits: 1).last.map(String.init) ?? "plain"
    }

    /// Python's `formatdate(localtime=False)`: `Sun, 06 Dec 2026 00:00:00 -0000`.
    static func rfc2822(_ date: Date) -> String {
        PythonDates.utcFields(date.timeIntervalSince1970).rfc5322(zone: "-0000")
    }

    /// Python's `make_msgid(domain=…)`: `<centiseconds.pid.random@domain>`.
    static func messageID(domain: String, date: Date) -> String {
        let centiseconds = Int64(PythonDates.clamped(date.timeIntervalSince1970) * 100)
        return
            "<\(centiseconds).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max))@\(domain)>"
    }
}

/// One part of a MIME message: its header lines and its encoded body.
struct MIMEPart {
    var headerLines: [String]
    var body: String

    /// A `text/subtype` part in UTF-8: 7bit when ASCII, 8bit otherwise, quoted-printable when
    /// a line is longer than 998 bytes (Django's `SafeMIMEText`).
    static func text(_ text: String, subtype: String) -> MIMEPart {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let encoding: String
        let body: String
        if text.split(whereSeparator: \.isNewline).contains(where: { $0.utf8.count > 998 }) {
            (encoding, body) = ("quoted-printable", QuotedPrintable.encode(Array(normalized.utf8)))
        } else {
            (encoding, body) = (normalized.utf8.allSatisfy { $0 < 0x80 } ? "7bit" : "8bit", normalized)
        }
        return MIMEPart(
            headerLines: [
                "Content-Type: text/\(subtype); charset=\"utf-8\"", "MIME-Version: 1.0",
                "Content-Transfer-Encoding: \(encoding)",
            ], body: body)
    }

    /// An attachment: text types as text parts, others in base64, with a
    /// `Content-Disposition` naming the file (RFC 2231 for a non-ASCII name).
    static func attachment(_ attachment: EmailAttachment) -> MIMEPart {
        var part: MIMEPart
        if attachment.mimeType.hasPrefix("text/"), let content = String(validating: attachment.content, as: UTF8.self) {
            part = text(content, subtype: String(attachment.mimeType.dropFirst("text/".count)))
        } else {
            part = MIMEPart(
                headerLines: [
                    "Content-Type: \(attachment.mimeType)", "MIME-Version: 1.0", "Content-Transfer-Encoding: base64",
                ],
                body: Data(attachment.content).base64EncodedString(options: [
                    .lineLength76Characters, .endLineWithLineFeed,
                ]) + (attachment.content.isEmpty ? "" : "\n"))
        }
        if let filename = attachment.filename {
            let cleaned = filename.filter { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
            let parameter =
                cleaned.unicodeScalars.allSatisfy(\.isASCII)
                ? "filename=\""
                    + cleaned.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
                : "filename*=utf-8''" + QuotedPrintable.rfc2231(cleaned)
            part.headerLines.append(MIMEHeader.fold("Content-Disposition: ", words: ["attachment;", parameter]))
        }
        return part
    }

    /// A `multipart/subtype` part holding `parts`, with a boundary like Python's.
    static func multipart(_ subtype: String, _ parts: [MIMEPart]) -> MIMEPart {
        let boundary = "===============" + String(format: "%019lld", Int64.random(in: 0..<Int64.max)) + "=="
        let body =
            "--\(boundary)\n" + parts.map { $0.text }.joined(separator: "\n--\(boundary)\n") + "\n--\(boundary)--\n"
        return MIMEPart(
            headerLines: ["Content-Type: multipart/\(subtype);\n boundary=\"\(boundary)\"", "MIME-Version: 1.0"],
            body: body)
    }

    /// Headers, a blank line, and the body.
    var text: String { headerLines.joined(separator: "\n") + "\n\n" + body }
}
