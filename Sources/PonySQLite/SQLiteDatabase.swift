internal import Foundation
public import PonyORM
internal import Synchronization

/// SQLite tuned for a web server: WAL journal, a busy timeout, foreign keys on,
/// `synchronous=NORMAL`; one writer connection that serialises writes (transactions start
/// with `BEGIN IMMEDIATE`) and a pool of reader connections that never wait for it. Under
/// any number of concurrent writers no statement fails with "database is locked".
///
/// Statements run on the calling task's thread (see ``Connection``), each connection keeping
/// its prepared statements.
///
/// Slow work cannot stall unrelated requests: a task that finds every reader busy waits for
/// one without holding a thread, and a read still running after ``yieldAfter`` (20 ms) is
/// stopped and run again on a thread of its own, so that two slow reads (a user-chosen
/// `__regex`, a leading-`%` scan) do not hold both threads of a 2-core machine's concurrency
/// pool. With `statementTimeout`, any statement running longer fails with a clear error.
public final class SQLiteDatabase: Database {
    /// Where the database lives.
    public enum Storage: Sendable, Equatable {
        /// A file, created if missing.
        case file(String)
        /// Memory only: one connection, so reads share the writer's turn.
        case memory
        /// A new file in the temporary folder, deleted on `close()`.
        case temporary
    }

    /// SQLite's SQL.
    public var dialect: SQLDialect { .sqlite }
    /// The file's path (`:memory:` in memory).
    public let path: String
    private let writer: Connection
    private let readers: [Reader]
    /// Tasks waiting for a reader, served in arrival order.
    private let readerWaiters = Mutex<[CheckedContinuation<Reader, Never>]>([])
    /// How many tasks wait (or are about to): check-in takes the lock only when some do.
    private let waiting = Atomic<Int>(0)
    /// How long a read runs on the caller's thread before it moves to a thread of its own.
    ///
    /// NB: a read of that length is already slow; running it again costs it its first 20 ms,
    /// and spares every other request the wait. The fast reads this layer is built for (a
    /// primary-key read takes about 9 µs) never reach it.
    static let yieldAfter: Duration = .milliseconds(20)
    private let gate = WriterGate()
    /// A connection that only reads `PRAGMA data_version`, for ``changeVersion()`` (none in
    /// memory, where the one connection sees no other's commits).
    private let watch: Connection?
    /// The WAL index's header, which ``changeVersion()`` reads first (none in memory, or when
    /// the file could not be put in WAL mode).
    private let walIndex: WALIndexHeader?
    /// Single inserts outside transactions, committed in batches.
    let inserts: InsertBatcher
    private let deletesOnClose: Bool
    private let identity = UUID()
    private let pragmaIdentity = UUID()

    /// The transaction the current task is in, per database.
    @TaskLocal static var openTransactions: [UUID: Int] = [:]

