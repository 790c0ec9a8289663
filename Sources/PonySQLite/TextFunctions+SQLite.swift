internal import PonyORM
internal import VaporCSQLite

/// `LPAD`, `RPAD`, `REPEAT`, `REVERSE` and `MD5`, which SQLite lacks and Django's SQLite backend
/// registers: PonyORM's `TextFunctions` computes them.
enum TextFunctionsSQLite {
    /// Adds the functions to `connection`.
    static func install(on connection: Connection) throws {
        try connection.install(function: "LPAD", arguments: 3) { context, _, arguments in
            TextFunctionsSQLite.padded(context, arguments, TextFunctions.lpad)
        }
        try connection.install(function: "RPAD", arguments: 3) { context, _, arguments in
            TextFunctionsSQLite.padded(context, arguments, TextFunctions.rpad)
        }
        try connection.install(function: "REPEAT", arguments: 2) { context, _, arguments in
            guard let arguments, let text = RegexpFunction.text(arguments[0]),
                sqlite_nio_sqlite3_value_type(arguments[1]) != SQLITE_NULL
            else { return sqlite_nio_sqlite3_result_null(context) }
            TextFunctionsSQLite.set(
                context, TextFunctions.repeat(text, sqlite_nio_sqlite3_value_int64(arguments[1])))
        }
        try connection.install(function: "REVERSE", arguments: 1) { context, _, arguments in
            guard let arguments, let text = RegexpFunction.text(arguments[0]) else {
                return sqlite_nio_sqlite3_result_null(context)
            }
            TextFunctionsSQLite.set(context, .text(TextFunctions.reverse(text)))
        }
        try connection.install(function: "MD5", arguments: 1) { context, _, arguments in
            guard let arguments, let text = RegexpFunction.text(arguments[0]) else {
                return sqlite_nio_sqlite3_result_null(context)
            }
            TextFunctionsSQLite.set(context, .text(TextFunctions.md5(text)))
        }
    }

    /// `LPAD`/`RPAD` of (text, length, fill), `NULL` when any is `NULL`.
    private static func padded(
        _ context: OpaquePointer?, _ arguments: UnsafeMutablePointer<OpaquePointer?>?,
        _ pad: (String, Int64, String) -> TextFunctions.Result
    ) {
        guard let arguments, let text = RegexpFunction.text(arguments[0]),
            sqlite_nio_sqlite3_value_type(arguments[1]) != SQLITE_NULL, let fill = RegexpFunction.text(arguments[2])
        else { return sqlite_nio_sqlite3_result_null(context) }
        set(context, pad(text, sqlite_nio_sqlite3_value_int64(arguments[1]), fill))
    }

    private static func set(_ context: OpaquePointer?, _ result: TextFunctions.Result) {
        switch result {
        case .text(let text):
            // NB: the length in bytes, so that a NUL inside the text is kept.
            sqlite_nio_sqlite3_result_text(context, text, Int32(clamping: text.utf8.count), Connection.transient)
        case .error(let message): sqlite_nio_sqlite3_result_error(context, message, -1)
        }
    }
}
