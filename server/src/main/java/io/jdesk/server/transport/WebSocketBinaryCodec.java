package io.jdesk.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * One binary WebSocket message = one protobuf payload (spec/servers.md §2.3): inbound binary
 * frames become their content {@link ByteBuf}, outbound buffers become binary frames. Text
 * frames are ignored, as hbbs ignores them; ping/pong/close are handled by Netty's
 * {@code WebSocketServerProtocolHandler} before this codec. Fragmented messages are joined by
 * a {@code WebSocketFrameAggregator} in front of it.
 */
@Sharable
public final class WebSocketBinaryCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    public static final WebSocketBinaryCodec INSTANCE = new WebSocketBinaryCodec();

    private WebSocketBinaryCodec() {}

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame) {
            out.add(frame.content().retain());
        }
    }
}
