package io.jdesk.server.relay;

import io.jdesk.protocol.codec.FrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage of a TCP relay connection: decodes exactly one length-prefixed frame (the
 * RequestRelay, spec/servers.md §9.1 step 4) and keeps every later byte undecoded until the pair
 * takes over; on removal it hands those bytes on as they are, which is hbbr's switch to raw mode
 * (§2.1 "Raw mode").
 *
 * <pre>
 *   | hdr | RequestRelay | session bytes ...        (one or more reads)
 *          \____ fired ___/ \__ held, handed on at removal __/
 * </pre>
 *
 * <p>Not a {@link ByteToMessageDecoder}: that one decodes or drops what it holds when the input
 * ends, and a client may send its first session bytes and close before its partner arrives (OSS
 * leaves them in the socket and forwards them after pairing). Bounds (design.md hard rule 2): the
 * declared length is checked against {@code maxFrame} as soon as the header is complete, and all
 * bytes held before pairing against {@code maxFrame + }{@link PrePairingLimit#HANDSHAKE_ALLOWANCE}.
 *
 * <p>Reads while the first frame is incomplete (AUTO_READ is off), never after. One per channel.
 */
final class FirstFrameDecoder extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FirstFrameDecoder.class);

    private final int maxFrame;
    private final long budget;
    private ByteBuf held;
    private boolean decoded;

    FirstFrameDecoder(int maxFrame) {
        this.maxFrame = maxFrame;
        this.budget = (long) maxFrame + FrameCodec.MAX_HEADER_LENGTH + PrePairingLimit.HANDSHAKE_ALLOWANCE;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        held = held == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, in);
        if (held.readableBytes() > budget) {
            refuse(ctx, held.readableBytes() + " bytes before pairing exceed " + budget);
            return;
        }
        if (!decoded) {
            decode(ctx);
        }
    }

    private void decode(ChannelHandlerContext ctx) {
        int start = held.readerIndex();
        int headerLength = FrameCodec.headerLengthOf(held.getUnsignedByte(start));
        if (held.readableBytes() < headerLength) {
            return;
        }
        int length = FrameCodec.payloadLength(held, start, headerLength);
        if (length > maxFrame) {
            refuse(ctx, "first frame of " + length + " bytes exceeds " + maxFrame);
            return;
        }
        if (held.readableBytes() < headerLength + length) {
            return;
        }
        held.skipBytes(headerLength);
        decoded = true;
        ctx.fireChannelRead(held.readRetainedSlice(length));
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), why);
        release();
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!decoded && ctx.channel().isActive()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    /** The pair took over: what came after the first frame goes on, untouched. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf rest = held;
        held = null;
        if (rest != null && rest.isReadable()) {
            ctx.fireChannelRead(rest);
            ctx.fireChannelReadComplete();
        } else if (rest != null) {
            rest.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
