package io.jdesk.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limiter on virtual time: burst, debt and the long-run rate. */
class TokenBucketTest {

    final MockTicker ticker = Ticker.newMockTicker();

    @Test
    void aFullBucketAllowsAHundredMillisecondsBurstThenChargesTheDebt() {
        TokenBucket b = new TokenBucket(1_000_000, ticker); // 1 Mbit/s: 100 000 bits of burst
        assertThat(b.take(100_000)).isZero();
        assertThat(b.take(50_000)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        ticker.advance(50, TimeUnit.MILLISECONDS);
        assertThat(b.take(0)).isZero();
        assertThat(b.take(1_000)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void idleTimeRefillsNoMoreThanTheBurst() {
        TokenBucket b = new TokenBucket(1_000_000, ticker);
        ticker.advance(1, TimeUnit.HOURS);
        assertThat(b.take(100_000)).isZero();
        assertThat(b.take(1)).isPositive();
    }

    @Test
    void aConsumerThatWaitsAsToldMovesExactlyTheRate() {
        TokenBucket b = new TokenBucket(8L * 1024 * 1024, ticker); // 8 Mb/s in hbbr units
        long bits = 0;
        long start = ticker.nanoTime();
        while (ticker.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            bits += 65_536 * 8;
            ticker.advance(b.take(65_536 * 8), TimeUnit.NANOSECONDS);
        }
        double seconds = (ticker.nanoTime() - start) / 1e9;
        // everything beyond the rate is the initial 100 ms burst and the last chunk
        assertThat(bits / seconds).isBetween(8.0 * 1024 * 1024, 8.0 * 1024 * 1024 * 1.003);
    }

    @Test
    void theRateCanChangeLiveAndUnlimitedNeverWaits() {
        TokenBucket b = new TokenBucket(Bandwidth.UNLIMITED, ticker);
        assertThat(b.take(Long.MAX_VALUE / 2)).isZero();
        b.setRate(1_000);
        assertThat(b.take(1_000)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
    }
}
