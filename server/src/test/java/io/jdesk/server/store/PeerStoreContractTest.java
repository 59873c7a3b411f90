package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link PeerStore} semantics, run against SQLite and against the in-memory test double. */
abstract class PeerStoreContractTest {

    @TempDir
    Path dir;

    PeerStore store;

    abstract PeerStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Deterministic bytes, distinct for distinct seeds when {@code length >= 4}. */
    static byte[] bytes(int seed, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = i < 4 ? (byte) (seed >>> (24 - 8 * i)) : (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    static StoredPeer peer(int n, String id) {
        return new StoredPeer(bytes(n, 16), id, bytes(n + 100, 24), bytes(n + 200, 32), "::ffff:10.0.0." + n);
    }

    @Test
    void findUnknownIsEmpty() {
        assertThat(store.find("123456789")).isEmpty();
        assertThat(store.count()).isZero();
    }

    @Test
    void insertThenFindReturnsTheSameRow() {
        StoredPeer p = peer(1, "123456789");
        store.insert(p);
        assertThat(store.find("123456789")).contains(p);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void duplicateIdIsAStoreExceptionNamingTheId() {
        store.insert(peer(1, "dup-id-1"));
        assertThatThrownBy(() -> store.insert(peer(2, "dup-id-1")))
                .isInstanceOf(StoreException.class).hasMessageContaining("dup-id-1");
        assertThat(store.find("dup-id-1")).contains(peer(1, "dup-id-1"));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void duplicateGuidIsAStoreException() {
        store.insert(peer(1, "first-id"));
        StoredPeer sameGuid = new StoredPeer(bytes(1, 16), "second-id", bytes(9, 4), bytes(9, 32), "1.1.1.1");
        assertThatThrownBy(() -> store.insert(sameGuid)).isInstanceOf(StoreException.class);
        assertThat(store.find("second-id")).isEmpty();
    }

    @Test
    void guidMustBeSixteenBytes() {
        StoredPeer shortGuid = new StoredPeer(new byte[15], "short-guid", new byte[1], new byte[32], "");
        assertThatThrownBy(() -> store.insert(shortGuid)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updateChangesIdPkAndIpButNeverUuid() {
        StoredPeer p = peer(1, "old-id-1");
        store.insert(p);
        byte[] newPk = bytes(77, 32);
        assertThat(store.update(p.guid(), "new-id-1", newPk, "5.6.7.8")).isTrue();
        assertThat(store.find("old-id-1")).isEmpty();
        StoredPeer now = store.find("new-id-1").orElseThrow();
        assertThat(now.guid()).isEqualTo(p.guid());
        assertThat(now.uuid()).isEqualTo(p.uuid());
        assertThat(now.pk()).isEqualTo(newPk);
        assertThat(now.ip()).isEqualTo("5.6.7.8");
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void updateOfUnknownGuidReturnsFalse() {
        store.insert(peer(1, "known-id"));
        assertThat(store.update(bytes(50, 16), "known-id", bytes(3, 32), "x")).isFalse();
        assertThat(store.find("known-id")).contains(peer(1, "known-id"));
    }

    @Test
    void updateToAnIdHeldByAnotherRowIsAStoreException() {
        StoredPeer a = peer(1, "taken-a");
        store.insert(a);
        store.insert(peer(2, "taken-b"));
        assertThatThrownBy(() -> store.update(a.guid(), "taken-b", a.pk(), a.ip()))
                .isInstanceOf(StoreException.class);
        assertThat(store.find("taken-a")).contains(a);
    }

    @Test
    void bytesAreStoredExactly() {
        byte[] uuid = new byte[256];
        for (int i = 0; i < uuid.length; i++) {
            uuid[i] = (byte) i;
        }
        StoredPeer p = new StoredPeer(bytes(3, 16), "bytes-id", uuid, new byte[] {0, 0, -1}, "");
        store.insert(p);
        StoredPeer back = store.find("bytes-id").orElseThrow();
        assertThat(Arrays.equals(back.uuid(), uuid)).isTrue();
        assertThat(back.pk()).containsExactly(0, 0, -1);
        assertThat(back.ip()).isEmpty();
    }

    @Test
    void ipWithJsonSpecialCharactersRoundTrips() {
        String ip = "a\"b\\c\n\u0001é€😀";
        store.insert(new StoredPeer(bytes(4, 16), "json-id", bytes(4, 4), bytes(4, 32), ip));
        assertThat(store.find("json-id").orElseThrow().ip()).isEqualTo(ip);
    }

    @Test
    void callsAfterCloseThrow() {
        store.close();
        store.close(); // idempotent
        assertThatThrownBy(() -> store.find("123456789")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.insert(peer(1, "closed-id"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.count()).isInstanceOf(StoreException.class);
    }
}