    /// Opens (creating) the database with `readers` reader connections; with
    /// `statementTimeout`, statements running longer than that fail.
    public static func open(
        _ storage: Storage, readers: Int = 2, busyTimeout: Duration = .seconds(5), statementTimeout: Duration? = nil
    ) async throws -> SQLiteDatabase {
        let path: String
        switch storage {
        case .file(let file): path = file
        case .memory: path = ":memory:"
        case .temporary:
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent("pony-\(UUID().uuidString).sqlite3").path
        }
        let milliseconds =
            Int(busyTimeout.components.seconds) * 1000
            + Int(busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        var connections: [Connection] = []
        do {
            let writer = try Connection(path: path, timeout: statementTimeout)
            connections.append(writer)
            let journal = try writer.query("PRAGMA journal_mode=WAL", []).first?.values.first
            for pragma in [
                "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=\(milliseconds)",
            ] {
                _ = try writer.query(pragma, [])
            }
            try RegexpFunction.install(on: writer)
            try DateFunctions.install(on: writer)
            try MathFunctions.install(on: writer)
            try TextFunctionsSQLite.install(on: writer)
            var pool: [Connection] = []
            if storage != .memory {
                for _ in 0..<max(1, readers) {
                    let reader = try Connection(path: path, timeout: statementTimeout)
                    connections.append(reader)
                    // NB: readers map the file (up to 256 MiB) instead of copying each page with a
                    // read() call: a scan of a 100,000-row table (an admin count) went from 11 to
                    // 8 ms here. The mapping shares the OS page cache, so it costs no memory of its own.
                    for pragma in [
                        "PRAGMA busy_timeout=\(milliseconds)", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                        "PRAGMA query_only=ON", "PRAGMA mmap_size=268435456",
                    ] {
                        _ = try reader.query(pragma, [])
                    }
                    try RegexpFunction.install(on: reader)
                    try DateFunctions.install(on: reader)
                    try MathFunctions.install(on: reader)
                    try TextFunctionsSQLite.install(on: reader)
                    pool.append(reader)
                }
            }
            var watch: Connection?
            if storage != .memory {
                let connection = try Connection(path: path, timeout: statementTimeout)
                connections.append(connection)
                for pragma in ["PRAGMA busy_timeout=\(milliseconds)", "PRAGMA query_only=ON"] {
                    _ = try connection.query(pragma, [])
                }
                watch = connection
            }
            // NB: the read makes SQLite build the WAL index if no connection has yet.
            _ = try watch?.query("PRAGMA data_version", [])
            let walIndex = watch != nil && journal == .text("wal") ? WALIndexHeader(databasePath: path) : nil
            return SQLiteDatabase(
                path: path, writer: writer, readers: pool, watch: watch, walIndex: walIndex,
                deletesOnClose: storage == .temporary)
        } catch {
            for connection in connections { connection.close() }
            throw DatabaseError("Could not open the SQLite database at \(path): \(error)")
        }
    }

    private init(
        path: String, writer: Connection, readers: [Connection], watch: Connection?, walIndex: WALIndexHeader?,
        deletesOnClose: Bool
    ) {
        self.path = path
        self.writer = writer
        self.watch = watch
        self.walIndex = walIndex
        self.inserts = InsertBatcher { sql, binds in try writer.query(sql, binds) }
        self.readers = readers.map(Reader.init)
        self.deletesOnClose = deletesOnClose
    }

    /// Where the last commit by any connection (this database's writer, or another
    /// process's) ended: read from the WAL index's header in memory (``WALIndexHeader``),
    /// or while a commit is writing that header, from `PRAGMA data_version` on a connection of
    /// its own (a read transaction with nothing to read).
    public func changeVersion() -> DatabaseVersion? {
        if let position = walIndex?.position() {
            return DatabaseVersion(database: identity, counter: Int64(bitPattern: position))
        }
        guard let watch, case .integer(let counter)? = try? watch.query("PRAGMA data_version", []).first?.values.first
        else { return nil }
        // NB: another identity: the two counters are unrelated numbers.
        return DatabaseVersion(database: pragmaIdentity, counter: counter)
    }

    /// Whether the current task is inside a transaction on this database.
    public var isInTransaction: Bool { Self.openTransactions[identity] != nil }

    /// Runs a statement that returns rows: on a reader, or on the writer inside a transaction.
    public func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        if isInTransaction { return try writer.query(sql, binds) }
        guard !readers.isEmpty else {
            return try await withWriter(.shared) { try self.writer.query(sql, binds) }
        }
        let reader = await checkOutReader()
        defer { checkIn(reader) }
        do {
            return try reader.connection.query(sql, binds, yieldAfter: Self.yieldAfter)
        } catch is Connection.Yielded {
            return try await Self.onOwnThread { try reader.connection.query(sql, binds) }
        }
    }

    /// Runs a statement the ORM rendered: SQLite's placeholders are the same `?`.
    ///
    /// NB: written out, not the protocol's default, which costs the hot path another call.
    @inline(__always)
    public func query(rendered sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow] {
        try await query(sql, binds)
    }

    /// Runs a statement that writes, rendered by the ORM (see ``query(rendered:_:)``).
    @discardableResult @inline(__always)
    public func execute(rendered sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        try await execute(sql, binds)
    }

    /// Runs `body` on a new thread, off Swift's concurrency pool, and waits for it there.
    ///
    /// NB: a thread per slow read: at most one per reader runs at once (the read holds its
    /// reader), and starting one costs about as much as 20 µs of a 20 ms read.
    static func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs a statement that writes, waiting for the writer unless this task's transaction
    /// holds it.
    @discardableResult
    public func execute(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        if isInTransaction { return try writer.execute(sql, binds) }
        // NB: single statements share the writer: the connection runs them one at a time and
        // reads `changes()` under the same lock. Inserts report their own row ids, so they may
        // queue together and go in batches, one commit each. (In a transaction the writer is
        // this task's alone, and a bulk insert does not read back every row id.)
        return try await withWriter(.shared) {
            try Self.isPlainInsert(sql) ? await self.inserts.insert(sql, binds) : self.writer.execute(sql, binds)
        }
    }

