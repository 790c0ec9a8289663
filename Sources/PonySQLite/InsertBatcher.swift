internal import Foundation
internal import PonyORM
internal import Synchronization

/// Group commit for single-row inserts made outside transactions.
///
/// The writer runs one batch at a time. Inserts that arrive while it is busy wait, and the
/// next batch takes them all: those with the same SQL go as one multi-row `INSERT … VALUES
/// (…), (…) RETURNING rowid`, which is one statement and one commit instead of one each.
/// Every caller is answered after its batch has committed, so an answered insert is never
/// lost; when a batch fails (a unique value taken, say), its rows are inserted one by one,
/// so only the culprit gets the error.
///
/// There is no batching thread: the caller whose insert finds the writer idle leads. It
/// yields once when inserts have been queueing, so that the jobs already queued may add
/// theirs, runs a batch, answers the callers in it, then hands the lead to the first caller
/// still waiting, so no caller waits for more than one batch after its own.
final class InsertBatcher: Sendable {
    /// Runs a statement on the writer connection.
    typealias Run = @Sendable (_ sql: String, _ binds: [DatabaseValue]) async throws -> [DatabaseRow]

    /// The most rows and values in one statement (SQLite's default `SQLITE_MAX_VARIABLE_NUMBER`
    /// is 32,766; a batch stays well below it).
    static let maximumRows = 256
    static let maximumBinds = 16_384

    private struct Insert: Sendable {
        let sql: String
        let binds: [DatabaseValue]
    }

    private enum Turn: Sendable {
        case done(Result<ExecutionResult, any Error>)
        case lead
    }

    private struct Waiter: Sendable {
        let insert: Insert
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct State: ~Copyable {
        var leading = false
        var waiting: [Waiter] = []
        /// Batches of one row in a row since an insert last had to wait.
        var loneBatches = InsertBatcher.quietAfter

        /// Whether inserts have been queueing lately.
        var isContended: Bool { loneBatches < InsertBatcher.quietAfter }

        /// Takes the lead when nobody has it; otherwise queues `waiter`, when there is one.
        mutating func lead(orQueue waiter: Waiter?) -> Bool {
            guard leading else {
                leading = true
                return true
            }
            if let waiter {
                waiting.append(waiter)
                loneBatches = 0
            }
            return false
        }
    }

    private let state = Mutex(State())
    private let run: Run
    /// Statements that inserted more than one caller's row, for tests.
    let multiRowStatements = Atomic<Int>(0)

    /// Batches of one row after which inserts no longer count as contended.
    static let quietAfter = 8

    init(run: @escaping Run) { self.run = run }

