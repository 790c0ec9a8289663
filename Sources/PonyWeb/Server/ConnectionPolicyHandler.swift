internal import HTTPTypes
internal import NIOCore
internal import NIOHTTPTypes
internal import Synchronization

/// Enforces Pony's connection rules below Hummingbird:
///
/// - **Request deadline.** A client has `timeout` to send a complete request, counted from the
///   moment the server waits for one (the connection opening, or the previous response
///   ending). The idle timeout alone does not stop a client that trickles a byte every few
///   seconds (slowloris).
/// - **Close after rejection.** Hummingbird only closes when the request asks for it; Pony also
///   closes after a response marked `Connection: close` (a 413, 414 or bad path rejected
///   before routing), because the rest of the connection's bytes cannot be trusted.
/// - **Connection limit.** Past `maxConnections` open connections, a new one is closed as soon
///   as it is accepted (the client reads end-of-file and may retry), so that a flood of idle
///   connections cannot exhaust file descriptors and memory.
///
/// NB: the deadline is a timestamp checked by one timer per connection that re-arms itself
/// lazily, instead of a timer scheduled and cancelled for every request.
final class ConnectionPolicyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    /// When the awaited request must be complete; `nil` while none is awaited.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var closeAfterResponse = false
    private let limit: ConnectionLimit
    private var counted = false

    init(timeout: TimeAmount, limit: ConnectionLimit) {
        self.timeout = timeout
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard limit.acquire() else {
            context.close(promise: nil)
            return
        }
        counted = true
        awaitRequest(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) { finish() }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    private func finish() {
        timer?.cancel()
        timer = nil
        if counted {
            counted = false
            limit.release()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { deadline = nil }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closeAfterResponse = head.headerFields.value(.connection) == "close"
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterResponse else {
                awaitRequest(context)
                context.write(data, promise: promise)
                return
            }
            closeAfterResponse = false
            let channel = context.channel
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
            written.futureResult.cascade(to: promise)
            context.writeAndFlush(data, promise: written)
        }
    }

    private func awaitRequest(_ context: ChannelHandlerContext) {
        let due = NIODeadline.now() + timeout
        deadline = due
        if timer == nil { schedule(at: due, context) }
    }

    private func schedule(at due: NIODeadline, _ context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            guard let deadline = handler.deadline else { return }
            if deadline <= .now() {
                context.close(promise: nil)
            } else {
                handler.schedule(at: deadline, context)
            }
        }
    }
}

/// The count of open connections, shared by every connection's handler.
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) { self.maximum = maximum }

    /// Counts a new connection; `false` (and not counted) when the limit is reached.
    func acquire() -> Bool {
        let count = open.add(1, ordering: .relaxed).newValue
        guard count <= maximum else {
            open.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Counts a connection closed.
    func release() { open.subtract(1, ordering: .relaxed) }
}
