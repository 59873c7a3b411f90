package io.jdesk.server.rendezvous;

import static io.jdesk.server.rendezvous.TestPeers.ID;
import static io.jdesk.server.rendezvous.TestPeers.PK_A;
import static io.jdesk.server.rendezvous.TestPeers.UUID_A;
import static io.jdesk.server.rendezvous.TestPeers.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.server.store.StoredPeer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** servers.md §5.2 steps 1-3, the online rule (§4) and OnlineRequest states (§5.10). */
class RegisterPeerTest {

    private static final InetSocketAddress HOME = addr("203.0.113.5", 40000);

    private final ManualClock clock = new ManualClock(0);
    private final FakePeerStore store = new FakePeerStore();
    private final PeerRegistry registry = new PeerRegistry(store, clock);

    @Test
    void emptyIdIsIgnored() {
        RegisterPeerResult r = registry.onRegisterPeer("", HOME);
        assertThat(r).isEqualTo(RegisterPeerResult.IGNORE);
        assertThat(r.reply()).isFalse();
    }

    @Test
    void unknownIdGetsRequestPkAndNothingIsStoredOrRead() {
        RegisterPeerResult r = registry.onRegisterPeer(ID, HOME);
        assertThat(r.reply()).isTrue();
        assertThat(r.requestPk()).isTrue();
        assertThat(registry.size()).isZero();
        assertThat(store.finds).as("memory only").hasValue(0);
    }

    @Test
    void unknownIdOnDiskStillGetsRequestPkWithoutReadingTheStore() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, "203.0.113.5"));
        assertThat(registry.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REQUEST_PK);
        assertThat(store.finds).hasValue(0);
    }

    @Test
    void afterRegisterPkTheHeartbeatKeepsThePeerOnlineAtItsAddress() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        clock.advance(Duration.ofSeconds(25));
        InetSocketAddress newPort = addr("203.0.113.5", 40001);
        assertThat(registry.onRegisterPeer(ID, newPort)).isEqualTo(RegisterPeerResult.REGISTERED);
        clock.advance(Duration.ofSeconds(25));
        PeerSnapshot peer = registry.findInMemory(ID).orElseThrow();
        assertThat(peer.address()).isEqualTo(newPort);
        assertThat(peer.isOnline(clock.nanoTime())).isTrue();
        assertThat(registry.isOnline(ID)).isTrue();
    }

    @Test
    void ipChangeRequestsPkAndUpdatesNothing() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        clock.advance(Duration.ofSeconds(20));
        assertThat(registry.onRegisterPeer(ID, addr("198.51.100.9", 1234))).isEqualTo(RegisterPeerResult.REQUEST_PK);
        clock.advance(Duration.ofSeconds(10));
        PeerSnapshot peer = registry.findInMemory(ID).orElseThrow();
        assertThat(peer.address()).isEqualTo(HOME);
        assertThat(peer.isOnline(clock.nanoTime())).as("time not refreshed").isFalse();
    }

    @Test
    void loopbackSourceIsNeverAnIpChange() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        assertThat(registry.onRegisterPeer(ID, addr("127.0.0.1", 5000))).isEqualTo(RegisterPeerResult.REGISTERED);
        assertThat(registry.onRegisterPeer(ID, addr("::1", 5001))).isEqualTo(RegisterPeerResult.REGISTERED);
        assertThat(registry.findInMemory(ID).orElseThrow().address()).isEqualTo(addr("::1", 5001));
    }

    @Test
    void loadedPeerComparesWithTheStoredIpBecauseItsPortIsUnknown() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, "203.0.113.5"));
        PeerSnapshot loaded = registry.find(ID).orElseThrow();
        assertThat(loaded.address()).isNull();
        assertThat(registry.onRegisterPeer(ID, addr("198.51.100.9", 1))).isEqualTo(RegisterPeerResult.REQUEST_PK);
        assertThat(registry.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REGISTERED);
        assertThat(registry.findInMemory(ID).orElseThrow().address()).isEqualTo(HOME);
        assertThat(registry.isOnline(ID)).isTrue();
    }

    @Test
    void storedIpv4MappedTextMatchesTheIpv4Source() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, "::ffff:203.0.113.5"));
        registry.find(ID);
        assertThat(registry.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REGISTERED);
    }

    @Test
    void unparsableStoredIpIsAlwaysAnIpChange() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, ""));
        registry.find(ID);
        assertThat(registry.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REQUEST_PK);
    }

    @Test
    void rowWithoutPkAlwaysRequestsPk() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, new byte[0], "203.0.113.5"));
        registry.find(ID);
        assertThat(registry.onRegisterPeer(ID, HOME)).isEqualTo(RegisterPeerResult.REQUEST_PK);
    }

    @Test
    void loadedPeerIsOfflineEvenWhenTheClockIsYoung() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, "203.0.113.5"));
        PeerSnapshot peer = registry.find(ID).orElseThrow();
        assertThat(clock.nanoTime()).as("clock younger than an hour (servers.md §8.5)").isZero();
        assertThat(peer.registered()).isFalse();
        assertThat(peer.lastRegNanos()).isEqualTo(PeerSnapshot.NEVER);
        assertThat(peer.isOnline(clock.nanoTime())).isFalse();
        assertThat(registry.isOnline(ID)).isFalse();
    }

    @Test
    void onlineWindowIsThirtySecondsExclusive() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        clock.advanceNanos(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(registry.isOnline(ID)).isTrue();
        clock.advanceNanos(1);
        assertThat(registry.isOnline(ID)).isFalse();
    }

    @Test
    void longAbsencesStayOfflineIn64BitArithmetic() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        clock.advance(Duration.ofDays(30)); // 24.9-49.7 days looked online in OSS before 1.1.16
        assertThat(registry.isOnline(ID)).isFalse();
        assertThat(registry.findInMemory(ID).orElseThrow().isOnline(clock.nanoTime())).isFalse();
    }

    @Test
    void onlineRuleSurvivesAWrapOfTheClockOrigin() {
        ManualClock late = new ManualClock(Long.MAX_VALUE - Duration.ofSeconds(10).toNanos());
        PeerRegistry r = new PeerRegistry(new FakePeerStore(), late);
        r.registerPk(ID, UUID_A, PK_A, HOME);
        late.advance(Duration.ofSeconds(20));
        assertThat(late.nanoTime()).isNegative();
        assertThat(r.isOnline(ID)).isTrue();
        late.advance(Duration.ofSeconds(10));
        assertThat(r.isOnline(ID)).isFalse();
    }

    @Test
    void onlineStatesAreMostSignificantBitFirst() {
        registry.registerPk("xxxxxx", UUID_A, PK_A, HOME);
        registry.registerPk("zzzzzz", UUID_A, PK_A, HOME);
        store.put(new StoredPeer(new byte[16], "yyyyyy", UUID_A, PK_A, "203.0.113.5"));
        registry.find("yyyyyy"); // in memory but never registered: offline
        assertThat(registry.onlineStates(List.of("xxxxxx", "yyyyyy", "zzzzzz"))).containsExactly(0xa0);
        assertThat(registry.onlineStates(List.of())).isEmpty();
    }

    @Test
    void onlineStatesSpanBytes() {
        registry.registerPk("online", UUID_A, PK_A, HOME);
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h", "online");
        assertThat(registry.onlineStates(ids)).containsExactly(0x00, 0x80);
    }
}
