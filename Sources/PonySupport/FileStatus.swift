#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat(2)` says about a path: kept here, away from modules that import other C
/// libraries (a C module's headers can claim libc's `struct stat` for themselves).
package struct FileStatus: Equatable, Sendable {
    /// Whether it is a regular file.
    package let isRegularFile: Bool
    /// Its size in bytes.
    package let size: Int
    /// Its modification time: seconds since 1970 and the nanoseconds past them.
    package let modifiedSeconds: Int
    package let modifiedNanoseconds: Int

    /// The status of `path` (following symlinks), or `nil` when it cannot be read.
    package init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        size = Int(info.st_size)
        #if canImport(Darwin)
            modifiedSeconds = Int(info.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int(info.st_mtimespec.tv_nsec)
        #else
            modifiedSeconds = Int(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        #endif
    }
}
