/// Escapes text for safe inclusion in HTML, as Django's `django.utils.html.escape` does.
///
/// The five characters `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;`
/// and `&#x27;`; everything else is kept as is.
///
/// ```swift
/// escapeHTML("<b>\"Tom\" & 'Jerry'</b>")
/// // &lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;
/// ```
public func escapeHTML(_ text: some StringProtocol) -> String {
    let text = String(text)
    guard let first = firstHTMLSpecialOffset(text) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 16)
    appendEscapedHTML(text, from: first, to: &result)
    return result
}

/// Appends `text` to `output`, escaped as ``escapeHTML(_:)`` escapes it, without building an
/// intermediate string: what template rendering does for every variable.
public func appendEscapedHTML(_ text: String, to output: inout String) {
    guard let first = firstHTMLSpecialOffset(text) else {
        output += text
        return
    }
    appendEscapedHTML(text, from: first, to: &output)
}

/// The UTF-8 offset of the first character that needs escaping.
private func firstHTMLSpecialOffset(_ text: String) -> Int? {
    let scan = text.utf8.withContiguousStorageIfAvailable(firstHTMLSpecial)
    if let scan { return scan }
    return text.utf8.firstIndex { $0 <= 0x3E && isHTMLSpecial($0) }.map {
        text.utf8.distance(from: text.utf8.startIndex, to: $0)
    }
}

/// Scans eight bytes at a time: a word holds one of the five bytes when `word ^ pattern` has
/// a zero byte.
private func firstHTMLSpecial(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = bytes.count
    var offset = 0
    if let base = UnsafeRawPointer(bytes.baseAddress) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
            let x = word ^ (ones &* UInt64(byte))
            return (x &- ones) & ~x & highs != 0
        }
        while offset + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if hasByte(word, 0x26) || hasByte(word, 0x3C) || hasByte(word, 0x3E) || hasByte(word, 0x22)
                || hasByte(word, 0x27)
            {
                break
            }
            offset += 8
        }
    }
    while offset < count {
        if bytes[offset] <= 0x3E && isHTMLSpecial(bytes[offset]) { return offset }
        offset += 1
    }
    return nil
}

@inline(__always)
private func isHTMLSpecial(_ byte: UInt8) -> Bool {
    byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
}

/// Appends `text` escaped, copying the runs between special characters as they are.
private func appendEscapedHTML(_ text: String, from first: Int, to output: inout String) {
    let utf8 = text.utf8
    var runStart = utf8.startIndex
    var index = utf8.index(utf8.startIndex, offsetBy: first)
    while index < utf8.endIndex {
        let byte = utf8[index]
        if byte <= 0x3E && isHTMLSpecial(byte) {
            output += text[runStart..<index]
            switch byte {
            case 0x26: output += "&amp;"
            case 0x3C: output += "&lt;"
            case 0x3E: output += "&gt;"
            case 0x22: output += "&quot;"
            default: output += "&#x27;"
            }
            runStart = utf8.index(after: index)
        }
        index = utf8.index(after: index)
    }
    output += text[runStart...]
}
