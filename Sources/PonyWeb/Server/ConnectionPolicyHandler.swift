internal import HTTPTypes
internal import NIOCore
internal import NIOHTTPTypes

/// Enforces Pony's connection rules below Hummingbird:
///
/// - **Request deadline.** A client has `timeout` to send a complete request, counted from the
///   moment the server waits for one (the connection opening, or the previous response
///   ending). The idle timeout alone does not stop a client that trickles a byte every few
///   seconds (slowloris).
/// - **Close after rejection.** Hummingbird only closes when the request asks for it; Pony also
///   closes after a response marked `Connection: close` (a 413, 414 or bad path rejected
///   before routing), because the rest of the connection's bytes cannot be trusted.
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

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) { awaitRequest(context) }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) { deadline = nil }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            closeAfterResponse = head.headerFields[.connection] == "close"
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
