internal import NIOCore

/// Matches replies to the requests written before them, first in, first out; flushes once
/// per turn of the event loop, whatever the number of requests written in it; and closes the
/// connection when the oldest request waits longer than `timeout` (its reply, if it came later,
/// could not be matched).
final class PipelineHandler<Protocol: PipelineProtocol>: ChannelDuplexHandler {
    typealias InboundIn = Protocol.Reply
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    /// Requests' bytes and the promises of their replies, in order.
    struct Request {
        let bytes: ByteBuffer
        let replies: [EventLoopPromise<Protocol.Reply>]
    }

    private struct Waiting {
        let reply: EventLoopPromise<Protocol.Reply>
        let deadline: NIODeadline
    }

    private let timeout: TimeAmount
    private let timeoutText: String
    private var waiting = CircularBuffer<Waiting>()
    private var closed = false
    /// Why the connection is closing, for the requests still waiting.
    private var failure: (any Error)?
    private var flushScheduled = false
    /// Armed for the oldest waiting request's deadline, while one waits.
    private var timer: Scheduled<Void>?

    init(timeout seconds: Double) {
        timeout = .milliseconds(Int64(seconds * 1000))
        timeoutText = "no reply within \(seconds) s"
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard !closed else {
            for reply in request.replies { reply.fail(ChannelError.ioOnClosedChannel) }
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        let deadline = NIODeadline.now() + timeout
        for reply in request.replies { waiting.append(Waiting(reply: reply, deadline: deadline)) }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
        armTimer(context)
    }

    /// NB: deferred to the end of this turn of the loop, so that the requests other tasks
    /// write in the same turn leave in one system call.
    func flush(context: ChannelHandlerContext) {
        guard !flushScheduled else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute {
            self.flushScheduled = false
            context.flush()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let first = waiting.popFirst() else {
            // NB: a reply no request asked for: the stream cannot be trusted any more.
            context.close(promise: nil)
            return
        }
        first.reply.succeed(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(failure ?? Protocol.error("the connection closed"))
        context.fireChannelInactive()
    }

    /// Closes the connection, then fails the requests waiting with `error`.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failure = failure ?? error
        context.close(promise: nil)
        failAll(error)
    }

    private func armTimer(_ context: ChannelHandlerContext) {
        guard timer == nil, let oldest = waiting.first else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: oldest.deadline) {
            self.timer = nil
            guard let oldest = self.waiting.first else { return }
            if oldest.deadline <= .now() {
                self.errorCaught(context: context, error: Protocol.error(self.timeoutText))
            } else {
                self.armTimer(context)
            }
        }
    }

    private func failAll(_ error: any Error) {
        closed = true
        timer?.cancel()
        timer = nil
        while let first = waiting.popFirst() { first.reply.fail(error) }
    }
}
