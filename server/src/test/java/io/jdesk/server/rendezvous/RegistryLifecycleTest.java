package io.jdesk.server.rendezvous;

import static io.jdesk.server.rendezvous.TestPeers.ID;
import static io.jdesk.server.rendezvous.TestPeers.PK_A;
import static io.jdesk.server.rendezvous.TestPeers.PK_B;
import static io.jdesk.server.rendezvous.TestPeers.UUID_A;
import static io.jdesk.server.rendezvous.TestPeers.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdesk.server.store.StoreException;
import io.jdesk.server.store.StoredPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Restart (§8.5), jdesk's durable OK, normalised IPs against OSS rows, bounds and eviction. */
class RegistryLifecycleTest {

    private static final InetSocketAddress HOME = addr("203.0.113.5", 40000);

    private final ManualClock clock = new ManualClock(1_000);
    private final FakePeerStore store = new FakePeerStore();
    private final PeerRegistry registry = new PeerRegistry(store, clock);

    @Test
    void restartAsksForTheKeyOnceAndWritesNothing() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        PeerRegistry restarted = new PeerRegistry(store, clock);

        assertThat(restarted.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REQUEST_PK);
        assertThat(restarted.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(store.writes()).as("only the original insert").isEqualTo(1);
        assertThat(restarted.isOnline(ID)).as("online only on the next RegisterPeer").isFalse();
        assertThat(restarted.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REGISTERED);
        assertThat(restarted.isOnline(ID)).isTrue();
    }

    @Test
    void ossMappedIpTextIsTheSameIpForRegisterPk() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, "::ffff:203.0.113.5"));
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(store.writes()).isZero();
        assertThat(registry.ipChangesOf(ID)).isEmpty();
        // a new key from that IP is a key change, not "new key and new IP"
        assertThat(registry.registerPk(ID, UUID_A, PK_B, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(store.row(ID).orElseThrow().ip()).as("written normalised").isEqualTo("203.0.113.5");
    }

    @Test
    void insertFailureAnswersServerErrorAndLeavesNoEntry() {
        store.failWrites(true);
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.SERVER_ERROR);
        assertThat(registry.findInMemory(ID)).isEmpty();
        assertThat(registry.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REQUEST_PK);
        store.failWrites(false);
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(store.row(ID)).isPresent();
    }

    @Test
    void updateFailureAnswersServerErrorAndKeepsMemoryAsOnDisk() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        store.failWrites(true);
        InetSocketAddress away = addr("198.51.100.9", 50000);
        assertThat(registry.registerPk(ID, UUID_A, PK_A, away)).isEqualTo(RegisterPkResult.SERVER_ERROR);
        assertThat(registry.registerPk(ID, UUID_A, PK_B, HOME)).isEqualTo(RegisterPkResult.SERVER_ERROR);

        PeerSnapshot peer = registry.findInMemory(ID).orElseThrow();
        assertThat(peer.pk()).isEqualTo(PK_A);
        assertThat(peer.address()).isEqualTo(HOME);
        assertThat(peer.ip()).isEqualTo("203.0.113.5");
        assertThat(registry.onRegisterPeer(ID, away)).as("the move is not confirmed").isEqualTo(RegisterPeerResult.REQUEST_PK);
        assertThat(store.row(ID).orElseThrow().pk()).isEqualTo(PK_A);
    }

    @Test
    void readFailureAnswersServerErrorNotANewClaim() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, "203.0.113.5"));
        store.failReads(true);
        assertThat(registry.registerPk(ID, TestPeers.UUID_B, PK_B, addr("198.51.100.9", 1)))
                .isEqualTo(RegisterPkResult.SERVER_ERROR);
        assertThat(registry.size()).isZero();
        assertThat(store.writes()).isZero();
        assertThatThrownBy(() -> registry.find(ID)).isInstanceOf(StoreException.class);
    }

    @Test
    void rowDeletedBehindOurBackIsServerErrorThenClaimedAnew() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        store.delete(ID);
        assertThat(registry.registerPk(ID, UUID_A, PK_B, HOME)).isEqualTo(RegisterPkResult.SERVER_ERROR);
        assertThat(registry.findInMemory(ID)).isEmpty();
        clock.advance(Duration.ofSeconds(7));
        assertThat(registry.registerPk(ID, UUID_A, PK_B, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(store.row(ID).orElseThrow().pk()).isEqualTo(PK_B);
    }

    @Test
    void longOfflinePeersAreEvictedAndReloadedOnDemand() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        registry.registerPk("heartbeating", UUID_A, PK_A, HOME);
        for (int i = 0; i < 4 * 61; i++) { // one hour and a bit, heartbeats every 15 s
            clock.advance(Duration.ofSeconds(15));
            registry.onRegisterPeer("heartbeating", HOME);
        }
        assertThat(registry.prune()).isEqualTo(1);
        assertThat(registry.findInMemory(ID)).isEmpty();
        assertThat(registry.isOnline("heartbeating")).isTrue();
        assertThat(registry.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REQUEST_PK);

        int finds = store.finds.get();
        PeerSnapshot reloaded = registry.find(ID).orElseThrow();
        assertThat(store.finds.get()).isEqualTo(finds + 1);
        assertThat(reloaded.pk()).isEqualTo(PK_A);
        assertThat(reloaded.address()).isNull();
        assertThat(reloaded.registered()).isFalse();
    }

    @Test
    void evictionWaitsForTheConfiguredOfflineTime() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        clock.advance(Duration.ofHours(1).plus(PeerRegistry.REG_TIMEOUT));
        assertThat(registry.prune()).as("offline for exactly an hour").isZero();
        clock.advanceNanos(1);
        assertThat(registry.prune()).isEqualTo(1);
    }

    @Test
    void aMillionSourceAddressesKeepTheIpTableAtItsCap() {
        for (int i = 0; i < 3; i++) { // use up the peer's burst: the flood below is refused late
            registry.registerPk(ID, UUID_A, PK_A, HOME);
        }
        byte[] v6 = ByteBuffer.allocate(16).putLong(0x20010db800000000L).array();
        for (int i = 0; i < 1_000_000; i++) {
            ByteBuffer.wrap(v6).putLong(8, i);
            assertThat(registry.registerPk(ID, UUID_A, PK_A, new InetSocketAddress(inet(v6), 1)))
                    .isEqualTo(RegisterPkResult.TOO_FREQUENT);
        }
        assertThat(registry.ipBlockerSize()).isEqualTo(PeerRegistry.Options.DEFAULTS.ipBlockerCapacity());
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        registry.prune();
        assertThat(registry.ipBlockerSize()).isZero();
    }

    @Test
    void ipChangeRecordIsCappedAndPruned() {
        PeerRegistry small = new PeerRegistry(store, clock, new PeerRegistry.Options(10, 2, Duration.ofHours(1)));
        for (int i = 0; i < 5; i++) {
            String id = "device" + i;
            small.registerPk(id, UUID_A, PK_A, HOME);
            small.registerPk(id, UUID_A, PK_A, addr("198.51.100." + i, 1));
        }
        assertThat(small.ipChangeSize()).isEqualTo(2);
        clock.advance(IpChangeLog.IP_CHANGE_DUR.plusSeconds(1));
        small.prune();
        assertThat(small.ipChangeSize()).isZero();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new PeerRegistry.Options(0, 1, Duration.ofHours(1)))
                .hasMessageContaining("ipBlockerCapacity");
        assertThatThrownBy(() -> new PeerRegistry.Options(1, 1, Duration.ZERO))
                .hasMessageContaining("evictOfflineAfter");
    }

    private static InetAddress inet(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
