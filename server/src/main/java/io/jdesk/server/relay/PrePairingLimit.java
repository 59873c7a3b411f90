package io.jdesk.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a WebSocket relay connection: bounds the raw bytes a client may send before
 * it is paired (handshake plus first message plus what came with it). The WebSocket decoder
 * behind must accept relayed messages up to {@link RelayConfig#maxRelayedFrame()}, so without this
 * a client could make the relay buffer that much for a first message that may only be
 * {@link RelayConfig#maxFirstFrame()} long (design.md hard rule 2). Removed when the connection
 * is paired. One per channel.
 */
final class PrePairingLimit extends ChannelInboundHandlerAdapter {

    /**
     * Room for the HTTP upgrade request and WebSocket framing besides the first message: the
     * request is bounded by the HTTP codec's limits (4 KiB line, 8 KiB headers).
     */
    static final int HANDSHAKE_ALLOWANCE = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PrePairingLimit.class);

    private final long limit;
    private long seen;

    PrePairingLimit(int maxFirstFrame) {
        this.limit = (long) maxFirstFrame + HANDSHAKE_ALLOWANCE;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        seen += ((ByteBuf) msg).readableBytes();
        if (seen > limit) {
            ((ByteBuf) msg).release();
            LOG.debug("closing {}: {} bytes before pairing exceed {}", ctx.channel(), seen, limit);
            ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
