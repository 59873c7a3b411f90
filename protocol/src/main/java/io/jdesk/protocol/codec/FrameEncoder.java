package io.jdesk.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Netty outbound half of {@link FrameCodec}: prefixes each outgoing {@link ByteBuf} payload
 * with the shortest 1-4 byte length header (servers.md §2.1).
 *
 * <pre>
 *  message in:   ByteBuf payload (n bytes)
 *  message out:  CompositeByteBuf [ header (1-4 bytes) | payload (same memory, retained) ]
 * </pre>
 *
 * <p>The payload is not copied: the output is a composite of a freshly allocated header and
 * the retained payload, so one frame stays one outbound message. A payload longer than
 * {@link FrameCodec#MAX_FRAME_LENGTH} fails the write with an {@code EncoderException} whose
 * cause says "Overflow". Stateless, so one {@link #INSTANCE} serves every channel.
 */
@Sharable
public final class FrameEncoder extends MessageToMessageEncoder<ByteBuf> {

    /** The shared instance; the encoder holds no per-channel state. */
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
        int length = payload.readableBytes();
        int headerLength = FrameCodec.headerLength(length);
        ByteBuf header = ctx.alloc().buffer(headerLength, headerLength);
        FrameCodec.writeHeader(header, length);
        CompositeByteBuf frame = ctx.alloc().compositeBuffer(2);
        frame.addComponents(true, header, payload.retain());
        out.add(frame);
    }
}
