internal import Atomics
internal import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `Date` header every response carries (RFC 9110 §6.6.1), formatted once a second rather
/// than once a response.
final class DateHeader: Service {
    private final class Value: AtomicReference, Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    private let current = ManagedAtomic(Value(DateHeader.format(time(nil))))

    /// The current value, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    var value: String { current.load(ordering: .acquiring).text }

    /// Updates the value every second until a graceful shutdown or cancellation, which is not a
    /// failure (a thrown error would make the service group report one).
    func run() async {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(1))
                self.current.store(Value(DateHeader.format(time(nil))), ordering: .releasing)
            }
        }
    }

    /// IMF-fixdate for `seconds` since 1970, in GMT.
    static func format(_ seconds: time_t) -> String {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = days[Int(parts.tm_wday) % 7]
        let month = months[Int(parts.tm_mon) % 12]
        return
            "\(day), \(two(parts.tm_mday)) \(month) \(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
