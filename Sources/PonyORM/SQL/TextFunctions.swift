internal import PonyCrypto
internal import PonySupport

/// The text functions SQLite lacks (`LPAD`, `RPAD`, `REPEAT`, `REVERSE`, `MD5`), computed as
/// Django's SQLite backend computes them in Python: lengths and slices count code points
/// (Python's `len`), a negative length slices from the end (`text[:length]`), and `NULL` in
/// gives `NULL` out. PonySQLite registers them. A result past 100 MB is an error ("string or
/// blob too big", SQLite's), not an allocation that could end the process (SQLite's own limit,
/// 1 GB, is more than this machine should hand to one request).
package enum TextFunctions {
    /// A function's result, or the error the query fails with.
    package enum Result: Equatable {
        case text(String), error(String)
    }

    /// The largest text these functions make, in bytes.
    static let maximumBytes = 100_000_000

    private static let tooBig = Result.error("string or blob too big")

    /// `text` padded on the left with `fill` to `length` code points, or cut to them.
    package static func lpad(_ text: String, _ length: Int64, _ fill: String) -> Result {
        let scalars = Array(text.unicodeScalars)
        // NB: compared before subtracting, which would overflow for a length near Int64.min.
        if length <= Int64(scalars.count) { return .text(prefix(scalars, length)) }
        guard let padding = repeated(fill, toScalars: length - Int64(scalars.count)) else { return tooBig }
        return .text(padding + text)
    }

    /// `text` padded on the right with `fill` to `length` code points, or cut to them.
    package static func rpad(_ text: String, _ length: Int64, _ fill: String) -> Result {
        let scalars = Array(text.unicodeScalars)
        if length <= Int64(scalars.count) { return .text(prefix(scalars, length)) }
        guard let padding = repeated(fill, toScalars: length - Int64(scalars.count)) else { return tooBig }
        return .text(text + padding)
    }

    /// `text` `count` times (none for a count below 1).
    package static func `repeat`(_ text: String, _ count: Int64) -> Result {
        guard count > 0, !text.isEmpty else { return .text("") }
        let (bytes, overflow) = Int64(text.utf8.count).multipliedReportingOverflow(by: count)
        guard !overflow, bytes <= maximumBytes else { return tooBig }
        return .text(String(repeating: text, count: Int(count)))
    }

    /// `text`'s code points in reverse order (Python's `text[::-1]`).
    package static func reverse(_ text: String) -> String {
        var reversed = String.UnicodeScalarView()
        reversed.append(contentsOf: text.unicodeScalars.reversed())
        return String(reversed)
    }

    /// The MD5 digest of `text`'s UTF-8, in hex (Python's `md5(text.encode()).hexdigest()`).
    package static func md5(_ text: String) -> String { hexString(Digester<MD5>.hash(Array(text.utf8))) }

    /// `scalars[:length]` as Python slices it: a negative length leaves that many out at the end.
    private static func prefix(_ scalars: [Unicode.Scalar], _ length: Int64) -> String {
        let count = Int64(scalars.count)
        let end = length >= 0 ? min(length, count) : max(0, count + length)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[0..<Int(end)])
        return String(view)
    }

    /// `fill` repeated to exactly `count` code points (`(fill * length)[:delta]`); empty for an
    /// empty `fill`; `nil` past SQLite's largest text.
    private static func repeated(_ fill: String, toScalars count: Int64) -> String? {
        let scalars = Array(fill.unicodeScalars)
        guard !scalars.isEmpty else { return "" }
        let widest = Int64(scalars.map { String($0).utf8.count }.max() ?? 1)
        let (bytes, overflow) = count.multipliedReportingOverflow(by: widest)
        guard !overflow, bytes <= maximumBytes else { return nil }
        var view = String.UnicodeScalarView()
        for index in 0..<Int(count) { view.append(scalars[index % scalars.count]) }
        return String(view)
    }
}
