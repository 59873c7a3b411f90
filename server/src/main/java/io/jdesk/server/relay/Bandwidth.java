package io.jdesk.server.relay;

import java.math.BigDecimal;

/**
 * The relay's bandwidth settings in the OSS units (spec/servers.md §9.5): rates in bits per second
 * where "Mb/s" means 1024 x 1024 bits per second, the downgrade threshold in hundredths, the
 * downgrade start check in milliseconds. Values are what {@code TOTAL_BANDWIDTH},
 * {@code SINGLE_BANDWIDTH}, {@code LIMIT_SPEED}, {@code DOWNGRADE_THRESHOLD} and
 * {@code DOWNGRADE_START_CHECK} resolve to; {@link #ofOss} converts the raw setting values the way
 * hbbr does.
 *
 * <p>jdesk extension: a rate of {@link #UNLIMITED} switches that limiter off (OSS has no way to do
 * that: only values &gt; 0 replace its defaults).
 *
 * @param totalBitsPerSecond one limiter shared by every pair, both directions ({@code TOTAL_BANDWIDTH})
 * @param singleBitsPerSecond the limiter of one pair, both directions combined ({@code SINGLE_BANDWIDTH})
 * @param limitSpeedBitsPerSecond the per-pair cap of downgraded and blacklisted pairs ({@code LIMIT_SPEED})
 * @param downgradeThresholdHundredths {@code DOWNGRADE_THRESHOLD} x 100, truncated (0.66 is 66)
 * @param downgradeStartCheckMillis {@code DOWNGRADE_START_CHECK} in ms (seconds x 1000)
 */
public record Bandwidth(
        long totalBitsPerSecond,
        long singleBitsPerSecond,
        long limitSpeedBitsPerSecond,
        int downgradeThresholdHundredths,
        long downgradeStartCheckMillis) {

    /** A rate that never limits. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** "Mb/s" in hbbr: 1024 x 1024 bits per second (spec/servers.md §9.5). */
    public static final long BITS_PER_MBIT = 1024L * 1024L;

    /** {@code TOTAL_BANDWIDTH} default: 1024 Mb/s (rustdesk-server relay_server.rs). */
    public static final long DEFAULT_TOTAL = 1024 * BITS_PER_MBIT;

    /** {@code SINGLE_BANDWIDTH} default: 128 Mb/s since 1.1.15, 16 before (spec/servers.md §9.5). */
    public static final long DEFAULT_SINGLE = 128 * BITS_PER_MBIT;

    /** {@code LIMIT_SPEED} default: 32 Mb/s since 1.1.15, 4 before (spec/servers.md §9.5). */
    public static final long DEFAULT_LIMIT_SPEED = 32 * BITS_PER_MBIT;

    /** {@code DOWNGRADE_THRESHOLD} default 0.66, stored as hundredths (spec/servers.md §9.5). */
    public static final int DEFAULT_DOWNGRADE_THRESHOLD = 66;

    /** {@code DOWNGRADE_START_CHECK} default 1800 s, stored in ms (spec/servers.md §9.5). */
    public static final long DEFAULT_DOWNGRADE_START_CHECK_MILLIS = 1_800_000;

    /** The OSS defaults. */
    public static final Bandwidth OSS_DEFAULTS = new Bandwidth(DEFAULT_TOTAL, DEFAULT_SINGLE,
            DEFAULT_LIMIT_SPEED, DEFAULT_DOWNGRADE_THRESHOLD, DEFAULT_DOWNGRADE_START_CHECK_MILLIS);

    /** Nothing limited: the settings under which TCP pairs may use splice. */
    public static final Bandwidth UNLIMITED_ALL = new Bandwidth(UNLIMITED, UNLIMITED, UNLIMITED,
            DEFAULT_DOWNGRADE_THRESHOLD, DEFAULT_DOWNGRADE_START_CHECK_MILLIS);

    public Bandwidth {
        requirePositive("TOTAL_BANDWIDTH", totalBitsPerSecond);
        requirePositive("SINGLE_BANDWIDTH", singleBitsPerSecond);
        requirePositive("LIMIT_SPEED", limitSpeedBitsPerSecond);
        requirePositive("DOWNGRADE_THRESHOLD", downgradeThresholdHundredths);
        requirePositive("DOWNGRADE_START_CHECK", downgradeStartCheckMillis);
    }

    /**
     * Settings from OSS-style values: Mb/s as floats, the threshold as a float, the start check in
     * whole seconds. As in hbbr, a value that is not &gt; 0 keeps the default.
     */
    public static Bandwidth ofOss(double totalMbps, double singleMbps, double limitSpeedMbps,
            double downgradeThreshold, long downgradeStartCheckSeconds) {
        return new Bandwidth(
                totalMbps > 0 ? mbps(totalMbps) : DEFAULT_TOTAL,
                singleMbps > 0 ? mbps(singleMbps) : DEFAULT_SINGLE,
                limitSpeedMbps > 0 ? mbps(limitSpeedMbps) : DEFAULT_LIMIT_SPEED,
                downgradeThreshold > 0 ? hundredths(downgradeThreshold) : DEFAULT_DOWNGRADE_THRESHOLD,
                downgradeStartCheckSeconds > 0 ? downgradeStartCheckSeconds * 1000
                        : DEFAULT_DOWNGRADE_START_CHECK_MILLIS);
    }

    /** {@code v} Mb/s in bits per second, truncated as hbbr's {@code (v * 1024. * 1024.) as usize}. */
    public static long mbps(double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("a rate must be > 0 Mb/s; got " + v);
        }
        double bits = v * BITS_PER_MBIT;
        return bits >= UNLIMITED ? UNLIMITED : Math.max(1, (long) bits);
    }

    /** A threshold such as 0.66 as hundredths, truncated as hbbr's {@code (v * 100.) as usize}. */
    public static int hundredths(double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("a threshold must be > 0; got " + v);
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, v * 100));
    }

    /** Bits per second as hbbr prints Mb/s ({@code 32}, {@code 0.5}, or {@code unlimited}). */
    public static String formatMbps(long bitsPerSecond) {
        return bitsPerSecond == UNLIMITED ? "unlimited"
                : plain((double) bitsPerSecond / BITS_PER_MBIT);
    }

    /** A double as Rust's {@code Display} prints it: no exponent, no trailing ".0". */
    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Whether no limiter applies to a pair, blacklisted or not. */
    public boolean unlimited() {
        return totalBitsPerSecond == UNLIMITED && singleBitsPerSecond == UNLIMITED
                && limitSpeedBitsPerSecond == UNLIMITED;
    }

    private static void requirePositive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0; got " + v);
        }
    }
}
