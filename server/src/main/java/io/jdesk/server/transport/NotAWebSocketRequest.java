package io.jdesk.server.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Behind Netty's {@code WebSocketServerProtocolHandler} on the WebSocket ports: a request whose
 * URI is not a WebSocket path (the handler only upgrades origin-form URIs starting with "/";
 * an absolute-form {@code GET http://host/...} or {@code *} passes it untouched) is answered
 * 400 and the connection closed. Without this the request travelled on as a message the next
 * handlers do not expect: on hbbs it was dropped at the pipeline's tail and the client got no
 * answer until the idle timeout; on hbbr it hit a cast to ByteBuf and its aggregated buffer was
 * never released (found by fuzzing, docs/reliability.md). WebSocket frames pass through.
 */
@Sharable
public final class NotAWebSocketRequest extends ChannelInboundHandlerAdapter {

    public static final NotAWebSocketRequest INSTANCE = new NotAWebSocketRequest();

    private NotAWebSocketRequest() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        DefaultFullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
        bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
    }
}
