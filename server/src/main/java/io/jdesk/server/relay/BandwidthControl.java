package io.jdesk.server.relay;

import io.netty.util.concurrent.Ticker;
import java.util.function.UnaryOperator;

/**
 * The live bandwidth settings and the total limiter shared by every pair (spec/servers.md §9.5).
 * The console changes the settings at run time with the OSS effect: {@code total-bandwidth}
 * applies at once to the shared limiter; {@code single-bandwidth}, {@code limit-speed} and
 * {@code downgrade-threshold} apply to pairs that start afterwards; {@code downgrade-start-check}
 * applies to every pair's next check.
 *
 * <p>Thread-safe: the settings are one immutable {@link Bandwidth} swapped atomically.
 */
public final class BandwidthControl {

    private final Ticker ticker;
    private final TokenBucket total;
    private volatile Bandwidth current;

    BandwidthControl(Bandwidth initial, Ticker ticker) {
        this.ticker = ticker;
        this.current = initial;
        this.total = new TokenBucket(initial.totalBitsPerSecond(), ticker);
    }

    /** The settings now. */
    public Bandwidth current() {
        return current;
    }

    /** Replaces the settings (console); a new total rate applies to the shared limiter at once. */
    public synchronized Bandwidth update(UnaryOperator<Bandwidth> change) {
        Bandwidth next = change.apply(current);
        current = next;
        total.setRate(next.totalBitsPerSecond());
        return next;
    }

    TokenBucket total() {
        return total;
    }

    Ticker ticker() {
        return ticker;
    }
}
