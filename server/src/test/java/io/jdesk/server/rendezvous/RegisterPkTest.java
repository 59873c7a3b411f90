package io.jdesk.server.rendezvous;

import static io.jdesk.server.rendezvous.TestPeers.ID;
import static io.jdesk.server.rendezvous.TestPeers.PK_A;
import static io.jdesk.server.rendezvous.TestPeers.PK_B;
import static io.jdesk.server.rendezvous.TestPeers.UUID_A;
import static io.jdesk.server.rendezvous.TestPeers.UUID_B;
import static io.jdesk.server.rendezvous.TestPeers.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.jdesk.protocol.proto.RegisterPkResponse;
import io.jdesk.server.store.StoredPeer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** servers.md §5.3, one rule per test; virtual time. */
class RegisterPkTest {

    private static final InetSocketAddress HOME = addr("203.0.113.5", 40000);
    private static final InetSocketAddress AWAY = addr("198.51.100.9", 50000);

    private final ManualClock clock = new ManualClock(7);
    private final FakePeerStore store = new FakePeerStore();
    private final PeerRegistry registry = new PeerRegistry(store, clock);

    @Test
    void newIdIsClaimedAndStoredWithAFreshGuid() {
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);

        StoredPeer row = store.row(ID).orElseThrow();
        assertThat(row.guid()).hasSize(16);
        assertThat(row.uuid()).isEqualTo(UUID_A);
        assertThat(row.pk()).isEqualTo(PK_A);
        assertThat(row.ip()).isEqualTo("203.0.113.5");
        assertThat(store.inserts).hasValue(1);
        PeerSnapshot peer = registry.findInMemory(ID).orElseThrow();
        assertThat(peer.address()).isEqualTo(HOME);
        assertThat(peer.isOnline(clock.nanoTime())).isTrue();
    }

    @Test
    void guidsAreRandomPerRow() {
        registry.registerPk("aaaaaa", UUID_A, PK_A, HOME);
        registry.registerPk("bbbbbb", UUID_B, PK_B, AWAY);
        assertThat(store.row("aaaaaa").orElseThrow().guid()).isNotEqualTo(store.row("bbbbbb").orElseThrow().guid());
    }

    @Test
    void sameUuidNewPkFromTheStoredIpIsAccepted() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        assertThat(registry.registerPk(ID, UUID_A, PK_B, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(store.row(ID).orElseThrow().pk()).isEqualTo(PK_B);
        assertThat(store.updates).hasValue(1);
        assertThat(registry.findInMemory(ID).orElseThrow().pk()).isEqualTo(PK_B);
        assertThat(registry.ipChangesOf(ID)).isEmpty();
    }

    @Test
    void sameUuidSamePkFromANewIpIsAcceptedAndRecorded() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        assertThat(registry.registerPk(ID, UUID_A, PK_A, AWAY)).isEqualTo(RegisterPkResult.OK);
        assertThat(store.row(ID).orElseThrow().ip()).isEqualTo("198.51.100.9");
        assertThat(registry.findInMemory(ID).orElseThrow().address()).isEqualTo(AWAY);
        assertThat(registry.ipChangesOf(ID)).isEqualTo(Map.of("198.51.100.9", 1));
    }

    @Test
    void newPkAndNewIpTogetherIsUuidMismatch() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        assertThat(registry.registerPk(ID, UUID_A, PK_B, AWAY)).isEqualTo(RegisterPkResult.UUID_MISMATCH);
        assertUnchanged();
    }

    @Test
    void otherUuidIsUuidMismatch() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        assertThat(registry.registerPk(ID, UUID_B, PK_A, HOME)).isEqualTo(RegisterPkResult.UUID_MISMATCH);
        assertUnchanged();
    }

    @Test
    void otherUuidIsRefusedAlsoForARowOnlyOnDisk() {
        store.put(new StoredPeer(new byte[16], ID, UUID_A, PK_A, "203.0.113.5"));
        assertThat(registry.registerPk(ID, UUID_B, PK_B, AWAY)).isEqualTo(RegisterPkResult.UUID_MISMATCH);
        assertThat(store.writes()).isZero();
    }

    @Test
    void idShorterThanSixBytesIsUuidMismatchBeforeAnyLimit() {
        assertThat(registry.registerPk("12345", UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.UUID_MISMATCH);
        assertThat(registry.ipBlockerSize()).as("checked before the IP limit").isZero();
        assertThat(store.finds).hasValue(0);
        assertThat(registry.registerPk("ééé", UUID_A, PK_A, HOME)).as("6 UTF-8 bytes").isEqualTo(RegisterPkResult.OK);
    }

    @Test
    void emptyUuidOrPkIsIgnoredWithoutReply() {
        assertThat(registry.registerPk(ID, new byte[0], PK_A, HOME)).isEqualTo(RegisterPkResult.IGNORE);
        assertThat(registry.registerPk(ID, UUID_A, new byte[0], HOME)).isEqualTo(RegisterPkResult.IGNORE);
        assertThat(registry.registerPk("", new byte[0], PK_A, HOME)).as("before the length check").isEqualTo(RegisterPkResult.IGNORE);
        assertThat(RegisterPkResult.IGNORE.reply()).isFalse();
        assertThat(registry.ipBlockerSize()).isZero();
        assertThat(registry.size()).isZero();
    }

    @Test
    void threePerPeerBurstThenTooFrequentUntilSixSecondsQuiet() {
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.TOO_FREQUENT);
        clock.advance(Duration.ofMillis(6999));
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).as("6 whole seconds").isEqualTo(RegisterPkResult.TOO_FREQUENT);
        clock.advance(Duration.ofMillis(1));
        assertThat(registry.registerPk(ID, UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
    }

    @Test
    void ownershipIsCheckedBeforeThePeerBurst() {
        for (int i = 0; i < 3; i++) {
            registry.registerPk(ID, UUID_A, PK_A, HOME);
        }
        assertThat(registry.registerPk(ID, UUID_B, PK_A, HOME)).isEqualTo(RegisterPkResult.UUID_MISMATCH);
    }

    @Test
    void thirtyTwoPerIpBurstThenTooFrequentUntilSixtySecondsQuiet() {
        for (int i = 0; i < 32; i++) {
            assertThat(registry.registerPk("device" + i, UUID_A, PK_A, HOME)).as("request %d", i + 1)
                    .isEqualTo(RegisterPkResult.OK);
        }
        assertThat(registry.registerPk("device32", UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.TOO_FREQUENT);
        assertThat(registry.registerPk("device32", UUID_A, PK_A, AWAY)).as("other IP").isEqualTo(RegisterPkResult.OK);
        clock.advance(Duration.ofSeconds(60));
        assertThat(registry.registerPk("device33", UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.TOO_FREQUENT);
        clock.advance(Duration.ofSeconds(1));
        assertThat(registry.registerPk("device33", UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
    }

    @Test
    void threeHundredDistinctIdsPerIpPerDayThenKnownIdsStillPass() {
        for (int i = 0; i < 302; i++) {
            clock.advance(Duration.ofSeconds(61));
            assertThat(registry.registerPk("device" + i, UUID_A, PK_A, HOME)).as("ID %d", i).isEqualTo(RegisterPkResult.OK);
        }
        clock.advance(Duration.ofSeconds(61));
        assertThat(registry.registerPk("device302", UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.TOO_FREQUENT);
        clock.advance(Duration.ofSeconds(61));
        assertThat(registry.registerPk("device7", UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(registry.registerPk("device302", UUID_A, PK_A, HOME)).isEqualTo(RegisterPkResult.OK);
    }

    @Test
    void unchangedRegistrationWritesNothingAndDoesNotMarkOnline() {
        registry.registerPk(ID, UUID_A, PK_A, HOME);
        clock.advance(Duration.ofSeconds(31));
        assertThat(registry.registerPk(ID, UUID_A, PK_A, addr("203.0.113.5", 1))).isEqualTo(RegisterPkResult.OK);
        assertThat(store.writes()).isEqualTo(1);
        PeerSnapshot peer = registry.findInMemory(ID).orElseThrow();
        assertThat(peer.isOnline(clock.nanoTime())).isFalse();
        assertThat(peer.address()).as("OSS leaves the address alone").isEqualTo(HOME);
    }

    @Test
    void resultsCarryTheWireEnum() {
        assertThat(RegisterPkResult.OK.wire()).isEqualTo(RegisterPkResponse.Result.OK);
        assertThat(RegisterPkResult.UUID_MISMATCH.wire()).isEqualTo(RegisterPkResponse.Result.UUID_MISMATCH);
        assertThat(RegisterPkResult.TOO_FREQUENT.wire()).isEqualTo(RegisterPkResponse.Result.TOO_FREQUENT);
        assertThat(RegisterPkResult.SERVER_ERROR.wire()).isEqualTo(RegisterPkResponse.Result.SERVER_ERROR);
    }

    private void assertUnchanged() {
        StoredPeer row = store.row(ID).orElseThrow();
        assertThat(row.uuid()).isEqualTo(UUID_A);
        assertThat(row.pk()).isEqualTo(PK_A);
        assertThat(row.ip()).isEqualTo("203.0.113.5");
        assertThat(store.writes()).isEqualTo(1);
        PeerSnapshot peer = registry.findInMemory(ID).orElseThrow();
        assertThat(peer.pk()).isEqualTo(PK_A);
        assertThat(peer.address()).isEqualTo(HOME);
    }
}
