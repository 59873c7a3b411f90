package io.jdesk.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Usage, blacklist switching and the OSS downgrade rule of one pair, on virtual time. */
class PairMeterTest {

    final MockTicker ticker = Ticker.newMockTicker();

    BandwidthControl control(Bandwidth b) {
        return new BandwidthControl(b, ticker);
    }

    /** Moves {@code bitsPerMs} for {@code seconds} whole ticks. */
    static void run(MockTicker ticker, PairMeter m, long bitsPerMs, int seconds, boolean blacklisted) {
        for (int i = 0; i < seconds; i++) {
            m.count(bitsPerMs * 1000);
            ticker.advance(1, TimeUnit.SECONDS);
            m.tick(blacklisted);
        }
    }

    @Test
    void theThresholdIsTheOssTruncatedBitsPerMillisecond() {
        PairMeter m = new PairMeter(control(Bandwidth.OSS_DEFAULTS), false);
        assertThat(m.thresholdBitsPerMs()).isEqualTo(88_583); // 128 * 2^20 * 0.66 / 1000, truncated
    }

    @Test
    void aPairAboveTheThresholdIsDowngradedOnlyAfterTheStartCheck() {
        Bandwidth b = new Bandwidth(Bandwidth.UNLIMITED, Bandwidth.DEFAULT_SINGLE, Bandwidth.DEFAULT_LIMIT_SPEED,
                66, 5_000);
        PairMeter m = new PairMeter(control(b), false);
        run(ticker, m, 90_000, 5, false);
        assertThat(m.downgraded()).as("elapsed 5000 ms is not > 5000 ms").isFalse();
        m.count(90_000 * 1000);
        ticker.advance(1, TimeUnit.SECONDS);
        assertThat(m.tick(false)).isTrue();
        assertThat(m.limited()).isTrue();
        assertThat(m.tick(false)).as("downgraded once").isFalse();
    }

    @Test
    void aPairBelowTheThresholdIsNotDowngraded() {
        Bandwidth b = new Bandwidth(Bandwidth.UNLIMITED, Bandwidth.DEFAULT_SINGLE, Bandwidth.DEFAULT_LIMIT_SPEED,
                66, 1_000);
        PairMeter m = new PairMeter(control(b), false);
        run(ticker, m, 88_583, 10, false); // equal is not above
        assertThat(m.downgraded()).isFalse();
    }

    @Test
    void usageCountsTotalHighestAndCurrentSpeed() {
        PairMeter m = new PairMeter(control(Bandwidth.OSS_DEFAULTS), false);
        run(ticker, m, 300, 2, false);
        run(ticker, m, 100, 1, false);
        Usage u = m.usage();
        assertThat(u).isEqualTo(new Usage(3000, 700_000, 300, 100));
        assertThat(u.averageBitsPerMs()).isEqualTo(233);
    }

    @Test
    void aBlacklistedOrDowngradedPairWaitsOnLimitSpeed() {
        Bandwidth b = new Bandwidth(Bandwidth.UNLIMITED, Bandwidth.UNLIMITED, 1_000_000, 66, 1_000);
        PairMeter m = new PairMeter(control(b), false);
        assertThat(m.onBytes(1_000_000)).as("unlimited single").isZero();
        m.tick(true);
        m.onBytes(12_500); // the 100 ms burst of 1 Mbit/s
        assertThat(m.onBytes(125)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        m.tick(false);
        assertThat(m.onBytes(1_000_000)).as("no longer blacklisted").isZero();
    }

    @Test
    void theTotalLimiterIsSharedAndChangesLive() {
        BandwidthControl c = control(new Bandwidth(1_000_000, Bandwidth.UNLIMITED, Bandwidth.UNLIMITED, 66, 1_000));
        PairMeter one = new PairMeter(c, false);
        PairMeter two = new PairMeter(c, false);
        assertThat(one.onBytes(12_500)).isZero();
        assertThat(two.onBytes(125)).as("the other pair pays").isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        c.update(x -> new Bandwidth(Bandwidth.UNLIMITED, x.singleBitsPerSecond(), x.limitSpeedBitsPerSecond(),
                x.downgradeThresholdHundredths(), x.downgradeStartCheckMillis()));
        assertThat(one.onBytes(1_000_000)).isZero();
    }
}
