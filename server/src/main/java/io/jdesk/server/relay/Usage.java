package io.jdesk.server.relay;

/**
 * Usage of one active relay (spec/servers.md §9.6), as the console's {@code usage} prints it.
 * Speeds are in bits per millisecond, which the OSS output labels "kb/s".
 *
 * @param elapsedMillis time the relay has run, counted in whole ticks
 * @param totalBits bits relayed in both directions
 * @param highestBitsPerMs highest speed over one tick
 * @param lastBitsPerMs speed over the last tick
 */
public record Usage(long elapsedMillis, long totalBits, long highestBitsPerMs, long lastBitsPerMs) {

    /** A relay that has just started. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    /** Average speed over the relay's life in bits/ms (0 before the first tick). */
    public long averageBitsPerMs() {
        return elapsedMillis == 0 ? 0 : totalBits / elapsedMillis;
    }
}
