package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link PeerStoreContractTest} against the test double, plus its test hooks. */
class InMemoryPeerStoreContractTest extends PeerStoreContractTest {

    @Override
    PeerStore newStore() {
        return new InMemoryPeerStore();
    }

    @Test
    void writesCountsSuccessfulInsertsAndUpdates() {
        InMemoryPeerStore s = (InMemoryPeerStore) store;
        StoredPeer p = peer(1, "count-id");
        s.insert(p);
        s.update(p.guid(), "count-id", p.pk(), "9.9.9.9");
        s.update(bytes(99, 16), "count-id", p.pk(), "9.9.9.9");
        assertThat(s.writes()).isEqualTo(2);
    }

    @Test
    void failWritesMakesWritesThrow() {
        InMemoryPeerStore s = (InMemoryPeerStore) store;
        s.failWrites(true);
        assertThatThrownBy(() -> s.insert(peer(1, "fail-id"))).isInstanceOf(StoreException.class);
        s.failWrites(false);
        s.insert(peer(1, "fail-id"));
        assertThat(s.find("fail-id")).isPresent();
    }
}
