package io.jdesk.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * One WebSocket message = one relayed payload (spec/servers.md §9.1 step 4, §9.3). Inbound: a
 * binary message becomes its content; any other data message (text) becomes an empty buffer, which
 * hbbr treats as an empty message: not a RequestRelay when it comes first, not forwarded but
 * counted as activity later. Outbound: a buffer becomes one binary message. Ping, pong and close
 * are handled by Netty's protocol handler in front; fragments are joined by the aggregator.
 *
 * <p>Unlike the shared {@code WebSocketBinaryCodec}, every inbound message yields exactly one
 * output, so the relay's read scheduling sees every message. Not sharable: one per channel.
 */
final class RelayWsFrames extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        out.add(frame instanceof BinaryWebSocketFrame ? frame.content().retain() : Unpooled.EMPTY_BUFFER);
    }
}
