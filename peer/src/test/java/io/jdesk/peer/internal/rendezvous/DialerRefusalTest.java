package io.jdesk.peer.internal.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdesk.peer.PeerException;
import io.jdesk.peer.PeerException.Reason;
import io.jdesk.peer.testing.ServerHarness;
import io.jdesk.protocol.crypto.SigningKeyPair;
import io.jdesk.protocol.proto.ConnType;
import io.jdesk.protocol.proto.PunchHoleResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** peer.md §4.3: hbbs's refusals become PeerExceptions with the official texts. */
class DialerRefusalTest {

    @TempDir Path dir;

    @Test
    void anUnknownIdDoesNotExist() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir)) {
            assertThatThrownBy(() -> new Dialer(Fixtures.controller(h)).dial("987654321", ConnType.DEFAULT_CONN))
                    .isInstanceOfSatisfying(PeerException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.ID_NOT_EXIST))
                    .hasMessage("ID does not exist");
        }
    }

    @Test
    void aWrongKeyIsAKeyMismatch() throws Exception {
        try (ServerHarness h = ServerHarness.start(dir)) {
            DialerConfig wrong = DialerConfig.of(h.rendezvous(), SigningKeyPair.generate().publicKeyBase64())
                    .withNatTest(false).withTimings(Fixtures.FAST);
            assertThatThrownBy(() -> new Dialer(wrong).dial("987654321", ConnType.DEFAULT_CONN))
                    .isInstanceOfSatisfying(PeerException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISMATCH))
                    .hasMessage("Key mismatch");
        }
    }

    @Test
    void anIdInTheDatabaseThatHasNotRegisteredSinceTheStartIsOffline() throws Exception {
        insertOssRow(dir.resolve("db_v2.sqlite3"), "555666777");
        try (ServerHarness h = ServerHarness.start(dir)) {
            assertThatThrownBy(() -> new Dialer(Fixtures.controller(h)).dial("555666777", ConnType.FILE_TRANSFER))
                    .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OFFLINE))
                    .hasMessage("Remote desktop is offline");
        }
    }

    @Test
    void overuseAndOtherFailuresKeepTheServersText() {
        assertThat(Dialer.refusal(PunchHoleResponse.newBuilder()
                .setFailure(PunchHoleResponse.Failure.LICENSE_OVERUSE).build()))
                .hasMessage("Key overuse").extracting(PeerException::reason).isEqualTo(Reason.KEY_OVERUSE);
        assertThat(Dialer.refusal(PunchHoleResponse.newBuilder().setOtherFailure("server busy, try again").build()))
                .hasMessage("server busy, try again").extracting(PeerException::reason).isEqualTo(Reason.NETWORK);
    }

    @Test
    void nobodyListeningIsANetworkError() {
        DialerConfig nowhere = DialerConfig.of("127.0.0.1:1", "").withNatTest(false).withTimings(Fixtures.FAST);
        assertThatThrownBy(() -> new Dialer(nowhere).dial("123456789", ConnType.DEFAULT_CONN))
                .isInstanceOfSatisfying(PeerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK));
    }

    /** A peer row as OSS hbbs writes it (its DDL, servers.md §8.1), before our hbbs opens the file. */
    static void insertOssRow(Path db, String id) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("create table if not exists peer (guid blob primary key not null, id varchar(100) not null,"
                    + " uuid blob not null, pk blob not null,"
                    + " created_at datetime not null default(current_timestamp), user blob, status tinyint,"
                    + " note varchar(300), info text not null) without rowid");
            st.execute("create unique index if not exists index_peer_id on peer (id)");
            try (PreparedStatement p = c.prepareStatement("insert into peer (guid, id, uuid, pk, info) values (?, ?, ?, ?, ?)")) {
                p.setBytes(1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
                p.setString(2, id);
                p.setBytes(3, "machine-uid".getBytes());
                p.setBytes(4, SigningKeyPair.generate().publicKey());
                p.setString(5, "{\"ip\":\"127.0.0.1\"}");
                p.executeUpdate();
            }
        }
    }
}
