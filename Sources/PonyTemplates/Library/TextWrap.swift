/// Django's `wordwrap` (`django.utils.text.wrap`): Python's `textwrap.TextWrapper` with long
/// words kept whole, hyphens not broken on, and existing line breaks kept.
enum TextWrap {
    static let filter = TemplateFilter("wordwrap", isSafe: true, argument: .required) { value, argument, _ in
        guard let width = BuiltinFilters.integer(argument) else {
            throw TemplateRenderError("wordwrap: the width must be an integer, not '\(argument?.text ?? "")'")
        }
        return .string(try wrap(value.text, width: width))
    }

    static func wrap(_ text: String, width: Int) throws -> String {
        guard width > 0 else { throw TemplateRenderError("wordwrap: invalid width \(width) (must be > 0)") }
        var result: [String] = []
        for line in splitLines(text) {
            let wrapped = wrapLine(expandTabs(line), width: width)
            if wrapped.isEmpty { result.append(String(String.UnicodeScalarView(line))) } else { result += wrapped }
        }
        if text.unicodeScalars.last == "\n" { result.append("") }
        return result.joined(separator: "\n")
    }

    /// Python's `str.splitlines()`.
    static func splitLines(_ text: String) -> [ArraySlice<Unicode.Scalar>] {
        let scalars = Array(text.unicodeScalars)
        var lines: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        var i = 0
        while i < scalars.count {
            switch scalars[i].value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                lines.append(scalars[start..<i])
                if scalars[i] == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                start = i + 1
            default: break
            }
            i += 1
        }
        if start < scalars.count { lines.append(scalars[start...]) }
        return lines
    }

    /// Python's `str.expandtabs()` (tab stops every 8 columns).
    private static func expandTabs(_ line: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        guard line.contains("\t") else { return Array(line) }
        var result: [Unicode.Scalar] = []
        for scalar in line {
            if scalar == "\t" {
                result += repeatElement(" ", count: 8 - result.count % 8)
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    /// `TextWrapper._wrap_chunks` over the line's words and whitespace runs.
    private static func wrapLine(_ line: [Unicode.Scalar], width: Int) -> [String] {
        var chunks: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        while start < line.count {
            let isSpace = isChunkSpace(line[start])
            var end = start + 1
            while end < line.count, isChunkSpace(line[end]) == isSpace { end += 1 }
            chunks.append(line[start..<end])
            start = end
        }
        chunks.reverse()
        var lines: [String] = []
        while !chunks.isEmpty {
            var current: [ArraySlice<Unicode.Scalar>] = []
            var length = 0
            if let last = chunks.last, isBlank(last), !lines.isEmpty { chunks.removeLast() }
            while let last = chunks.last, length + last.count <= width {
                current.append(chunks.removeLast())
                length += last.count
            }
            if let last = chunks.last, last.count > width, current.isEmpty {
                current.append(last)
                chunks.removeLast()
            }
            if let last = current.last, isBlank(last) { current.removeLast() }
            if !current.isEmpty { lines.append(String(String.UnicodeScalarView(current.joined()))) }
        }
        return lines
    }

    /// The whitespace `textwrap` splits on.
    private static func isChunkSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\r"
    }

    /// `chunk.strip() == ''`.
    private static func isBlank(_ chunk: ArraySlice<Unicode.Scalar>) -> Bool { chunk.allSatisfy(\.isPythonSpace) }
}
