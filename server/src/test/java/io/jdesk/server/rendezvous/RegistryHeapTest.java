package io.jdesk.server.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.server.store.StoredPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rough retained heap per registered peer (design.md: 1,000,000 peers in 512 MiB, so about
 * 537 bytes each for everything). Measured with {@link Runtime} after {@link System#gc()},
 * so only approximate; the bound is deliberately loose.
 */
class RegistryHeapTest {

    private static final Logger log = LoggerFactory.getLogger(RegistryHeapTest.class);
    private static final int PEERS = 200_000;

    @Test
    void aRegisteredPeerCostsWellUnderHalfAKilobyte() throws UnknownHostException {
        FakePeerStore store = new FakePeerStore();
        byte[] uuid = new byte[36]; // a Windows machine GUID as text
        byte[] pk = new byte[32];
        for (int i = 0; i < PEERS; i++) {
            byte[] guid = ByteBuffer.allocate(16).putLong(8, i).array();
            Arrays.fill(pk, (byte) i);
            store.put(new StoredPeer(guid, Long.toString(1_000_000_000L + i), uuid, pk, ip(i).getHostAddress()));
        }
        ManualClock clock = new ManualClock(0);
        long before = usedHeap();

        PeerRegistry registry = new PeerRegistry(store, clock);
        for (int i = 0; i < PEERS; i++) {
            String id = Long.toString(1_000_000_000L + i); // a fresh string, as decoded from a datagram
            registry.find(id);
            registry.onRegisterPeer(id, new InetSocketAddress(ip(i), 20_000 + i % 40_000));
        }
        long after = usedHeap();

        assertThat(registry.size()).isEqualTo(PEERS);
        assertThat(registry.isOnline("1000000007")).isTrue();
        long perPeer = (after - before) / PEERS;
        log.info("PeerRegistry: about {} bytes retained per registered peer ({} peers)", perPeer, PEERS);
        assertThat(perPeer).as("bytes per peer").isBetween(100L, 512L);
    }

    private static InetAddress ip(int i) throws UnknownHostException {
        return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(0x0A000000 | i).array());
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
