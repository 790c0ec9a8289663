import Foundation

/// An exclusive advisory lock on a file (`flock`), so that two `pony` processes never build
/// the framework cache at the same time.
final class FileLock {
    private let descriptor: Int32

    /// Takes the lock, calling `waiting` first when another process holds it.
    init(_ path: String, waiting: () -> Void = {}) throws(CommandError) {
        descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            throw CommandError("Cannot open the lock file \(path): \(String(cString: strerror(errno))).")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return }
        waiting()
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw CommandError("Cannot lock \(path): \(String(cString: strerror(errno))).")
        }
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
