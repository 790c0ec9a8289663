internal import PonyORM
internal import Synchronization
internal import VaporCSQLite

/// One SQLite connection (`sqlite3*`, from the SQLite that sqlite-nio builds), called on the
/// caller's thread, with its prepared statements kept for reuse.
///
/// Why not sqlite-nio's `SQLiteConnection`: it runs every statement as a job on a thread
/// pool and prepares it anew each time. A primary-key read takes SQLite a few microseconds;
/// the two thread hops around it cost 50–90 µs on a 2-core machine (see the README's
/// figures). A statement here holds the caller's thread for SQLite's own time only, as
/// Django's queries hold a worker; the connection's lock serialises callers that share it.
final class Connection: Sendable {
    private struct State: ~Copyable {
        var handle: OpaquePointer?
        /// Prepared statements by SQL text.
        var statements: [String: OpaquePointer] = [:]
    }

    /// The most statements kept prepared; past it, the cache starts again.
    static let cachedStatements = 256

    private let state: Mutex<State>
    /// Times the running statement for ``StatementWatchdog``.
    private let clock: StatementClock
    /// How long any statement may run before it fails; `nil` for no limit.
    let timeout: Duration?

    private static let initialized = Mutex(false)

    /// Thrown by ``query(_:_:yieldAfter:)`` when the statement ran past `yieldAfter` and was
    /// stopped, to be run again off the caller's thread.
    struct Yielded: Error {}

