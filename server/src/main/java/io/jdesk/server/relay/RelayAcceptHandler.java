package io.jdesk.server.relay;

import io.jdesk.protocol.codec.MalformedMessageException;
import io.jdesk.protocol.proto.RendezvousMessage;
import io.jdesk.protocol.proto.RequestRelay;
import io.jdesk.server.transport.Addresses;
import io.jdesk.server.transport.RealIp;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accept path of one relay connection (spec/servers.md §9.1, §9.2): blocklist, the first
 * message within the first-frame timeout, the key check, the uuid, then pairing — either this
 * connection waits in {@link PendingRelays} (at most the unpaired timeout) or it completes a pair
 * and {@link RelayPair} takes over. Refusals are silent closes, as in OSS; the key failure and the
 * blocklist are logged with the OSS wording.
 *
 * <p>Reading: AUTO_READ is off; this handler reads until the first message is complete and then
 * not again — a waiting side's further bytes stay in the kernel (TCP) or, for what arrived with
 * the first message, in the frame decoder (TCP) or in {@link #early} (WebSocket, bounded by
 * {@link PrePairingLimit}); they are handed to the pair when this handler is removed.
 *
 * <p>Confined to the channel's event loop. One per channel.
 */
final class RelayAcceptHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RelayAcceptHandler.class);

    /** Refusals by the per-source cap are logged once per this many. */
    private static final long REFUSAL_LOG_EVERY = 1000;

    private final RelayContext cx;
    private final boolean ws;
    private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
    private InetSocketAddress addr;
    private ScheduledFuture<?> timer;
    private RelayConnection self;
    private boolean inputEnded;

    RelayAcceptHandler(RelayContext cx, boolean ws) {
        this.cx = cx;
        this.ws = ws;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        addr = Addresses.normalize((InetSocketAddress) ctx.channel().remoteAddress());
        if (blocked(ctx)) {
            return;
        }
        timer = ctx.executor().schedule(() -> {
            LOG.debug("closing {}: no RequestRelay within {}", addr, cx.config().firstFrameTimeout());
            ctx.close();
        }, cx.config().firstFrameTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputEnded = true;
            if (self == null) {
                LOG.debug("closing {}: input ended before a RequestRelay", addr);
                ctx.close();
            }
            // a waiter keeps waiting: what it sent before its FIN is forwarded once paired
        } else if (evt instanceof HandshakeComplete hs) {
            addr = RealIp.resolve(addr, hs.requestHeaders(), cx.config().trustedProxy());
            if (blocked(ctx)) {
                return;
            }
            ctx.read();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (self != null) {
            if (ws && ctx.channel().isActive()) {
                early.add(buf);
            } else {
                buf.release(); // TCP: only reached from the decoder's last decode at EOF
            }
            return;
        }
        try {
            onFirstMessage(ctx, buf);
        } finally {
            buf.release();
        }
    }

    private void onFirstMessage(ChannelHandlerContext ctx, ByteBuf buf) {
        RequestRelay request = requestRelay(buf);
        if (request == null) {
            LOG.debug("closing {}: the first message is not a RequestRelay", addr);
            ctx.close();
            return;
        }
        if (!cx.config().key().accepts(request.getLicenceKey())) {
            LOG.warn("Relay authentication failed from {} - invalid key", Addresses.format(addr));
            ctx.close();
            return;
        }
        if (request.getUuid().isEmpty()) {
            LOG.debug("closing {}: RequestRelay without uuid", addr);
            ctx.close();
            return;
        }
        timer.cancel(false);
        self = new RelayConnection(ctx.channel(), ws, addr, request.getUuid());
        PendingRelays.Offer offer = cx.pending().offer(self);
        switch (offer.outcome()) {
            case WAITING -> waitForPartner(ctx);
            case PAIRED -> {
                LOG.info("Relayrequest {} from {} got paired", self.uuid(), self.label());
                RelayPair.pair(cx, offer.partner(), self);
            }
            case FULL_FOR_SOURCE -> {
                long refused = cx.pending().refusedForSource();
                if (refused % REFUSAL_LOG_EVERY == 1) { // the first, then one in a thousand: no log flood
                    LOG.warn("refusing relay request from {}: {} unpaired connections from its address are waiting"
                            + " already ({} refused like this so far)", self.label(), cx.config().unpairedPerIp(),
                            refused);
                }
                ctx.close();
            }
            default -> {
                LOG.warn("refusing relay request from {}: {} unpaired connections are waiting already",
                        self.label(), cx.config().pendingCapacity());
                ctx.close();
            }
        }
    }

    private RequestRelay requestRelay(ByteBuf buf) {
        if (buf.readableBytes() > cx.config().maxFirstFrame()) {
            return null;
        }
        try {
            RendezvousMessage m = cx.parser().parseRendezvous(buf);
            return m.hasRequestRelay() ? m.getRequestRelay() : null;
        } catch (MalformedMessageException e) {
            return null;
        }
    }

    private void waitForPartner(ChannelHandlerContext ctx) {
        LOG.info("New relay request {} from {}", self.uuid(), self.label());
        RelayConnection waiter = self;
        ctx.channel().closeFuture().addListener(f -> cx.pending().remove(waiter));
        timer = ctx.executor().schedule(() -> {
            if (cx.pending().remove(waiter)) {
                // Info, not debug: a uuid nobody else presents (a guess, a leftover) ends here
                LOG.info("Relay request {} from {} not paired within {} ms, closed", waiter.uuid(), waiter.label(),
                        cx.config().unpairedTimeout().toMillis());
                ctx.close();
            }
        }, cx.config().unpairedTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the client has finished sending (FIN) while this stage was in charge. */
    boolean inputEnded() {
        return inputEnded;
    }

    private boolean blocked(ChannelHandlerContext ctx) {
        if (!cx.blocklist().contains(addr.getAddress())) {
            return false;
        }
        LOG.info("{} blocked", addr.getAddress().getHostAddress());
        ctx.close();
        return true;
    }

    /** Called by the pair after it took over: hand what arrived with the first message on. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        if (!early.isEmpty()) {
            for (ByteBuf b = early.poll(); b != null; b = early.poll()) {
                ctx.fireChannelRead(b);
            }
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        for (ByteBuf b = early.poll(); b != null; b = early.poll()) {
            b.release();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing relay connection from {}: {}", addr, cause.toString());
        ctx.close();
    }
}
