/// Python's `message % values` for `%(name)X` and `%%` (the values given as text), or `nil`
/// where Python raises (a missing name, a directive other than `kinds`): how translated
/// messages get their values, as Django's `%` gives them.
package func pythonInterpolate(_ message: String, _ values: [String: String], kinds: String = "sdr") -> String? {
    var result = ""
    var rest = Substring(message)
    while let percent = rest.firstIndex(of: "%") {
        result += rest[..<percent]
        rest = rest[rest.index(after: percent)...]
        if rest.first == "%" {
            result += "%"
            rest = rest.dropFirst()
            continue
        }
        guard rest.first == "(", let close = rest.firstIndex(of: ")") else { return nil }
        let name = String(rest[rest.index(after: rest.startIndex)..<close])
        rest = rest[rest.index(after: close)...]
        guard let kind = rest.first, kinds.contains(kind), let value = values[name] else { return nil }
        rest = rest.dropFirst()
        result += value
    }
    return result + rest
}
