package io.jdesk.server.relay;

import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket in bits (hbbr uses async-speed-limit limiters measured in bits, spec/servers.md
 * §9.5). The bucket holds at most {@link #BURST_NANOS} worth of tokens. A caller takes the bits it
 * has just moved and gets back how long to wait before moving more: the bucket may go into debt,
 * and the debt divided by the rate is the wait. Nobody sleeps: the relay schedules its next
 * {@code read()} after that delay.
 *
 * <p>Thread-safe (one total bucket is shared by every event loop); a per-pair bucket is only used
 * from the pair's loop, so its lock is uncontended.
 */
final class TokenBucket {

    /**
     * Burst allowance: 100 ms of the rate, async-speed-limit's default refill period, so a limited
     * flow may run ahead of its rate by at most a tenth of a second.
     */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final double NANOS_PER_SECOND = 1e9;

    private final Ticker ticker;
    private long bitsPerSecond;
    private double tokens;
    private long last;

    /** @param bitsPerSecond the rate, or {@link Bandwidth#UNLIMITED} */
    TokenBucket(long bitsPerSecond, Ticker ticker) {
        this.ticker = ticker;
        this.bitsPerSecond = requireRate(bitsPerSecond);
        this.tokens = capacity();
        this.last = ticker.nanoTime();
    }

    /** Takes {@code bits}; returns the nanoseconds to wait before taking more (0 when none). */
    synchronized long take(long bits) {
        if (bitsPerSecond == Bandwidth.UNLIMITED) {
            return 0;
        }
        refill();
        tokens -= bits;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS_PER_SECOND / bitsPerSecond);
    }

    /** Changes the rate; tokens earned so far at the old rate are kept, up to the new capacity. */
    synchronized void setRate(long rate) {
        refill();
        bitsPerSecond = requireRate(rate);
        tokens = Math.min(tokens, capacity());
    }

    synchronized long rate() {
        return bitsPerSecond;
    }

    private void refill() {
        long now = ticker.nanoTime();
        if (bitsPerSecond != Bandwidth.UNLIMITED) {
            tokens = Math.min(capacity(), tokens + (now - last) * (double) bitsPerSecond / NANOS_PER_SECOND);
        }
        last = now;
    }

    private double capacity() {
        return bitsPerSecond * (BURST_NANOS / NANOS_PER_SECOND);
    }

    private static long requireRate(long rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be > 0 bit/s; got " + rate);
        }
        return rate;
    }
}
