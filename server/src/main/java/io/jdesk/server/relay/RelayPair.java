package io.jdesk.server.relay;

import io.jdesk.protocol.codec.FrameDecoder;
import io.jdesk.protocol.codec.FrameEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two paired relay connections (spec/servers.md §9.3): forwarding mode, limits, usage, the
 * once-per-second checks, the idle timeout and closing.
 *
 * <p>Placement: the second-arriving channel is moved (deregistered and registered again) onto
 * the first one's event loop before the pair starts, so the pair and both pipelines are confined
 * to one loop: no cross-thread writes, no locks, and epoll splice (which needs both channels on
 * one loop) becomes possible.
 *
 * <p>Modes: both TCP — raw: the frame decoders are removed, the bytes they held are forwarded,
 * then chunks are piped untouched ({@link PipeHandler}), or spliced in the kernel when no limiter
 * applies ({@link Splicer}); otherwise re-framing — a TCP side gets a frame decoder/encoder for
 * relayed frames ({@link RelayConfig#maxRelayedFrame()}), a WebSocket side carries one payload
 * per binary message.
 *
 * <p>Closing: when one side ends (EOF, error), the other is closed after its pending bytes are
 * flushed (a WebSocket side gets a close frame), or after {@link RelayConfig#idleTimeout()} when
 * its reader never takes them.
 */
final class RelayPair {

    /** Usage, blocklist, blacklist and downgrade are checked once per second (spec/servers.md §9.3). */
    static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(RelayPair.class);

    private final RelayContext cx;
    private final RelayConnection first;
    private final RelayConnection second;
    private PairMeter meter;
    private Splicer splicer;
    private boolean closed;
    private long lastActivity;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> idle;

    private RelayPair(RelayContext cx, RelayConnection first, RelayConnection second) {
        this.cx = cx;
        this.first = first;
        this.second = second;
    }

    /** Pairs {@code second} (on its loop now) with the waiting {@code first}. */
    static void pair(RelayContext cx, RelayConnection first, RelayConnection second) {
        RelayPair pair = new RelayPair(cx, first, second);
        EventLoop home = first.channel().eventLoop();
        Channel moving = second.channel();
        if (moving.eventLoop() == home) {
            pair.start();
            return;
        }
        moving.deregister().addListener(d -> {
            if (!d.isSuccess()) {
                pair.abort(d.cause());
                return;
            }
            home.register(moving).addListener(r -> {
                if (r.isSuccess()) {
                    pair.start();
                } else {
                    pair.abort(r.cause());
                }
            });
        });
    }

    private void abort(Throwable cause) {
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            // the client went away while its connection was being moved: nothing is wrong here
            LOG.info("Relay of {} closed: the other side left before pairing", second.label());
        } else {
            LOG.warn("Relay of {} closed: cannot move it to its partner's event loop: {}", second.label(),
                    cause.toString());
        }
        first.channel().close();
        second.channel().close();
    }

    private void start() {
        lastActivity = now();
        boolean raw = !first.ws() && !second.ws();
        boolean blacklisted = blacklisted();
        meter = new PairMeter(cx.bandwidth(), blacklisted);
        boolean splice = raw && Splicer.usable(cx, first.channel(), second.channel(), blacklisted);
        cx.usage().put(this, second.label(), Usage.ZERO);
        cx.stats().pairStarted(splice); // from here on close() undoes both
        if (!first.channel().isActive() || !second.channel().isActive()) {
            close(null, "the other side left before pairing");
            return;
        }
        if (raw) {
            LOG.info("Both are raw");
        }
        PipeHandler firstPipe = install(first, second.channel(), raw);
        PipeHandler secondPipe = install(second, first.channel(), raw);
        boolean firstEnded = handOver(first);
        boolean secondEnded = !closed && handOver(second);
        if (closed) {
            return; // a hand-over write failed
        }
        if (firstEnded || secondEnded) {
            (firstEnded ? firstPipe : secondPipe).inputEnded(); // forwards what it sent, then closes
            return;
        }
        if (splice) {
            splicer = new Splicer(this, first.channel(), second.channel());
            firstPipe.spliced();
            secondPipe.spliced();
            splicer.start();
        } else {
            firstPipe.start();
            secondPipe.start();
        }
        EventLoop loop = first.channel().eventLoop();
        tick = loop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        idle = loop.schedule(this::checkIdle, cx.config().idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private PipeHandler install(RelayConnection side, Channel peer, boolean raw) {
        ChannelPipeline p = side.channel().pipeline();
        PipeHandler pipe = new PipeHandler(this, side, peer);
        if (!side.ws() && !raw) {
            p.addLast("relayDecoder", new FrameDecoder(cx.config().maxRelayedFrame()));
            p.addLast("relayEncoder", FrameEncoder.INSTANCE);
        }
        p.addLast("pipe", pipe);
        return pipe;
    }

    /**
     * Removes the accept stage; what it buffered flows into the forwarding stage.
     *
     * @return whether the client had already ended its input (sent its bytes and a FIN)
     */
    private static boolean handOver(RelayConnection side) {
        ChannelPipeline p = side.channel().pipeline();
        boolean ended = ((RelayAcceptHandler) p.remove(RelayServer.ACCEPT)).inputEnded();
        p.remove(side.ws() ? RelayServer.WS_LIMIT : RelayServer.FIRST_FRAME);
        return ended;
    }

    private void tick() {
        if (closed) {
            return;
        }
        for (RelayConnection side : List.of(first, second)) {
            if (cx.blocklist().contains(side.addr().getAddress())) {
                LOG.info("{} blocked", side.addr().getAddress().getHostAddress());
                close(null, null);
                return;
            }
        }
        sampleSplice();
        if (meter.tick(blacklisted())) {
            LOG.info("Downgrade {}, exceed downgrade threshold {}bit/ms in {}ms", second.label(),
                    meter.thresholdBitsPerMs(), meter.elapsedMillis());
        }
        cx.usage().put(this, second.label(), meter.usage());
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        sampleSplice();
        long limit = cx.config().idleTimeout().toNanos();
        long idleFor = now() - lastActivity;
        if (idleFor >= limit) {
            close(null, "Timeout");
        } else {
            idle = first.channel().eventLoop().schedule(this::checkIdle, limit - idleFor, TimeUnit.NANOSECONDS);
        }
    }

    private void sampleSplice() {
        if (splicer != null) {
            long bits = splicer.sampleBits();
            if (bits > 0) {
                meter.count(bits);
                activity();
            }
        }
    }

    private boolean blacklisted() {
        return cx.blacklist().contains(first.addr().getAddress())
                || cx.blacklist().contains(second.addr().getAddress());
    }

    /**
     * Ends the relay once: logs "Relay of {addr} closed[: reason]" for the second side as OSS does,
     * closes {@code origin} (the side that ended, or null) and flushes then closes the other(s).
     */
    void close(RelayConnection origin, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (tick != null) {
            tick.cancel(false);
        }
        if (idle != null) {
            idle.cancel(false);
        }
        cx.usage().remove(this);
        cx.stats().pairEnded();
        if (reason == null) {
            LOG.info("Relay of {} closed", second.label());
        } else {
            LOG.info("Relay of {} closed: {}", second.label(), reason);
        }
        for (RelayConnection side : List.of(first, second)) {
            if (side == origin) {
                side.channel().close();
            } else {
                flushThenClose(side);
            }
        }
    }

    private void flushThenClose(RelayConnection side) {
        Channel ch = side.channel();
        if (!ch.isActive()) {
            ch.close();
            return;
        }
        // A zero-byte write from the head completes after every earlier write (TCP, raw or framed).
        ChannelFuture flushed = side.ws()
                ? ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                : ch.pipeline().firstContext().writeAndFlush(Unpooled.EMPTY_BUFFER);
        flushed.addListener(ChannelFutureListener.CLOSE);
        ScheduledFuture<?> linger = ch.eventLoop().schedule(() -> {
            ch.close();
        }, cx.config().idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ch.closeFuture().addListener(f -> linger.cancel(false));
    }

    void activity() {
        lastActivity = now();
    }

    boolean closed() {
        return closed;
    }

    PairMeter meter() {
        return meter;
    }

    RelayStats stats() {
        return cx.stats();
    }

    long now() {
        return cx.ticker().nanoTime();
    }
}
