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
        var output: [UInt8] = []
        let bytes = Array(source.utf8)
        var index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2F, at(1) == 0x2F {
                while index < bytes.count, bytes[index] != 0x0A {
                    output.append(0x20)
                    index += 1
                }
            } else if byte == 0x2F, at(1) == 0x2A {
                var depth = 0
                repeat {
                    if bytes[index] == 0x2F, at(1) == 0x2A {
                        depth += 1
                        output += [0x20, 0x20]
                        index += 2
                    } else if bytes[index] == 0x2A, at(1) == 0x2F {
                        depth -= 1
                        output += [0x20, 0x20]
                        index += 2
                    } else {
                        output.append(bytes[index] == 0x0A ? 0x0A : 0x20)
                        index += 1
                    }
                } while depth > 0 && index < bytes.count
            } else if byte == 0x22 {
                let triple = at(1) == 0x22 && at(2) == 0x22
                let quote: [UInt8] = triple ? [0x22, 0x22, 0x22] : [0x22]
                output += quote.map { _ in 0x20 }
                index += quote.count
                while index < bytes.count {
                    if bytes[index] == 0x5C {
                        output += [0x20, 0x20]
                        index += 2
                        continue
                    }
                    if bytes[index...].starts(with: quote) {
                        output += quote.map { _ in 0x20 }
                        index += quote.count
                        break
                    }
                    output.append(bytes[index] == 0x0A ? 0x0A : 0x20)
                    index += 1
                }
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output.prefix(bytes.count), as: UTF8.self)
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
