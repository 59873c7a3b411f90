package io.jdesk.server.rendezvous;

import java.time.Duration;

/**
 * Elapsed-time comparisons shared by the registry tables. All arithmetic is 64-bit
 * ({@code now - since}); servers.md §4 records an OSS bug where a 32-bit cast made peers
 * offline for 25-50 days look online.
 */
final class Elapsed {

    /** Marks a timestamp that never happened ("never registered", "never counted"). */
    static final long NEVER = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Elapsed() {
    }

    /**
     * OSS compares {@code Instant::elapsed().as_secs() > n}: whole seconds, truncated. So "more
     * than 60 s" is first true at 61.0 s. Reproduced so the limits match OSS to the second.
     *
     * @return whether more than {@code seconds} whole seconds passed since {@code since}
     *         (always true when {@code since} is {@link #NEVER})
     */
    static boolean wholeSecondsOver(long since, long now, Duration seconds) {
        return since == NEVER || (now - since) / NANOS_PER_SECOND > seconds.toSeconds();
    }

    /** @return whether {@code since} is known and less than {@code window} ago */
    static boolean within(long since, long now, long windowNanos) {
        return since != NEVER && now - since < windowNanos;
    }
}
