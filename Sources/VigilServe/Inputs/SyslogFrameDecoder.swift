import NIOCore

/// RFC 6587 framing of syslog over a stream (TCP, TLS), detected frame by frame: a frame that
/// starts with a digit is octet-counted (`LEN SP MSG`), any other is newline-terminated
/// (non-transparent framing; a trailing CR is dropped). Frames longer than the limit are skipped
/// whole and reported as ``Frame/oversized(_:)``; a malformed length as ``Frame/malformed(_:)``,
/// after which the decoder resynchronises at the next newline.
struct SyslogFrameDecoder: ByteToMessageDecoder {
    /// A decoded frame, or a rejected one.
    enum Frame {
        case message(ByteBuffer)
        case oversized(Int)
        case malformed(String)
    }
    typealias InboundOut = Frame

    let maxMessageBytes: Int
    /// Bytes still to skip (an oversized octet-counted frame), or skipping to the next newline.
    private var skipBytes = 0
    private var skipToNewline = false

    init(maxMessageBytes: Int) { self.maxMessageBytes = maxMessageBytes }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if skipBytes > 0 {
            let n = min(skipBytes, buffer.readableBytes)
            buffer.moveReaderIndex(forwardBy: n)
            skipBytes -= n
            return skipBytes == 0 ? .continue : .needMoreData
        }
        if skipToNewline {
            guard let nl = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
                buffer.moveReaderIndex(to: buffer.writerIndex)
                return .needMoreData
            }
            buffer.moveReaderIndex(to: nl + 1)
            skipToNewline = false
            return .continue
        }
        guard let first = buffer.readableBytesView.first else { return .needMoreData }
        if first == UInt8(ascii: "\n") || first == UInt8(ascii: "\r") || first == UInt8(ascii: " ") {
            buffer.moveReaderIndex(forwardBy: 1)  // blank lines and stray separators between frames
            return .continue
        }
        if first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
            // Octet counting: up to 10 digits, a space, then exactly LEN bytes.
            let view = buffer.readableBytesView
            var length = 0, digits = 0
            for b in view {
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    length = length * 10 + Int(b - UInt8(ascii: "0"))
                    digits += 1
                    if digits > 10 {
                        skipToNewline = true
                        context.fireChannelRead(wrapInboundOut(.malformed("octet count longer than 10 digits")))
                        return .continue
                    }
                    continue
                }
                if b == UInt8(ascii: " ") && length > 0 { break }
                skipToNewline = true
                context.fireChannelRead(wrapInboundOut(.malformed("octet count not followed by a space")))
                return .continue
            }
            guard digits < view.count else { return .needMoreData }  // still reading the count
            if length > maxMessageBytes {
                buffer.moveReaderIndex(forwardBy: digits + 1)
                skipBytes = length
                context.fireChannelRead(wrapInboundOut(.oversized(length)))
                return .continue
            }
            guard buffer.readableBytes >= digits + 1 + length else { return .needMoreData }
            buffer.moveReaderIndex(forwardBy: digits + 1)
            let msg = buffer.readSlice(length: length)!
            context.fireChannelRead(wrapInboundOut(.message(msg)))
            return .continue
        }
        guard let nl = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maxMessageBytes {
                let n = buffer.readableBytes
                buffer.moveReaderIndex(to: buffer.writerIndex)
                skipToNewline = true
                context.fireChannelRead(wrapInboundOut(.oversized(n)))
                return .continue
            }
            return .needMoreData
        }
        var length = nl - buffer.readerIndex
        if length > maxMessageBytes {
            buffer.moveReaderIndex(to: nl + 1)
            context.fireChannelRead(wrapInboundOut(.oversized(length)))
            return .continue
        }
        if length > 0, buffer.getInteger(at: nl - 1, as: UInt8.self) == UInt8(ascii: "\r") { length -= 1 }
        let msg = buffer.getSlice(at: buffer.readerIndex, length: length)!
        buffer.moveReaderIndex(to: nl + 1)
        context.fireChannelRead(wrapInboundOut(.message(msg)))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A last newline-framed message without its newline is still a message.
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0, !skipToNewline, skipBytes == 0, let first = buffer.readableBytesView.first,
           !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) {
            let msg = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(wrapInboundOut(.message(msg)))
        } else if buffer.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(.malformed("connection closed inside a frame")))
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        return .needMoreData
    }
}
