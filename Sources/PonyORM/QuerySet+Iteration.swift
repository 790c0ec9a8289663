extension QuerySet: AsyncSequence {
    /// Rows in chunks: `for try await task in Task.objects.filter(\.completed == false) { … }`.
    ///
    /// Memory stays at one chunk (``chunkSize`` rows) however many rows match. Each chunk is
    /// its own statement, as with Django's `iterator()` on SQLite: rows written while the
    /// loop runs may or may not be seen. Without an ordering the rows come by primary key,
    /// each chunk starting after the last key seen; with one, the primary key breaks ties so
    /// that chunks neither repeat nor skip rows.
    public typealias Element = M

    /// Rows fetched per statement while iterating.
    public static var chunkSize: Int { 2000 }

    /// Iterates the rows a chunk at a time.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var query: QuerySet
        var buffer: [M] = []
        var position = 0
        var fetched = 0
        var isFinished = false
        /// The last primary key seen, when chunks follow the primary key.
        var lastKey: DatabaseValue?
        let byKey: Bool

        /// The next row, fetching the next chunk when the current one is used up.
        public mutating func next() async throws -> M? {
            if position == buffer.count {
                guard !isFinished else { return nil }
                try await fetchChunk()
                guard !buffer.isEmpty else { return nil }
            }
            defer { position += 1 }
            return buffer[position]
        }

        private mutating func fetchChunk() async throws {
            var count = QuerySet.chunkSize
            if let limit = query.limit { count = Swift.min(count, limit - fetched) }
            guard count > 0 else {
                isFinished = true
                buffer = []
                return
            }
            var page = query
            if byKey {
                if let lastKey { page = page.filter(.lookup("pk__gt", .value(lastKey))) }
                page.limit = count
            } else {
                page.offset = query.offset + fetched
                page.limit = count
            }
            buffer = try await page.fetch()
            position = 0
            fetched += buffer.count
            lastKey = buffer.last?.pk
            if buffer.count < count { isFinished = true }
        }
    }

    /// Starts iterating.
    public func makeAsyncIterator() -> AsyncIterator {
        var query = self
        let ordering = self.ordering
        let byKey = ordering.isEmpty && offset == 0 && !isDistinct && annotations.isEmpty && combination == nil
        query.orderings = byKey ? ["pk"] : ordering + ["pk"]
        return AsyncIterator(query: query, byKey: byKey)
    }
}
