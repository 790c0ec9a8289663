internal import Foundation
internal import SQLiteNIO
internal import Synchronization

/// SQLite's `REGEXP` operator, which SQLite leaves to the application: `value REGEXP pattern`
/// calls `regexp(pattern, value)`. As in Django, NULL on either side gives NULL, any other
/// value is matched as text, and the pattern matches anywhere (`re.search`). Patterns use
/// ICU's syntax, which agrees with Python's `re` on everything Django documents for the
/// `regex` lookup, `(?i)` included.
enum RegexpFunction {
    /// Compiled patterns, shared by every connection (a query calls the function per row).
    private static let cache = Mutex<[String: NSRegularExpression]>([:])

    static func make() -> SQLiteCustomFunction {
        SQLiteCustomFunction("REGEXP", argumentCount: 2, pure: true) { arguments in
            guard let pattern = text(arguments[0]), let value = text(arguments[1]) else { return nil }
            let expression = try compiled(pattern)
            let range = NSRange(value.startIndex..., in: value)
            return expression.firstMatch(in: value, range: range) != nil
        }
    }

    private static func text(_ data: SQLiteData) -> String? {
        switch data {
        case .null: nil
        case .text(let text): text
        case .integer(let number): String(number)
        case .float(let number): String(number)
        case .blob(let buffer): String(decoding: buffer.readableBytesView, as: UTF8.self)
        }
    }

    private static func compiled(_ pattern: String) throws -> NSRegularExpression {
        if let expression = cache.withLock({ $0[pattern] }) { return expression }
        let expression = try NSRegularExpression(pattern: pattern)
        cache.withLock { cache in
            if cache.count > 256 { cache.removeAll() }
            cache[pattern] = expression
        }
        return expression
    }
}
