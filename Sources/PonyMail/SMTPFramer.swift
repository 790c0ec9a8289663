internal import NIOCore

#if PONY_TLS
    internal import NIOTLS
#endif

/// What the SMTP client reads: the server's lines, and the moment a TLS handshake ended.
enum SMTPInbound: Sendable {
    /// One line, without its line break (CRLF or LF).
    case line(String)
    /// TLS is up: what follows was encrypted.
    case tlsStarted
}

/// Cuts what the server sends into lines of at most ``maximumLine`` bytes, and reports the end
/// of a TLS handshake between them.
///
/// NB: it sits after the TLS handler once `STARTTLS` adds one, so bytes it holds when the
/// handshake ends came in plain text after the server's `220`: they are an error, not the
/// start of the next reply.
final class SMTPFramer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = SMTPInbound

    /// The longest line accepted (RFC 5321 allows 512 bytes for a reply line).
    static let maximumLine = 65_536

    private var pending = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - pending.readerIndex
            var line = pending.readString(length: length) ?? ""
            pending.moveReaderIndex(forwardBy: 1)
            if line.utf8.last == UInt8(ascii: "\r") { line.removeLast() }
            context.fireChannelRead(wrapInboundOut(.line(line)))
        }
        guard pending.readableBytes <= Self.maximumLine else {
            fail(context, SMTPFramingError.lineTooLong)
            return
        }
        pending.discardReadBytes()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        #if PONY_TLS
            if case .handshakeCompleted = event as? TLSUserEvent {
                guard pending.readableBytes == 0 else {
                    fail(context, SMTPFramingError.plainTextBeforeTLS)
                    return
                }
                // NB: NIOAsyncChannel hands reads on at the read's end.
                context.fireChannelRead(wrapInboundOut(.tlsStarted))
                context.fireChannelReadComplete()
            }
        #endif
        context.fireUserInboundEventTriggered(event)
    }

    private func fail(_ context: ChannelHandlerContext, _ error: SMTPFramingError) {
        pending.clear()
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}

/// Why the SMTP client stopped reading.
enum SMTPFramingError: Error, CustomStringConvertible {
    case lineTooLong
    case plainTextBeforeTLS

    var description: String {
        switch self {
        case .lineTooLong: "the server sent a line longer than \(SMTPFramer.maximumLine) bytes"
        case .plainTextBeforeTLS:
            "the server sent plain text after agreeing to STARTTLS (someone on the path may be injecting commands)"
        }
    }
}
