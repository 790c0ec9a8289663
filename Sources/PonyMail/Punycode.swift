internal import Foundation

/// RFC 3492 Punycode, for internationalised domain names in mail addresses: Django's
/// `punycode(domain)` turns `bücher.example` into `xn--bcher-kva.example` before a domain goes
/// into a header or an SMTP envelope.
enum Punycode {
    /// `domain` with each non-ASCII label case-folded and NFKC-normalised (IDNA 2003's
    /// nameprep, which Python's `idna` codec applies, in its common cases: `straße` is
    /// `strasse`) and, if still not ASCII, encoded as `xn--…`.
    static func domain(_ domain: String) -> String {
        guard !domain.unicodeScalars.allSatisfy(\.isASCII) else { return domain }
        return domain.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            guard !label.unicodeScalars.allSatisfy(\.isASCII) else { return String(label) }
            let prepared = String(label).folding(options: .caseInsensitive, locale: nil)
                .precomposedStringWithCompatibilityMapping
            if prepared.unicodeScalars.allSatisfy(\.isASCII) { return prepared }
            return "xn--" + encode(Array(prepared.unicodeScalars).map(\.value))
        }.joined(separator: ".")
    }

    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700

    /// The Punycode of `input` (code points), without the `xn--` prefix.
    static func encode(_ input: [UInt32]) -> String {
        var output = input.filter { $0 < 0x80 }.compactMap { Unicode.Scalar($0).map(Character.init) }
        let basicCount = output.count
        if basicCount > 0 { output.append("-") }
        var n: UInt32 = 0x80
        var delta = 0
        var bias = 72
        var handled = basicCount
        while handled < input.count {
            // NB: the smallest code point not yet handled; input is at most a label (63 bytes
            // once encoded), so none of the arithmetic below can overflow.
            guard let next = input.filter({ $0 >= n }).min() else { break }
            delta += Int(next - n) * (handled + 1)
            n = next
            for code in input {
                if code < n { delta += 1 }
                guard code == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(output)
    }

    private static func digit(_ value: Int) -> Character {
        value < 26 ? Character(Unicode.Scalar(UInt8(97 + value))) : Character(Unicode.Scalar(UInt8(22 + value)))
    }

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
