package io.jdesk.server.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one relay server (tests, metrics): active pairs, pairs that used splice, and the
 * relayed bytes read but not yet written (the relay's own buffering) with its high-water mark.
 * Thread-safe.
 */
public final class RelayStats {

    private final AtomicLong activePairs = new AtomicLong();
    private final AtomicLong splicedPairs = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();

    void pairStarted(boolean spliced) {
        activePairs.incrementAndGet();
        if (spliced) {
            splicedPairs.incrementAndGet();
        }
    }

    void pairEnded() {
        activePairs.decrementAndGet();
    }

    void inFlight(long delta) {
        long now = inFlight.addAndGet(delta);
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    /** Pairs relaying now. */
    public long activePairs() {
        return activePairs.get();
    }

    /** Pairs since start that forwarded with splice. */
    public long splicedPairs() {
        return splicedPairs.get();
    }

    /** Relayed bytes read from one side and not yet written to the other. */
    public long inFlightBytes() {
        return inFlight.get();
    }

    /** Highest {@link #inFlightBytes()} since start. */
    public long maxInFlightBytes() {
        return maxInFlight.get();
    }
}
