/// XML written as Django's `SimplerXMLGenerator` (Python's `XMLGenerator` with short empty
/// elements) writes it, so that feeds are Django's byte for byte: attributes sorted by name
/// and quoted as `quoteattr` quotes them, text escaped as `escape` escapes it, and an element
/// with no text closed as `<link …/>`.
struct XMLWriter {
    /// What is written so far.
    private(set) var output = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
    private var startIsOpen = false

    /// `<name attributes…`, left open until text or the end follows.
    mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        closeStart()
        output += "<" + name
        // NB: by code point, as Python's `sorted` orders the names.
        let sorted = attributes.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) }
        for (key, value) in sorted { output += " " + key + "=" + Self.quoted(value) }
        startIsOpen = true
    }

    /// Escaped text; none for empty text, as Python writes none (so `<link …/>` stays short).
    /// Control characters XML 1.0 cannot hold are an error, as Django's
    /// `UnserializableContentError`.
    mutating func text(_ text: String) throws(FeedError) {
        guard !text.isEmpty else { return }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }) {
            throw FeedError("Control characters are not supported in XML 1.0")
        }
        closeStart()
        output += Self.escaped(text)
    }

    /// `</name>`, or `/>` when the element has no text.
    mutating func end(_ name: String) {
        if startIsOpen {
            output += "/>"
            startIsOpen = false
        } else {
            output += "</" + name + ">"
        }
    }

    /// An element with at most text inside (Django's `addQuickElement`).
    mutating func element(_ name: String, _ text: String? = nil, _ attributes: [(String, String)] = [])
        throws(FeedError)
    {
        start(name, attributes)
        if let text { try self.text(text) }
        end(name)
    }

    private mutating func closeStart() {
        if startIsOpen {
            output += ">"
            startIsOpen = false
        }
    }

    /// Python's `xml.sax.saxutils.escape`.
    static func escaped(_ text: String) -> String { escaped(text, attribute: false) }

    /// Python's `quoteattr`: escaped, line breaks and tabs as references, in double quotes, or
    /// in single quotes when the value holds a double quote and no single one.
    static func quoted(_ value: String) -> String {
        let text = escaped(value, attribute: true)
        let scalars = value.unicodeScalars
        guard scalars.contains("\"") else { return "\"" + text + "\"" }
        guard scalars.contains("'") else { return "'" + text + "'" }
        var result = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { result += "&quot;" } else { result.unicodeScalars.append(scalar) }
        }
        return result + "\""
    }

    private static func escaped(_ text: String, attribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\n" where attribute: result += "&#10;"
            case "\r" where attribute: result += "&#13;"
            case "\t" where attribute: result += "&#9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A feed that cannot be written: its text holds characters XML 1.0 cannot.
public struct FeedError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, in Django's words.
    public let description: String

    init(_ description: String) { self.description = description }
}
