internal import Foundation

/// UUIDs written as text, read as pydantic reads them (with Rust's `uuid` crate): 32 hex
/// digits, the hyphenated 8-4-4-4-12 form, either in braces or after `urn:uuid:`. A refusal
/// says what is wrong as that crate says it: the first character that is neither a hex digit
/// nor a hyphen, else the length or the groups.
enum UUIDText {
    static func read(_ text: String) -> Result<UUID, Rejection> {
        var body = Substring(text)
        if body.lowercased().hasPrefix("urn:uuid:") {
            body = body.dropFirst(9)
        } else if body.count == 38, body.first == "{", body.last == "}" {
            body = body.dropFirst().dropLast()
        }
        var groups: [Int] = [0]
        for (offset, character) in body.enumerated() {
            if character == "-" {
                groups.append(0)
            } else if character.isHexDigit, character.isASCII {
                groups[groups.count - 1] += 1
            } else {
                return .failure(.uuidParsing("invalid character: found `\(character)` at \(offset + 1)"))
            }
        }
        if groups.count == 1 {
            guard groups[0] == 32 else {
                return .failure(
                    .uuidParsing("invalid length: expected length 32 for simple format, found \(groups[0])"))
            }
            var hyphenated = String(body)
            for offset in [8, 13, 18, 23] {
                hyphenated.insert("-", at: hyphenated.index(hyphenated.startIndex, offsetBy: offset))
            }
            body = Substring(hyphenated)
        } else {
            guard groups.count == 5 else {
                return .failure(.uuidParsing("invalid group count: expected 5, found \(groups.count)"))
            }
            for (index, (found, expected)) in zip(groups, [8, 4, 4, 4, 12]).enumerated() where found != expected {
                return .failure(
                    .uuidParsing("invalid group length in group \(index): expected \(expected), found \(found)"))
            }
        }
        return UUID(uuidString: String(body)).map { .success($0) } ?? .failure(.uuidParsing("invalid character"))
    }
}
