package io.jdesk.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards what one side of a pair reads to the other side, with backpressure and bandwidth
 * limiting (spec/servers.md §9.3, the pattern of Netty's HexDumpProxy): AUTO_READ is off, each
 * buffer read is written to the peer, and this side is read again only when every write has
 * completed — and, when a limiter is in debt, only after the delay it computed, scheduled on the
 * event loop. So the relay holds at most one read's worth per direction (plus, in re-framing
 * mode, one frame being assembled).
 *
 * <p>Messages are raw chunks (TCP/TCP), frame payloads (TCP side re-framing for a WebSocket
 * peer) or WebSocket message payloads; the peer's pipeline turns them into its wire format. Empty
 * messages (heartbeat frames, text WebSocket messages) count as activity and are not forwarded.
 *
 * <p>Confined to the pair's event loop (both channels of a pair are registered there).
 */
final class PipeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PipeHandler.class);

    private final RelayPair pair;
    private final RelayConnection self;
    private final Channel peer;
    private ChannelHandlerContext ctx;
    private int outstanding;
    private boolean flushNeeded;
    private boolean readScheduled;
    private boolean spliced;
    private boolean inputEnded;
    private long readNotBefore;

    PipeHandler(RelayPair pair, RelayConnection self, Channel peer) {
        this.pair = pair;
        this.self = self;
        this.peer = peer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts reading (after buffered bytes were handed over). */
    void start() {
        maybeRead();
    }

    /** From now on a splice moves the bytes; this handler only forwards what was read before. */
    void spliced() {
        spliced = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        pair.activity();
        int n = buf.readableBytes();
        if (n == 0 || pair.closed()) {
            buf.release();
            return;
        }
        long wait = pair.meter().onBytes(n);
        if (wait > 0) {
            readNotBefore = Math.max(readNotBefore, pair.now() + wait);
        }
        outstanding++;
        pair.stats().inFlight(n);
        peer.write(buf).addListener((ChannelFuture f) -> written(f, n));
        flushNeeded = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushNeeded) {
            flushNeeded = false;
            peer.flush();
        }
        maybeRead();
    }

    private void written(ChannelFuture f, int n) {
        outstanding--;
        pair.stats().inFlight(-n);
        if (!f.isSuccess()) {
            pair.close(null, "write failed: " + f.cause().getMessage());
            return;
        }
        maybeRead();
    }

    private void maybeRead() {
        if (spliced || inputEnded || outstanding > 0 || readScheduled || pair.closed()) {
            return;
        }
        long delay = readNotBefore - pair.now();
        if (delay <= 0) {
            ctx.read();
        } else {
            readScheduled = true;
            ctx.executor().schedule(() -> {
                readScheduled = false;
                maybeRead();
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * End of this side's input (FIN, or the end of a WebSocket stream without close frame): as in
     * OSS the relay ends; what was read before is written first, then both sides close.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEnded();
        }
        ctx.fireUserEventTriggered(evt);
    }

    void inputEnded() {
        inputEnded = true;
        pair.close(null, null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LOG.debug("relay side {} closed", self.label());
        pair.close(self, null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("relay side {} failed", self.label(), cause);
        pair.close(self, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }
}
