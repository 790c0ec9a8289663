internal import Foundation
internal import PonyAuth
internal import PonyORM

/// Writes `django_admin_log` rows as Django's `LogEntryManager.log_actions` does.
enum AdminLogWriter {
    /// Logs one action on one object.
    static func log(
        _ action: LogEntry.Action, user: User, info: SchemaInfo, key: DatabaseValue, text: String, message: String = ""
    ) async throws {
        let type = try await ContentType.for(info.model)
        _ = try await LogEntry(
            user: ForeignKey(user), contentType: ForeignKey(type), objectID: AdminFields.display(key),
            objectRepr: String(text.prefix(200)), actionFlag: UInt16(action.rawValue), changeMessage: message
        ).save()
    }

    /// `app_label.model` of a content type, to match registrations.
    static func contentTypeKey(_ info: SchemaInfo) -> String { "\(info.appLabel).\(info.name.lowercased())" }

    /// The model name of a loaded content type ("task").
    static func modelName(of key: ForeignKey<ContentType>) -> String { key.cached?.model ?? "" }
}

extension ForeignKey<ContentType> {
    /// `app_label.model` of the loaded content type.
    var key: String { cached.map { "\($0.appLabel).\($0.model)" } ?? "" }
}

/// Django's admin `quote`/`unquote`: a primary key in a URL path, with the characters that
/// mean something in a URL written `_XX`.
enum AdminQuote {
    private static let special: Set<Character> = [
        "\"", ":", "/", "_", "#", "?", ";", "@", "&", "=", "+", "$", ",", "[", "]", "<", ">", "%", "\n", "\\",
    ]

    static func quote(_ text: String) -> String {
        // NB: keys are mostly numbers, which need nothing.
        if text.utf8.allSatisfy({
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
        }) {
            return text
        }
        var out = ""
        for character in text {
            if special.contains(character), let ascii = character.asciiValue {
                out += String(format: "_%02X", ascii)
            } else {
                out.append(character)
            }
        }
        return out.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", ";"])) ?? out
    }

    static func unquote(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            let pair = utf8.prefix(2)
            if byte == UInt8(ascii: "_"), pair.count == 2, pair.allSatisfy(isUpperHex),
                let value = UInt8(String(decoding: pair, as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUpperHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
