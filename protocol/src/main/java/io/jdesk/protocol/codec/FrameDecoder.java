package io.jdesk.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty inbound half of {@link FrameCodec}: turns a TCP byte stream into one {@link ByteBuf}
 * per frame payload (servers.md §2.1).
 *
 * <pre>
 *  bytes in:  | hdr | payload ... | hdr | payload | hdr(00) | ...
 *                \______ A ______/ \____ B ____/  \_ C _/
 *  messages out:     ByteBuf A         ByteBuf B   empty ByteBuf C
 * </pre>
 *
 * <p>A small state machine: {@code HEADER} waits for the first byte and then for the whole
 * 1-4 byte header; the declared length is checked against {@code maxFrameLength} right there,
 * before a single payload byte is awaited. {@code PAYLOAD} waits until the cumulation buffer
 * holds the whole payload, which it then emits as a retained slice (no copy); the receiver
 * owns it and must release it. Netty's cumulation only ever holds bytes actually received,
 * so memory per connection is bounded by the limit plus one read.
 *
 * <p>On a header above the limit the decoder switches to {@code DISCARD}: it drops what is
 * buffered and everything that arrives later, and throws {@link FrameTooLongException} once.
 * The stream cannot be resynchronised, so the pipeline's exception handler is expected to
 * close the channel; until it does, nothing accumulates. Not sharable: one per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private enum State { HEADER, PAYLOAD, DISCARD }

    private final int maxFrameLength;
    private State state = State.HEADER;
    private int payloadLength;

    /** A decoder with the {@link FrameCodec#DEFAULT_MAX_FRAME} limit (rendezvous traffic). */
    public FrameDecoder() {
        this(FrameCodec.DEFAULT_MAX_FRAME);
    }

    /**
     * @param maxFrameLength largest accepted payload, 0 to {@link FrameCodec#MAX_FRAME_LENGTH}
     */
    public FrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 0 || maxFrameLength > FrameCodec.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength must be 0.."
                    + FrameCodec.MAX_FRAME_LENGTH + "; got " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** @return the largest payload this decoder accepts */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case HEADER -> readHeader(in, out);
            case PAYLOAD -> readPayload(in, out);
            default -> in.skipBytes(in.readableBytes());
        }
    }

    private void readHeader(ByteBuf in, List<Object> out) {
        int headerLength = FrameCodec.headerLengthOf(in.getUnsignedByte(in.readerIndex()));
        if (in.readableBytes() < headerLength) {
            return;
        }
        int length = FrameCodec.payloadLength(in, in.readerIndex(), headerLength);
        if (length > maxFrameLength) {
            state = State.DISCARD;
            in.skipBytes(in.readableBytes());
            throw new FrameTooLongException(length, maxFrameLength);
        }
        in.skipBytes(headerLength);
        if (length == 0) {
            out.add(Unpooled.EMPTY_BUFFER);
            return;
        }
        payloadLength = length;
        state = State.PAYLOAD;
    }

    private void readPayload(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < payloadLength) {
            return;
        }
        out.add(in.readRetainedSlice(payloadLength));
        state = State.HEADER;
    }

    /** Capacity of the cumulation buffer, for tests that check nothing was pre-allocated. */
    int bufferedCapacity() {
        return internalBuffer().capacity();
    }
}
