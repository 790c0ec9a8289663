internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Where the last commit ended, read from the header of SQLite's WAL index (the `-shm` file
/// beside a database in WAL mode) without a system call, a lock or a transaction.
///
/// The header is documented in SQLite's "WAL-mode file format": 48 bytes, written twice (at
/// offsets 0 and 48). A committing writer changes the second copy, then the first; readers
/// read the first, then the second, and trust them only when they are the same, as SQLite's
/// own readers do and as ``position()`` does. Within one WAL file, `mxFrame` (offset 16) grows
/// with every commit; when a writer starts the WAL file again after a checkpoint, it adds one
/// to `aSalt[0]` (offset 32). The pair therefore names the database's committed state.
///
/// NB: `PRAGMA data_version` says the same, but only inside a read transaction: `fcntl` locks
/// and SQLite's statement machinery, 3–5 µs against well under one here, on every logged-in
/// request. The file is mapped, as every SQLite connection maps it; SQLite never shortens it
/// while a connection has it open, and this database's own connections stay open as long as
/// the mapping.
final class WALIndexHeader: @unchecked Sendable {
    /// The mapped start of the file (`@unchecked Sendable`: only read, and unmapped when the
    /// last reference goes, so never under a reader).
    private let header: UnsafeRawPointer
    private let isOpen = Atomic<Bool>(true)
    private static let mappedBytes = 4096

    /// The header of the WAL index of the database at `databasePath`, or `nil` when there is
    /// no `-shm` file with a header (a database not in WAL mode, or not read yet).
    init?(databasePath: String) {
        let descriptor = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        // NB: a mapped page past the end of the file would raise SIGBUS when read.
        guard fstat(descriptor, &status) == 0, status.st_size >= 96,
            let mapped = mmap(nil, Self.mappedBytes, PROT_READ, MAP_SHARED, descriptor, 0), mapped != MAP_FAILED
        else { return nil }
        header = UnsafeRawPointer(mapped)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: header), Self.mappedBytes) }

    /// The committed position: `aSalt[0]` in the high 32 bits, `mxFrame` in the low; `nil`
    /// while a commit is writing the header (the copies differ), before SQLite has built the
    /// index, or after ``stop()``.
    func position() -> UInt64? {
        guard isOpen.load(ordering: .acquiring) else { return nil }
        return withUnsafeTemporaryAllocation(byteCount: 96, alignment: 8) { copies -> UInt64? in
            guard let first = copies.baseAddress else { return nil }
            first.copyMemory(from: header, byteCount: 48)
            atomicMemoryFence(ordering: .acquiring)
            (first + 48).copyMemory(from: header + 48, byteCount: 48)
            guard memcmp(first, first + 48, 48) == 0,
                // iVersion 3007000, and isInit set.
                copies.load(fromByteOffset: 0, as: UInt32.self) == 3_007_000,
                copies.load(fromByteOffset: 12, as: UInt8.self) == 1
            else { return nil }
            let frames = copies.load(fromByteOffset: 16, as: UInt32.self)
            let salt = copies.load(fromByteOffset: 32, as: UInt32.self)
            return UInt64(salt) << 32 | UInt64(frames)
        }
    }

    /// Stops reading (the database is closing): ``position()`` answers `nil` from then on.
    func stop() { isOpen.store(false, ordering: .releasing) }
}