    /// Opens (creating) the database at `path`; statements that run longer than `timeout`
    /// fail.
    init(path: String, timeout: Duration? = nil) throws {
        self.timeout = timeout
        Self.initialized.withLock { initialized in
            // NB: once, before any connection: sqlite3_initialize is not safe to race.
            if !initialized { sqlite_nio_sqlite3_initialize() }
            initialized = true
        }
        var handle: OpaquePointer?
        // NB: SQLite's own per-connection mutex is left out: every use of the handle is under
        // `state`'s lock.
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(handle)
            throw DatabaseError(message)
        }
        self.clock = StatementClock(handle: UInt(bitPattern: handle))
        self.state = Mutex(State(handle: handle))
    }

    /// Runs `sql` (its first statement) with `binds` and returns its rows.
    ///
    /// With `yieldAfter`, a statement still running after that long is stopped and
    /// ``Yielded`` thrown (only for statements that may run again: reads outside transactions).
    func query(_ sql: String, _ binds: [DatabaseValue], yieldAfter: Duration? = nil) throws -> [DatabaseRow] {
        try state.withLock { state in try run(sql, binds, yieldAfter: yieldAfter, in: &state) ?? [] }
    }

    /// Runs `sql` with `binds` and reports the rows it changed and the last row id inserted.
    func execute(_ sql: String, _ binds: [DatabaseValue]) throws -> ExecutionResult {
        try state.withLock { state in
            guard try run(sql, binds, yieldAfter: nil, in: &state) != nil else {
                return ExecutionResult(changes: 0, lastInsertID: 0)
            }
            return ExecutionResult(
                changes: Int(sqlite_nio_sqlite3_changes64(state.handle)),
                lastInsertID: sqlite_nio_sqlite3_last_insert_rowid(state.handle))
        }
    }

    /// Adds SQL function `name` taking `arguments` arguments, deterministic; `body` reads
    /// `tag` back with ``tag(of:)`` (one C function serving several SQL functions).
    func install(
        function name: String, arguments: Int32, tag: Int = 0,
        _ body: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void
    ) throws {
        try state.withLock { state in
            let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
            // NB: the tag travels as the function's user data, a pointer's bit pattern.
            let status = sqlite_nio_sqlite3_create_function_v2(
                state.handle, name, arguments, flags, UnsafeMutableRawPointer(bitPattern: tag + 1), body, nil, nil,
                nil)
            guard status == SQLITE_OK else { throw Self.error(state.handle, sql: nil) }
        }
    }

    /// The `tag` the running function was installed with.
    static func tag(of context: OpaquePointer?) -> Int {
        Int(bitPattern: sqlite_nio_sqlite3_user_data(context)) - 1
    }

    /// Finalises the statements and closes the connection.
    func close() {
        clock.close()
        state.withLock { state in
            for statement in state.statements.values { sqlite_nio_sqlite3_finalize(statement) }
            state.statements = [:]
            sqlite_nio_sqlite3_close_v2(state.handle)
            state.handle = nil
        }
    }

    deinit { close() }

    // MARK: - Statements

    /// The rows of `sql`'s first statement; nil when it has none (blank or a comment).
    private func run(_ sql: String, _ binds: [DatabaseValue], yieldAfter: Duration?, in state: inout State) throws
        -> [DatabaseRow]?
    {
        // NB: a statement without limits (a write when no timeout is set) touches no clock.
        guard yieldAfter != nil || timeout != nil else { return try Self.run(sql, binds, in: &state) }
        clock.begin(yieldAfter: yieldAfter, timeout: timeout)
        do {
            let rows = try Self.run(sql, binds, in: &state)
            _ = clock.end()
            return rows
        } catch {
            switch clock.end() {
            case .yield?: throw Yielded()
            case .timeout?:
                let seconds = Double(StatementClock.nanoseconds(timeout ?? .zero)) / 1e9
                throw DatabaseError(
                    "The statement ran longer than the statement timeout (\(seconds) s) and was stopped. Make it"
                        + " cheaper (an index, no leading-% LIKE or user-chosen regex on a big table), or raise"
                        + " Settings.statementTimeout (PONY_STATEMENT_TIMEOUT).",
                    sql: sql)
            case nil: throw error
            }
        }
    }

    private static func run(_ sql: String, _ binds: [DatabaseValue], in state: inout State) throws
        -> [DatabaseRow]?
    {
        guard let handle = state.handle else { throw DatabaseError("The SQLite database is closed", sql: sql) }
        guard let statement = try prepared(sql, in: &state, handle) else { return nil }
        defer { sqlite_nio_sqlite3_reset(statement) }
        // NB: every parameter is bound anew (those without a value to NULL) rather than
        // cleared after use: `sqlite3_clear_bindings` expires a statement whose plan depends
        // on a parameter (`LIMIT ?`, which `get()` has), so that it was prepared again every
        // time (8% of a one-row read's CPU time).
        let parameters = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
        for index in 0..<max(parameters, binds.count) {
            let status = bind(index < binds.count ? binds[index] : .null, at: Int32(index + 1), to: statement)
            guard status == SQLITE_OK else { throw error(handle, sql: sql) }
        }
        var rows: [DatabaseRow] = []
        var columns: [String] = []
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case SQLITE_ROW:
                let count = sqlite_nio_sqlite3_column_count(statement)
                if rows.isEmpty {
                    // NB: after the first step, which prepares the statement again when the
                    // schema changed since (so `SELECT *` reports the columns of today).
                    columns = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
                }
                rows.append(DatabaseRow(columns: columns, values: (0..<count).map { value(statement, $0) }))
            case SQLITE_DONE:
                return rows
            default:
                throw error(handle, sql: sql)
            }
        }
    }

    private static func prepared(_ sql: String, in state: inout State, _ handle: OpaquePointer) throws
        -> OpaquePointer?
    {
        if let statement = state.statements[sql] { return statement }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(
            handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK else { throw error(handle, sql: sql) }
        guard let statement else { return nil }
        if state.statements.count >= cachedStatements {
            for cached in state.statements.values { sqlite_nio_sqlite3_finalize(cached) }
            state.statements.removeAll(keepingCapacity: true)
        }
        state.statements[sql] = statement
        return statement
    }

    private static func bind(_ value: DatabaseValue, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        case .integer(let number):
            return sqlite_nio_sqlite3_bind_int64(statement, index, number)
        case .double(let number):
            return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .text(var text):
            return text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { text in
                    // NB: an empty buffer may have no address, and a NULL pointer binds NULL.
                    guard let address = text.baseAddress else {
                        return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, nil, UInt8(SQLITE_UTF8))
                    }
                    return sqlite_nio_sqlite3_bind_text64(
                        statement, index, address, UInt64(text.count), transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            return bytes.withUnsafeBytes { buffer in
                guard let address = buffer.baseAddress else {
                    return sqlite_nio_sqlite3_bind_zeroblob(statement, index, 0)
                }
                return sqlite_nio_sqlite3_bind_blob64(statement, index, address, UInt64(buffer.count), transient)
            }
        }
    }

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> DatabaseValue {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite_nio_sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            return .double(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let text = sqlite_nio_sqlite3_column_text(statement, column)
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            guard let blob = sqlite_nio_sqlite3_column_blob(statement, column), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    private static func error(_ handle: OpaquePointer?, sql: String?) -> DatabaseError {
        let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
        return DatabaseError(message, sql: sql)
    }

    /// SQLite copies the bound value before the bind call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
