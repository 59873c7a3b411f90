package io.jdesk.server.relay;

/**
 * Limits and measures one relay pair (spec/servers.md §9.5, §9.6): a per-pair limiter at
 * {@code SINGLE_BANDWIDTH}, a second one at {@code LIMIT_SPEED} used instead once the pair is
 * downgraded or blacklisted, the shared total limiter, the usage counters and the downgrade rule.
 *
 * <p>Downgrade rule (rustdesk-server relay_server.rs): with {@code sb} = SINGLE_BANDWIDTH in bit/s
 * when the pair started, {@code threshold = (sb * DOWNGRADE_THRESHOLD_100 / 100 / 1000)} bits per
 * ms, truncated. At a tick, once the pair has run longer than DOWNGRADE_START_CHECK (read live)
 * and its total bits exceed {@code elapsed_ms * threshold} — its lifetime average is above the
 * threshold share of SINGLE — it is limited to LIMIT_SPEED for the rest of its life.
 *
 * <p>Confined to the pair's event loop; only the total limiter inside is shared.
 */
final class PairMeter {

    private static final long NANOS_PER_MILLI = 1_000_000;

    private final BandwidthControl control;
    private final TokenBucket single;
    private final TokenBucket limited;
    private final long thresholdBitsPerMs;
    private long lastTick;
    private long elapsedMillis;
    private long totalBits;
    private long bitsSinceTick;
    private long highestBitsPerMs;
    private long lastSpeed;
    private boolean downgraded;
    private boolean blacklisted;

    PairMeter(BandwidthControl control, boolean blacklisted) {
        this.control = control;
        Bandwidth b = control.current();
        this.single = new TokenBucket(b.singleBitsPerSecond(), control.ticker());
        this.limited = new TokenBucket(b.limitSpeedBitsPerSecond(), control.ticker());
        this.thresholdBitsPerMs = b.singleBitsPerSecond() == Bandwidth.UNLIMITED ? Long.MAX_VALUE
                : (long) (b.singleBitsPerSecond() * (double) b.downgradeThresholdHundredths() / 100. / 1000.);
        this.blacklisted = blacklisted;
        this.lastTick = control.ticker().nanoTime();
    }

    /**
     * Accounts {@code bytes} just read from one side; returns the nanoseconds to wait before
     * reading that side again (the longer of the pair's and the total limiter's waits).
     */
    long onBytes(int bytes) {
        long bits = bytes * 8L;
        count(bits);
        long pairWait = (downgraded || blacklisted ? limited : single).take(bits);
        return Math.max(pairWait, control.total().take(bits));
    }

    /** Counts bits that moved without passing a limiter (splice). */
    void count(long bits) {
        totalBits += bits;
        bitsSinceTick += bits;
    }

    /**
     * The once-per-second bookkeeping: speeds, usage, the blacklist flag and the downgrade test.
     *
     * @return true when this tick downgraded the pair
     */
    boolean tick(boolean nowBlacklisted) {
        long now = control.ticker().nanoTime();
        long n = Math.max(1, (now - lastTick) / NANOS_PER_MILLI);
        lastTick = now;
        blacklisted = nowBlacklisted;
        long speed = bitsSinceTick / n;
        highestBitsPerMs = Math.max(highestBitsPerMs, speed);
        lastSpeed = speed;
        elapsedMillis += n;
        bitsSinceTick = 0;
        if (!downgraded && elapsedMillis > control.current().downgradeStartCheckMillis()
                && totalBits / (double) elapsedMillis > thresholdBitsPerMs) {
            downgraded = true;
            return true;
        }
        return false;
    }

    Usage usage() {
        return new Usage(elapsedMillis, totalBits, highestBitsPerMs, lastSpeed);
    }

    long thresholdBitsPerMs() {
        return thresholdBitsPerMs;
    }

    long elapsedMillis() {
        return elapsedMillis;
    }

    boolean downgraded() {
        return downgraded;
    }

    boolean limited() {
        return downgraded || blacklisted;
    }
}
