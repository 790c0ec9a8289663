// Model discovery (ARCHITECTURE.md §4): `@Model` structs declared in an app's file are found
// without being listed again. `pony` reads the file for them and compiles it with a function
// appended that lists them; the app looks that function up by name at start-up.
import Foundation

enum ModelDiscovery {
    /// The names of the structs marked `@Model` in `source`, skipping comments and strings.
    static func models(in source: String) -> [String] {
        let code = Array(stripCommentsAndStrings(source).utf8)
        var names: [String] = []
        var index = 0
        func isIdentifier(_ byte: UInt8) -> Bool {
            byte == 0x5F || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        }
        func word(at position: Int) -> (String, Int)? {
            var start = position
            while start < code.count, !isIdentifier(code[start]) { start += 1 }
            var end = start
            while end < code.count, isIdentifier(code[end]) { end += 1 }
            return end > start ? (String(decoding: code[start..<end], as: UTF8.self), end) : nil
        }
        let marker = Array("@Model".utf8)
        while index + marker.count <= code.count {
            guard code[index..<index + marker.count].elementsEqual(marker),
                index + marker.count == code.count || !isIdentifier(code[index + marker.count])
            else {
                index += 1
                continue
            }
            // Skip the attribute's arguments and other attributes/modifiers up to `struct`.
            var position = index + marker.count
            var depth = 0
            while position < code.count {
                let byte = code[position]
                if byte == 0x28 { depth += 1 }
                if byte == 0x29 { depth -= 1 }
                if depth == 0, let (found, end) = word(at: position), found == "struct" {
                    if let (name, _) = word(at: end) { names.append(name) }
                    break
                }
                if depth == 0 && (byte == 0x7B || byte == 0x3D) { break }
                position += 1
            }
            index = position + 1
        }
        return names
    }

    /// `source` with comments and string literals blanked out (lengths kept).
    static func stripCommentsAndStrings(_ source: String) -> String {
        let lexed = SwiftSource(source)
        let code = zip(lexed.bytes, lexed.kinds).map { byte, kind in kind == .code || byte == 0x0A ? byte : 0x20 }
        return String(decoding: code, as: UTF8.self)
    }

    /// The file `swiftc` compiles: the app's source, mapped to its own path for diagnostics
    /// and `#filePath`, with the list of its models appended.
    static func wrappedSource(_ source: String, path: String, models: [String]) -> String {
        // A shebang is only valid on the first line; it becomes a comment of the same line.
        let body = source.hasPrefix("#!") ? "//" + source.dropFirst(2) : Substring(source)
        var text = "#sourceLocation(file: \"\(path)\", line: 1)\n" + body
        if !text.hasSuffix("\n") { text += "\n" }
        let list = models.map { "\($0).self" }.joined(separator: ", ")
        text += """
            #sourceLocation()
            @_cdecl("pony_app_models") public func _ponyAppModels() -> UnsafeMutableRawPointer {
                Pony._exportModels([\(list)])
            }

            """
        return text
    }
}
