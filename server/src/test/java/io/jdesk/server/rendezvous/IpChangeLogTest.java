package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IpChangeLogTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final IpChangeLog log = new IpChangeLog(3);

    @Test
    void countsPerIpWithinTheWindowAndRestartsAfterIt() {
        log.record("id1", IpKey.parse("1.1.1.1"), 0);
        log.record("id1", IpKey.parse("1.1.1.1"), 10 * SECOND);
        log.record("id1", IpKey.parse("::ffff:2.2.2.2"), 180 * SECOND);
        assertThat(log.ipsOf("id1")).isEqualTo(Map.of("1.1.1.1", 2, "2.2.2.2", 1));
        log.record("id1", IpKey.parse("3.3.3.3"), 181 * SECOND);
        assertThat(log.ipsOf("id1")).isEqualTo(Map.of("3.3.3.3", 1));
    }

    @Test
    void capsIdsAndIpsPerId() {
        for (int i = 0; i < 10; i++) {
            log.record("id" + i, IpKey.parse("1.1.1.1"), 0);
        }
        assertThat(log.size()).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            log.record("id9", new IpKey(0, 0xFFFF00000000L | i), 0);
        }
        assertThat(log.ipsOf("id9")).hasSize(IpChangeLog.MAX_IPS_PER_ID);
    }

    @Test
    void pruneDropsFinishedWindows() {
        log.record("old", IpKey.parse("1.1.1.1"), 0);
        log.record("new", IpKey.parse("1.1.1.1"), 100 * SECOND);
        log.prune(181 * SECOND);
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.ipsOf("old")).isEmpty();
    }
}