    /// `BEGIN IMMEDIATE` … `COMMIT` (or `ROLLBACK` when `body` throws) holding the writer; a
    /// savepoint when this task is already in a transaction.
    public func transaction<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        if let depth = Self.openTransactions[identity] {
            let savepoint = "pony_savepoint_\(depth + 1)"
            _ = try writer.query("SAVEPOINT \(savepoint)", [])
            do {
                let (result, callbacks) = try await CommitHooks.collecting {
                    try await Self.$openTransactions.withValue(
                        Self.openTransactions.merging([identity: depth + 1]) { $1 }, operation: body)
                }
                _ = try writer.query("RELEASE SAVEPOINT \(savepoint)", [])
                CommitHooks.keep(callbacks)
                return result
            } catch {
                _ = try? writer.query("ROLLBACK TO SAVEPOINT \(savepoint)", [])
                _ = try? writer.query("RELEASE SAVEPOINT \(savepoint)", [])
                throw error
            }
        }
        let (result, callbacks) = try await withWriter(.exclusive) {
            _ = try writer.query("BEGIN IMMEDIATE", [])
            do {
                let collected = try await CommitHooks.collecting {
                    try await Self.$openTransactions.withValue(
                        Self.openTransactions.merging([self.identity: 0]) { $1 }, operation: body)
                }
                _ = try writer.query("COMMIT", [])
                return collected
            } catch {
                _ = try? writer.query("ROLLBACK", [])
                throw error
            }
        }
        // NB: once the writer is free, so that a callback may write.
        try await CommitHooks.run(callbacks)
        return result
    }

    /// Closes the connections (and deletes a temporary database's files).
    public func close() async throws {
        for reader in readers { reader.connection.close() }
        watch?.close()
        walIndex?.stop()
        writer.close()
        if deletesOnClose {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    // MARK: - Connections

    /// A read-only connection, used by one statement at a time.
    private final class Reader: Sendable {
        let connection: Connection
        /// Whether a statement has it.
        let isBusy = Atomic<Bool>(false)
        init(_ connection: Connection) { self.connection = connection }

        func take() -> Bool {
            isBusy.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged
        }
    }

    /// The first idle reader, or after waiting (without holding a thread) for one.
    ///
    /// NB: the first idle one rather than round robin: one reader after another keeps each
    /// one's page cache warm, and alternating between two cost a sequence of reads about 5%
    /// of its time.
    private func checkOutReader() async -> Reader {
        if let idle = readers.first(where: { $0.take() }) { return idle }
        return await withCheckedContinuation { continuation in
            readerWaiters.withLock { waiters in
                // NB: announced before looking again, as check-in frees before it looks for
                // waiters: one of the two always sees the other, so no reader is missed.
                waiting.add(1, ordering: .sequentiallyConsistent)
                if let idle = readers.first(where: { $0.take() }) {
                    waiting.subtract(1, ordering: .sequentiallyConsistent)
                    continuation.resume(returning: idle)
                } else {
                    waiters.append(continuation)
                }
            }
        }
    }

    /// Frees `reader`, then hands free readers to waiting tasks, if any.
    ///
    /// NB: without waiters this is one atomic store and one load; the lock is taken only
    /// when tasks wait (every read took it before).
    private func checkIn(_ reader: Reader) {
        reader.isBusy.store(false, ordering: .sequentiallyConsistent)
        guard waiting.load(ordering: .sequentiallyConsistent) > 0 else { return }
        let handed = readerWaiters.withLock { waiters -> [(CheckedContinuation<Reader, Never>, Reader)] in
            var handed: [(CheckedContinuation<Reader, Never>, Reader)] = []
            while !waiters.isEmpty, let idle = readers.first(where: { $0.take() }) {
                handed.append((waiters.removeFirst(), idle))
                waiting.subtract(1, ordering: .sequentiallyConsistent)
            }
            return handed
        }
        for (continuation, idle) in handed { continuation.resume(returning: idle) }
    }

    /// Runs `body` holding the writer in `mode`; a transaction waits for the statements
    /// before it, and the statements after it wait for it.
    private func withWriter<Result: Sendable>(_ mode: WriterGate.Mode, _ body: () async throws -> Result)
        async throws -> Result
    {
        await gate.acquire(mode)
        do {
            let result = try await body()
            gate.release(mode)
            return result
        } catch {
            gate.release(mode)
            throw error
        }
    }

    /// Whether `sql` is an `INSERT` without a `RETURNING` clause of its own.
    static func isPlainInsert(_ sql: String) -> Bool {
        // NB: a plain scan of the bytes. Foundation's `contains` was 1% of a write request's
        // CPU time, and the standard library's generic `Collection.contains(_:)` 12%.
        var sql = sql
        return sql.withUTF8 { bytes in
            bytes.starts(with: "INSERT INTO ".utf8) && !bytes.contains(" RETURNING ")
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `needle`'s bytes appear in these.
    fileprivate func contains(_ needle: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == first {
            if UnsafeBufferPointer(rebasing: self[start..<start + needle.count]).elementsEqual(needle) { return true }
        }
        return false
    }
}
