package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.server.testing.RegistryRows;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rough retained heap per registered peer (design.md: 1,000,000 peers in 512 MiB, so about
 * 537 bytes each for everything). Measured with {@link Runtime} after {@link System#gc()},
 * so only approximate; the bound is deliberately loose. {@code RegistryMemoryBench} in bench/
 * measures 1,000,000 peers the same way.
 */
class RegistryHeapTest {

    private static final Logger log = LoggerFactory.getLogger(RegistryHeapTest.class);
    private static final int PEERS = 200_000;

    @Test
    void aRegisteredPeerCostsWellUnderHalfAKilobyte() {
        FakePeerStore store = new FakePeerStore();
        for (int i = 0; i < PEERS; i++) {
            store.put(RegistryRows.row(i));
        }
        long before = RegistryRows.usedHeapAfterGc();

        PeerRegistry registry = new PeerRegistry(store, new ManualClock(0));
        RegistryRows.registerOnline(registry, PEERS);
        long after = RegistryRows.usedHeapAfterGc();

        assertThat(registry.size()).isEqualTo(PEERS);
        assertThat(registry.isOnline("1000000007")).isTrue();
        long perPeer = (after - before) / PEERS;
        log.info("PeerRegistry: about {} bytes retained per registered peer ({} peers)", perPeer, PEERS);
        assertThat(perPeer).as("bytes per peer").isBetween(100L, 512L);
    }
}
