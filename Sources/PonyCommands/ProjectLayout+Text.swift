// The text work of `pony convert`: words and references in code, templates taken out of
// literals, the app's declaration given its name, and statements indented into functions.
import Foundation

extension ProjectLayout {
    /// A statement `app.templates["NAME"] = "…"` whose literal holds no escapes or
    /// interpolations, as a template file: its name and contents.
    static func template(_ item: TopLevelItem, app: String) -> (name: String, contents: String)? {
        let prefix = "\(app).templates[\""
        let text = item.text
        guard text.hasPrefix(prefix), !text.contains("\\"), !text.contains("#\"") else { return nil }
        let afterPrefix = text.dropFirst(prefix.count)
        guard let close = afterPrefix.range(of: "\"]") else { return nil }
        let name = String(afterPrefix[..<close.lowerBound])
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"),
            !components.contains(where: { $0.isEmpty || $0 == ".." || $0 == "." }),
            !name.contains("\"")
        else { return nil }
        let assigned = afterPrefix[close.upperBound...].drop { $0 == " " }
        guard assigned.hasPrefix("="), !assigned.hasPrefix("==") else { return nil }
        let literal = assigned.dropFirst().drop { $0 == " " }
        if literal.hasPrefix("\"\"\"") {
            let lines = literal.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.count >= 2, lines[0] == "\"\"\"", let last = lines.last,
                last.trimmingPrefix(while: { $0 == " " }) == "\"\"\""
            else { return nil }
            let indentation = last.prefix { $0 == " " }
            var contents: [Substring] = []
            for line in lines.dropFirst().dropLast() {
                if line.allSatisfy({ $0 == " " }) {
                    contents.append("")
                } else if line.hasPrefix(indentation), !line.contains("\"\"\"") {
                    contents.append(line.dropFirst(indentation.count))
                } else {
                    return nil
                }
            }
            return (name, contents.joined(separator: "\n"))
        }
        guard literal.hasPrefix("\""), literal.count >= 2, literal.hasSuffix("\""), !literal.contains("\n") else {
            return nil
        }
        let body = literal.dropFirst().dropLast()
        return body.contains("\"") ? nil : (name, String(body))
    }

    /// `let app = Pony(…)` with the app's name and base directory added, so that the target's
    /// main.swift (two folders below the project) finds `templates/`, `db.sqlite3` and
    /// `migrations/` where the single file did, and keeps its name.
    static func namingApp(_ item: TopLevelItem, name: String) -> String {
        let code = Array(item.code.utf8)
        let text = Array(item.text.utf8)
        let marker = Array("Pony(".utf8)
        guard let start = code.indices.first(where: { code[$0...].starts(with: marker) }) else { return item.text }
        let open = start + marker.count - 1
        var depth = 0
        var close = open
        for index in open..<code.count {
            if code[index] == UInt8(ascii: "(") { depth += 1 }
            if code[index] == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 {
                    close = index
                    break
                }
            }
        }
        guard close > open else { return item.text }
        let arguments = String(decoding: code[(open + 1)..<close], as: UTF8.self)
        let quoted =
            "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        var added = "name: \(quoted)"
        if !arguments.contains("settings:") { added += ", baseDirectory: \"../..\"" }
        let separator = arguments.allSatisfy(\.isWhitespace) ? "" : ", "
        return String(decoding: text[..<close], as: UTF8.self) + separator + added
            + String(decoding: text[close...], as: UTF8.self)
    }

    /// Identifiers (attributes with their `@`) and punctuation, in order.
    static func tokens(_ code: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        for character in code {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else if character == "@" {
                flush()
                current = "@"
            } else {
                flush()
                if !character.isWhitespace { tokens.append(String(character)) }
            }
        }
        flush()
        return tokens
    }

    /// The names `code` may refer to: its identifiers, less members (`.name`, `\\.name`) and
    /// the names it declares (`var name`).
    static func references(_ code: String) -> Set<String> {
        let tokens = tokens(code)
        var names = Set<String>()
        for (index, token) in tokens.enumerated() where token.first.map({ $0.isLetter || $0 == "_" }) ?? false {
            let before = index > 0 ? tokens[index - 1] : ""
            if before == "." || ["var", "let", "func", "case", "struct", "class", "enum"].contains(before) { continue }
            names.insert(token)
        }
        return names
    }

    /// The words of `code` outside braces: a `try` there makes the statement throw where it
    /// stands, not inside a closure.
    static func wordsOutsideBraces(_ code: String) -> Set<String> {
        var depth = 0
        var outside: [String] = []
        for token in tokens(code) {
            if token == "{" {
                depth += 1
            } else if token == "}" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                outside.append(token)
            }
        }
        return Set(outside)
    }

    static func skipParentheses(_ tokens: [String], _ open: Int) -> Int {
        var depth = 0
        var index = open
        while index < tokens.count {
            if tokens[index] == "(" { depth += 1 }
            if tokens[index] == ")" {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return index
    }

    /// Leading trivia with one blank line before it if it had any.
    static func spaced(_ leading: String) -> String {
        let rest = trimmed(leading)
        return leading.prefix(leading.count - rest.count).contains("\n") ? "\n" + rest : rest
    }

    /// Leading trivia without its blank lines at the start (files are joined with one).
    static func trimmed(_ leading: String) -> String {
        String(leading.drop { $0 == "\n" || $0 == " " || $0 == "\t" })
    }

    /// A statement's lines indented one level (blank lines stay empty, so multi-line string
    /// literals keep their contents: their closing delimiter moves with them).
    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.allSatisfy { $0 == " " || $0 == "\t" } ? "" : "    " + $0 }
            .joined(separator: "\n")
    }

    static func ending(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }
}
