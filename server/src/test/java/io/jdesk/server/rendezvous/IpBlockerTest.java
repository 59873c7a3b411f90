package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** servers.md §5.16 per-IP limits, as OSS {@code check_ip_blocker} applies them. */
class IpBlockerTest {

    private static final IpKey IP = IpKey.parse("198.51.100.7");
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final IpBlocker blocker = new IpBlocker(1000);
    private long now = 42;

    @Test
    void thirtyTwoPerBurstThenRefused() {
        for (int i = 0; i < 32; i++) {
            assertThat(blocker.allow(IP, "id" + i, now)).as("request %d", i + 1).isTrue();
        }
        assertThat(blocker.allow(IP, "id0", now)).isFalse();
        assertThat(blocker.allow(IP, "id0", now + 60 * SECOND)).as("60 whole seconds are not more than 60").isFalse();
        assertThat(blocker.allow(IP, "id0", now + 61 * SECOND)).isTrue();
    }

    @Test
    void refusedRequestsDoNotExtendTheBurst() {
        for (int i = 0; i < 33; i++) {
            blocker.allow(IP, "id", now);
        }
        assertThat(blocker.allow(IP, "id", now + 59 * SECOND)).isFalse();
        assertThat(blocker.allow(IP, "id", now + 61 * SECOND)).as("window counts from the last accepted").isTrue();
    }

    @Test
    void otherAddressesHaveTheirOwnCounter() {
        for (int i = 0; i < 40; i++) {
            blocker.allow(IP, "id", now);
        }
        assertThat(blocker.allow(IpKey.parse("198.51.100.8"), "id", now)).isTrue();
        assertThat(blocker.allow(IpKey.parse("::ffff:198.51.100.7"), "id", now)).as("same address, mapped").isFalse();
    }

    @Test
    void threeHundredNewIdsPerDayThenOnlyKnownIds() {
        // the first request only creates the entry; the next 301 distinct IDs fill the set
        int accepted = 0;
        for (int i = 0; i < 302; i++) {
            now += 61 * SECOND; // keep the request counter out of the way
            accepted += blocker.allow(IP, "id" + i, now) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(302);
        now += 61 * SECOND;
        assertThat(blocker.allow(IP, "new-id", now)).isFalse();
        now += 61 * SECOND;
        assertThat(blocker.allow(IP, "id150", now)).as("known ID").isTrue();
        now += 61 * SECOND;
        assertThat(blocker.allow(IP, "id0", now)).as("OSS never added the entry-creating ID").isFalse();
        now += Duration.ofSeconds(86_401).toNanos();
        assertThat(blocker.allow(IP, "new-id", now)).as("a quiet day clears the set").isTrue();
    }

    @Test
    void staysAtCapacityUnderAFloodOfAddresses() {
        IpBlocker small = new IpBlocker(100);
        for (int i = 0; i < 10_000; i++) {
            assertThat(small.allow(new IpKey(0x20010db8L << 32, i), "id", now)).isTrue();
        }
        assertThat(small.size()).isEqualTo(100);
    }

    @Test
    void pruneDropsEntriesOnlyWhenBothWindowsAreOver() {
        blocker.allow(IP, "id", now);
        blocker.allow(IP, "id", now);
        blocker.prune(now + 61 * SECOND);
        assertThat(blocker.size()).as("the day window still runs").isEqualTo(1);
        blocker.prune(now + 86_401 * SECOND);
        assertThat(blocker.size()).isZero();
    }
}
