internal import PonySupport

// The failure messages of Python's unittest that Django's assertions pass on
// (`assertEqual` of two lists, `assertCountEqual`, `assertDictEqual` of two Counters), without
// the `difflib` diff unittest adds after them.

/// unittest's `_common_shorten_repr`: reprs longer than 80 characters lose the middle of what
/// they share, and then of what they do not (`[Mess[26 chars]ed.')]`).
func shortenedReprs(_ first: String, _ second: String) -> (String, String) {
    let (maxLength, placeholder, beginLength, endLength, commonLength) = (80, 12, 5, 5, 5)
    let diffLength = maxLength - (beginLength + placeholder + commonLength + placeholder + endLength)
    let a = Array(first.unicodeScalars)
    let b = Array(second.unicodeScalars)
    let longest = max(a.count, b.count)
    guard longest > maxLength else { return (first, second) }
    var prefixLength = 0
    while prefixLength < min(a.count, b.count), a[prefixLength] == b[prefixLength] { prefixLength += 1 }
    func shorten(_ text: ArraySlice<Unicode.Scalar>, _ keep: Int, _ tail: Int) -> String {
        let skip = text.count - keep - tail
        guard skip > placeholder else { return String(String.UnicodeScalarView(text)) }
        return String(String.UnicodeScalarView(text.prefix(keep))) + "[\(skip) chars]"
            + String(String.UnicodeScalarView(text.suffix(tail)))
    }
    let common = maxLength - (longest - prefixLength + beginLength + placeholder)
    if common > commonLength {
        let prefix = shorten(a[..<prefixLength], beginLength, common)
        return (
            prefix + String(String.UnicodeScalarView(a[prefixLength...])),
            prefix + String(String.UnicodeScalarView(b[prefixLength...]))
        )
    }
    let prefix = shorten(a[..<prefixLength], beginLength, commonLength)
    return (
        prefix + shorten(a[prefixLength...], diffLength, endLength),
        prefix + shorten(b[prefixLength...], diffLength, endLength)
    )
}

/// unittest's `assertListEqual` message for two lists that differ, given their elements' reprs
/// and whether two elements are equal: `Lists differ: [...] != [...]`, then the first
/// differing element or the first extra one.
func listsDiffer<T>(_ first: [T], _ second: [T], repr: (T) -> String, equal: (T, T) -> Bool) -> String? {
    let reprs = (first.map(repr), second.map(repr))
    let (a, b) = shortenedReprs(
        "[" + reprs.0.joined(separator: ", ") + "]", "[" + reprs.1.joined(separator: ", ") + "]")
    var message = "Lists differ: \(a) != \(b)\n"
    var differs = first.count != second.count
    for index in 0..<min(first.count, second.count) where !equal(first[index], second[index]) {
        let (x, y) = shortenedReprs(reprs.0[index], reprs.1[index])
        message += "\nFirst differing element \(index):\n\(x)\n\(y)\n"
        differs = true
        break
    }
    guard differs else { return nil }
    if first.count > second.count {
        message += "\nFirst list contains \(first.count - second.count) additional elements.\n"
        message += "First extra element \(second.count):\n\(reprs.0[second.count])\n"
    } else if first.count < second.count {
        message += "\nSecond list contains \(second.count - first.count) additional elements.\n"
        message += "First extra element \(first.count):\n\(reprs.1[first.count])\n"
    }
    return String(message.dropLast())
}

/// unittest's `assertCountEqual` message (`_count_diff_all_purpose`): for each element whose
/// count differs, in the order first met, `First has 1, Second has 0:  <repr>`.
func countsDiffer<T>(_ first: [T], _ second: [T], repr: (T) -> String, equal: (T, T) -> Bool) -> String? {
    var left: [T?] = first
    var right: [T?] = second
    var lines: [String] = []
    for index in left.indices {
        guard let element = left[index] else { continue }
        var (inFirst, inSecond) = (0, 0)
        for other in index..<left.count where left[other].map({ equal($0, element) }) == true {
            inFirst += 1
            left[other] = nil
        }
        for other in right.indices where right[other].map({ equal($0, element) }) == true {
            inSecond += 1
            right[other] = nil
        }
        if inFirst != inSecond { lines.append("First has \(inFirst), Second has \(inSecond):  \(repr(element))") }
    }
    for index in right.indices {
        guard let element = right[index] else { continue }
        var count = 0
        for other in index..<right.count where right[other].map({ equal($0, element) }) == true {
            count += 1
            right[other] = nil
        }
        lines.append("First has 0, Second has \(count):  \(repr(element))")
    }
    return lines.isEmpty ? nil : "Element counts were not equal:\n" + lines.joined(separator: "\n")
}

/// Python's `repr(Counter(elements))`: the most common first, ties in the order first met.
func counterRepr<T: Hashable>(_ elements: [T], repr: (T) -> String) -> String {
    var order: [T] = []
    var counts: [T: Int] = [:]
    for element in elements {
        if counts[element] == nil { order.append(element) }
        counts[element, default: 0] += 1
    }
    guard !order.isEmpty else { return "Counter()" }
    // NB: a stable sort, as `most_common`'s `sorted`.
    let sorted = order.enumerated().sorted { lhs, rhs in
        let (a, b) = (counts[lhs.element] ?? 0, counts[rhs.element] ?? 0)
        return a != b ? a > b : lhs.offset < rhs.offset
    }
    return "Counter({" + sorted.map { "\(repr($0.element)): \(counts[$0.element] ?? 0)" }.joined(separator: ", ") + "})"
}

/// How Python's `repr` writes a Swift value: strings quoted as Python quotes them, `True` and
/// `False`, `None` for `nil`, numbers as they print.
func pythonValueRepr(_ value: Any) -> String {
    switch value {
    case let text as String: pythonRepr(text)
    case let flag as Bool: flag ? "True" : "False"
    case let number as Double: pythonRepr(number)
    case let optional as any OptionalRepresentable: optional.wrapped.map(pythonValueRepr) ?? "None"
    default: String(describing: value)
    }
}

/// An optional's wrapped value, whatever its type.
private protocol OptionalRepresentable {
    var wrapped: Any? { get }
}

extension Optional: OptionalRepresentable {
    var wrapped: Any? { self.map { $0 as Any } }
}