    /// Inserts with `sql` (an `INSERT … VALUES (?, …)` of one row) and reports its row id,
    /// once the row is committed.
    func insert(_ sql: String, _ binds: [DatabaseValue]) async throws -> ExecutionResult {
        let insert = Insert(sql: sql, binds: binds)
        // NB: an idle writer is taken without a continuation, which a lone insert would pay for.
        let (leads, isContended) = state.withLock { ($0.lead(orQueue: nil), $0.isContended) }
        if !leads {
            let turn = await withCheckedContinuation { continuation in
                let waiter = Waiter(insert: insert, continuation: continuation)
                if state.withLock({ $0.lead(orQueue: waiter) }) { continuation.resume(returning: .lead) }
            }
            if case .done(let result) = turn { return try result.get() }
        } else if isContended {
            // NB: the writer was idle, but inserts have been queueing. Letting the jobs already
            // queued go first lets their inserts join this one: one commit for many rows (64
            // writers: 16k writes/s, against 11.5k without the yield and 12k when one lone
            // batch ends the contention). Without contention a lone insert would only wait (a
            // sequence of inserts: 35 µs each without the yield, 60 µs with it).
            await Task.yield()
        }

        let followers = state.withLock { state in
            var count = 0
            var binds = insert.binds.count
            for waiter in state.waiting {
                binds += waiter.insert.binds.count
                guard count + 1 < Self.maximumRows, binds <= Self.maximumBinds else { break }
                count += 1
            }
            defer { state.waiting.removeFirst(count) }
            return Array(state.waiting.prefix(count))
        }
        let results =
            followers.isEmpty
            ? [await result { try await insertRow(insert) }] : await execute([insert] + followers.map(\.insert))
        for (follower, result) in zip(followers, results.dropFirst()) {
            follower.continuation.resume(returning: .done(result))
        }
        let next = state.withLock { state -> Waiter? in
            if followers.isEmpty, state.isContended { state.loneBatches += 1 }
            guard !state.waiting.isEmpty else {
                state.leading = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return try results[0].get()
    }

    /// Runs `inserts`, those with the same SQL together, and gives each its result.
    private func execute(_ inserts: [Insert]) async -> [Result<ExecutionResult, any Error>] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (index, insert) in inserts.enumerated() {
            if groups[insert.sql] == nil { order.append(insert.sql) }
            groups[insert.sql, default: []].append(index)
        }
        var results = [Result<ExecutionResult, any Error>?](repeating: nil, count: inserts.count)
        for sql in order {
            let group = groups[sql]!
            if group.count > 1, let values = Self.valuesTuple(sql),
                let rowIDs = try? await insertRows(group.map { inserts[$0] }, values: values)
            {
                multiRowStatements.add(1, ordering: .relaxed)
                for (member, rowID) in zip(group, rowIDs) {
                    results[member] = .success(ExecutionResult(changes: 1, lastInsertID: rowID))
                }
                continue
            }
            for member in group { results[member] = await result { try await insertRow(inserts[member]) } }
        }
        return results.map { $0! }
    }

    private func result(_ body: () async throws -> ExecutionResult) async -> Result<ExecutionResult, any Error> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    /// One statement inserting every row of `inserts` (which share their SQL); the row ids
    /// in the order of the rows.
    private func insertRows(_ inserts: [Insert], values: Substring) async throws -> [Int64] {
        var sql = inserts[0].sql
        for _ in inserts.dropFirst() { sql += ", " + values }
        // NB: SQLite returns the rows in the order of VALUES, as Django's bulk_create relies on.
        let rows = try await run(sql + " RETURNING rowid", inserts.flatMap(\.binds))
        let rowIDs = rows.compactMap { row -> Int64? in
            guard case .integer(let rowID)? = row.values.first else { return nil }
            return rowID
        }
        guard rowIDs.count == inserts.count else {
            throw DatabaseError("SQLite returned \(rowIDs.count) row ids for \(inserts.count) rows", sql: sql)
        }
        return rowIDs
    }

    private func insertRow(_ insert: Insert) async throws -> ExecutionResult {
        let rows: [DatabaseRow]
        do {
            rows = try await run(insert.sql + " RETURNING rowid", insert.binds)
        } catch let error as DatabaseError {
            throw DatabaseError(error.message, sql: insert.sql)
        }
        guard case .integer(let lastID)? = rows.last?.values.first else {
            return ExecutionResult(changes: rows.count, lastInsertID: 0)
        }
        return ExecutionResult(changes: rows.count, lastInsertID: lastID)
    }

    /// The `(?, ?, …)` at the end of `sql` when it inserts one row of bound values only,
    /// which can then be repeated for more rows.
    static func valuesTuple(_ sql: String) -> Substring? {
        guard let values = sql.range(of: " VALUES (", options: .backwards) else { return nil }
        let tuple = sql[sql.index(before: values.upperBound)...]
        let isPlaceholders = tuple.utf8.allSatisfy {
            $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ")
                || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")")
        }
        guard isPlaceholders, tuple.last == ")", tuple.dropFirst().dropLast().allSatisfy({ $0 != "(" && $0 != ")" })
        else { return nil }
        return tuple
    }
}
