import Foundation
import PonySupport

/// A running app binary (`pony run`'s). Its output is passed through to the terminal while the
/// last part of it is kept (to show a crash's backtrace in the browser).
final class AppProcess: Sendable {
    private let process: Locked<Process>
    private let tail = Locked<[UInt8]>([])
    private let exited = Locked<Bool>(false)
    let pid: Int32

    /// Starts `executable` with `arguments`; calls `onExit` (status, wasSignal) when it ends.
    init(
        executable: URL,
        arguments: [String],
        environment: [String: String],
        onExit: @escaping @Sendable (Int32, Bool) -> Void
    ) throws(CommandError) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        self.process = Locked(process)
        let tail = self.tail
        let forward: @Sendable (FileHandle, Int32) -> Void = { handle, destination in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            data.withUnsafeBytes { _ = Foundation.write(destination, $0.baseAddress, $0.count) }
            tail.withLock { bytes in
                bytes += data
                if bytes.count > 64 * 1024 { bytes.removeFirst(bytes.count - 64 * 1024) }
            }
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { forward($0, STDOUT_FILENO) }
        errors.fileHandleForReading.readabilityHandler = { forward($0, STDERR_FILENO) }
        let exited = self.exited
        process.terminationHandler = { finished in
            // Let the pipes drain so the backtrace is complete before reporting the exit.
            Thread.sleep(forTimeInterval: 0.05)
            exited.withLock { $0 = true }
            onExit(finished.terminationStatus, finished.terminationReason == .uncaughtSignal)
        }
        do {
            try process.run()
        } catch {
            throw CommandError("Could not start \(executable.path): \(error.localizedDescription)")
        }
        pid = process.processIdentifier
    }

    var hasExited: Bool { exited.withLock { $0 } }

    /// The last 64 KiB of output.
    var recentOutput: String { tail.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Asks the app to stop (SIGTERM), then kills it if it has not stopped after `grace` seconds.
    func stop(grace: Double = 5) {
        guard !hasExited else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while !hasExited, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if !hasExited { kill(pid, SIGKILL) }
        while !hasExited { Thread.sleep(forTimeInterval: 0.01) }
    }

    /// Sends a signal to the app.
    func signal(_ signal: Int32) { if !hasExited { kill(pid, signal) } }

    /// Waits until the app accepts connections on `port`; `false` if it exits or times out.
    func waitUntilListening(port: Int, timeout: Double = 15, host: String = "127.0.0.1") -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if hasExited { return false }
            if Network.canConnect(host: host, port: port) { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return false
    }
}

/// Small socket helpers.
enum Network {
    /// Whether a TCP connection to host:port succeeds right now.
    static func canConnect(host: String, port: Int) -> Bool {
        guard let socket = Socket.connect(port: port, host: host) else { return false }
        socket.close()
        return true
    }

    /// A TCP port on 127.0.0.1 that is free now (the kernel picks it).
    static func freePort() -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
