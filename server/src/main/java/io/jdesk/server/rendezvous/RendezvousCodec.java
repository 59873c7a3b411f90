package io.jdesk.server.rendezvous;

import io.jdesk.protocol.codec.ProtoParser;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Frame payloads (TCP, after the frame decoder and the secure layer) or WebSocket message
 * payloads to {@link RendezvousMessage} and back. Parsing is bounded by {@link ProtoParser};
 * a payload that does not parse raises {@code MalformedMessageException}, which the
 * connection's handler answers by closing. An empty payload is the heartbeat and arrives as
 * the empty message ({@code UNION_NOT_SET}).
 */
@Sharable
final class RendezvousCodec extends MessageToMessageCodec<ByteBuf, RendezvousMessage> {

    private final ProtoParser parser;

    RendezvousCodec(ProtoParser parser) {
        this.parser = parser;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RendezvousMessage msg, List<Object> out) {
        out.add(toBuf(ctx, msg));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
        out.add(parser.parseRendezvous(payload));
    }

    static ByteBuf toBuf(ChannelHandlerContext ctx, RendezvousMessage msg) {
        int size = msg.getSerializedSize();
        ByteBuf buf = ctx.alloc().buffer(size, size);
        try (ByteBufOutputStream os = new ByteBufOutputStream(buf)) {
            msg.writeTo(os);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        return buf;
    }
}
