internal import Foundation
internal import Synchronization
internal import VaporCSQLite

/// SQLite's `REGEXP` operator, which SQLite leaves to the application: `value REGEXP pattern`
/// calls `regexp(pattern, value)`. As in Django, NULL on either side gives NULL, any other
/// value is matched as text, and the pattern matches anywhere (`re.search`). Patterns use
/// ICU's syntax, which agrees with Python's `re` on everything Django documents for the
/// `regex` lookup, `(?i)` included.
enum RegexpFunction {
    /// Compiled patterns, shared by every connection (a query calls the function per row).
    private static let cache = Mutex<[String: NSRegularExpression]>([:])

    /// Adds the function to `connection`.
    static func install(on connection: Connection) throws {
        try connection.install(function: "REGEXP", arguments: 2) { context, _, arguments in
            guard let arguments, let pattern = RegexpFunction.text(arguments[0]),
                let value = RegexpFunction.text(arguments[1])
            else {
                return sqlite_nio_sqlite3_result_null(context)
            }
            do {
                let expression = try RegexpFunction.compiled(pattern)
                let range = NSRange(value.startIndex..., in: value)
                sqlite_nio_sqlite3_result_int(context, expression.firstMatch(in: value, range: range) != nil ? 1 : 0)
            } catch {
                sqlite_nio_sqlite3_result_error(context, "Invalid regular expression \(pattern): \(error)", -1)
            }
        }
    }

    /// The argument as text (numbers and blobs too, as SQLite converts them); nil for NULL.
    static func text(_ value: OpaquePointer?) -> String? {
        guard sqlite_nio_sqlite3_value_type(value) != SQLITE_NULL else { return nil }
        let text = sqlite_nio_sqlite3_value_text(value)
        let count = Int(sqlite_nio_sqlite3_value_bytes(value))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
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
