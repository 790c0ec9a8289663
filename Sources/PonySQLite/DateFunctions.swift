internal import PonyORM
internal import VaporCSQLite

/// `pony_date_part(part, value, zone)` and `pony_date_trunc(kind, value, zone)`: the date parts
/// and truncations SQLite cannot compute itself (a datetime in a time zone other than UTC, ISO
/// weeks, quarters), which the ORM's SQL calls as Django's calls `django_datetime_extract`.
/// The work is PonyORM's `LocalDates`; a `NULL` value or an unknown part gives `NULL`.
enum DateFunctions {
    /// Adds both functions to `connection`.
    static func install(on connection: Connection) throws {
        try connection.install(function: "pony_date_part", arguments: 3) { context, _, arguments in
            DateFunctions.result(context, arguments) { LocalDates.part($0, of: $1, zone: $2) }
        }
        try connection.install(function: "pony_date_trunc", arguments: 3) { context, _, arguments in
            DateFunctions.result(context, arguments) { LocalDates.truncated($0, $1, zone: $2) }
        }
    }

    /// Sets the function's result to `compute(part, value, zone)` of its text arguments.
    private static func result(
        _ context: OpaquePointer?, _ arguments: UnsafeMutablePointer<OpaquePointer?>?,
        _ compute: (String, String, String?) -> DatabaseValue
    ) {
        guard let arguments, let part = RegexpFunction.text(arguments[0]), let value = RegexpFunction.text(arguments[1])
        else { return sqlite_nio_sqlite3_result_null(context) }
        switch compute(part, value, RegexpFunction.text(arguments[2])) {
        case .integer(let number): sqlite_nio_sqlite3_result_int64(context, number)
        case .text(let text):
            // NB: SQLite copies the bytes (SQLITE_TRANSIENT) before `text` goes away.
            sqlite_nio_sqlite3_result_text(context, text, -1, Connection.transient)
        default: sqlite_nio_sqlite3_result_null(context)
        }
    }
}
