package io.jdesk.server.config;

import java.math.BigDecimal;

/**
 * A relay rate in OSS units (servers.md §9.5): "Mb/s" means 1024 x 1024 bits per second.
 *
 * @param megabitsPerSecond the configured number, finite and greater than 0
 */
public record Bandwidth(double megabitsPerSecond) {

    /** Bits in one OSS "Mb" (rustdesk-server relay_server.rs multiplies by 1024 * 1024). */
    public static final long BITS_PER_MEGABIT = 1024L * 1024L;

    public Bandwidth {
        if (!(megabitsPerSecond > 0) || Double.isInfinite(megabitsPerSecond)) {
            throw new IllegalArgumentException("bandwidth must be finite and > 0 Mb/s, got " + megabitsPerSecond);
        }
    }

    /** @return bits per second, truncated as OSS does ({@code (v * 1024 * 1024) as usize}) */
    public long bitsPerSecond() {
        return (long) (megabitsPerSecond * BITS_PER_MEGABIT);
    }

    /** @return e.g. {@code 128Mb/s} or {@code 0.5Mb/s}, as OSS logs it */
    @Override
    public String toString() {
        return BigDecimal.valueOf(megabitsPerSecond).stripTrailingZeros().toPlainString() + "Mb/s";
    }
}
