package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jdesk on a database OSS hbbs created, and OSS's view of a database jdesk created. */
class OssCompatibilityTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] GUID_A = HEX.parseHex("3f2504e04f8911d39a0c0305e82c3301");
    private static final byte[] GUID_B = HEX.parseHex("9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d");
    private static final byte[] UUID_A = "OTc2NmU0YjMtOGE3ZC00".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] UUID_B = HEX.parseHex("00ff10fe7f80");
    private static final byte[] PK_A = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] PK_B = HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");

    @TempDir
    Path dir;

    private Path ossDatabaseWithTwoRows() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        OssSchema.createOssDatabase(db);
        try (Connection c = OssSchema.connect(db);
                PreparedStatement ps = c.prepareStatement(
                        "insert into peer(guid, id, uuid, pk, info) values(?, ?, ?, ?, ?)")) {
            Object[][] rows = {
                {GUID_A, "123456789", UUID_A, PK_A, "{\"ip\":\"::ffff:1.2.3.4\"}"},
                {GUID_B, "kvm-office", UUID_B, PK_B, "{\"ip\":\"2001:db8::7\"}"},
            };
            for (Object[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    ps.setObject(i + 1, r[i]);
                }
                ps.executeUpdate();
            }
        }
        return db;
    }

    @Test
    void ossRowsAreFoundIntact() throws Exception {
        Path db = ossDatabaseWithTwoRows();
        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.find("123456789"))
                    .contains(new StoredPeer(GUID_A, "123456789", UUID_A, PK_A, "::ffff:1.2.3.4"));
            assertThat(store.find("kvm-office"))
                    .contains(new StoredPeer(GUID_B, "kvm-office", UUID_B, PK_B, "2001:db8::7"));
        }
    }

    @Test
    void updateChangesIdPkAndInfoOnlyAndARestartSeesIt() throws Exception {
        Path db = ossDatabaseWithTwoRows();
        String others = "SELECT hex(guid), hex(uuid), created_at, user, status, note FROM peer ORDER BY guid";
        List<List<String>> before = OssSchema.rows(db, others);
        List<List<String>> schemaBefore = OssSchema.rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name");
        byte[] newPk = HEX.parseHex("aa".repeat(32));

        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            assertThat(store.update(GUID_A, "987654321", newPk, "5.6.7.8")).isTrue();
        }

        assertThat(OssSchema.rows(db, others)).isEqualTo(before);
        assertThat(OssSchema.rows(db, "SELECT id, hex(pk), info FROM peer WHERE guid = x'" + HEX.formatHex(GUID_A) + "'"))
                .containsExactly(List.of("987654321", "AA".repeat(32), "{\"ip\":\"5.6.7.8\"}"));
        assertThat(OssSchema.rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name"))
                .as("an existing OSS schema is never altered").isEqualTo(schemaBefore);

        try (SqlitePeerStore reopened = SqlitePeerStore.open(db.toString())) {
            assertThat(reopened.find("123456789")).isEmpty();
            assertThat(reopened.find("987654321"))
                    .contains(new StoredPeer(GUID_A, "987654321", UUID_A, newPk, "5.6.7.8"));
            assertThat(reopened.find("kvm-office"))
                    .contains(new StoredPeer(GUID_B, "kvm-office", UUID_B, PK_B, "2001:db8::7"));
        }
    }

    @Test
    void ossRowsWithOtherInfoShapesAreReadTolerantly() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        OssSchema.createOssDatabase(db);
        String[][] rows = {{"empty-info", "{}"}, {"extra-keys", "{\"ip\":\"1.1.1.1\",\"os\":\"linux\",\"n\":[1]}"},
            {"garbage-info", "not json"}, {"blank-info", ""}};
        try (Connection c = OssSchema.connect(db);
                PreparedStatement ps = c.prepareStatement("insert into peer(guid, id, uuid, pk, info) values(?, ?, x'01', x'02', ?)")) {
            for (int i = 0; i < rows.length; i++) {
                ps.setBytes(1, PeerStoreContractTest.bytes(i, 16));
                ps.setString(2, rows[i][0]);
                ps.setString(3, rows[i][1]);
                ps.executeUpdate();
            }
        }
        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            assertThat(store.find("empty-info").orElseThrow().ip()).isEmpty();
            assertThat(store.find("extra-keys").orElseThrow().ip()).isEqualTo("1.1.1.1");
            assertThat(store.find("garbage-info").orElseThrow().ip()).isEmpty();
            assertThat(store.find("blank-info").orElseThrow().ip()).isEmpty();
        }
    }

    @Test
    void jdeskRowsAreWhatOssWrites() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            store.insert(new StoredPeer(GUID_A, "123456789", UUID_A, PK_A, "::ffff:1.2.3.4"));
        }
        // OSS reads with: select guid, id, uuid, pk, user, status, info from peer where id = ?
        assertThat(OssSchema.rows(db, "SELECT hex(guid), id, hex(uuid), hex(pk), user, status, info,"
                + " typeof(guid), typeof(uuid), typeof(pk), typeof(info), created_at IS NOT NULL, note FROM peer"))
                .containsExactly(List.of(HEX.formatHex(GUID_A).toUpperCase(), "123456789",
                        HEX.formatHex(UUID_A).toUpperCase(), HEX.formatHex(PK_A).toUpperCase(), "null", "null",
                        "{\"ip\":\"::ffff:1.2.3.4\"}", "blob", "blob", "blob", "text", "1", "null"));
    }

    @Test
    void jdeskCreatesTheOssSchema() throws Exception {
        Path jdesk = dir.resolve("jdesk.sqlite3");
        Path oss = dir.resolve("oss.sqlite3");
        SqlitePeerStore.open(jdesk.toString()).close();
        OssSchema.createOssDatabase(oss);

        List<List<String>> described = OssSchema.describe(jdesk);
        assertThat(described).isEqualTo(OssSchema.describe(oss));
        assertThat(described).contains(
                List.of("column", "0", "guid", "BLOB", "1", "null", "1"),
                List.of("column", "1", "id", "varchar(100)", "1", "null", "0"),
                List.of("column", "2", "uuid", "BLOB", "1", "null", "0"),
                List.of("column", "3", "pk", "BLOB", "1", "null", "0"),
                List.of("column", "4", "created_at", "datetime", "1", "current_timestamp", "0"),
                List.of("column", "5", "user", "BLOB", "0", "null", "0"),
                List.of("column", "6", "status", "tinyint", "0", "null", "0"),
                List.of("column", "7", "note", "varchar(300)", "0", "null", "0"),
                List.of("column", "8", "info", "TEXT", "1", "null", "0"),
                List.of("index", "index_peer_id", "1", "c", "0", "0", "id"),
                List.of("index", "index_peer_user", "0", "c", "0", "0", "user"),
                List.of("index", "index_peer_created_at", "0", "c", "0", "0", "created_at"),
                List.of("index", "index_peer_status", "0", "c", "0", "0", "status"),
                List.of("table", "table", "peer", "9", "1", "0")); // wr = WITHOUT ROWID
        assertThat(OssSchema.rows(jdesk, "SELECT name FROM sqlite_master ORDER BY name")).containsExactly(
                List.of("index_peer_created_at"), List.of("index_peer_id"), List.of("index_peer_status"),
                List.of("index_peer_user"), List.of("peer"));
    }

    @Test
    void ossDdlIsANoOpOnAJdeskDatabase() throws Exception {
        Path db = dir.resolve("db_v2.sqlite3");
        try (SqlitePeerStore store = SqlitePeerStore.open(db.toString())) {
            store.insert(new StoredPeer(GUID_B, "kvm-office", UUID_B, PK_B, "2001:db8::7"));
        }
        List<List<String>> before = OssSchema.rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name");
        OssSchema.createOssDatabase(db); // what OSS hbbs runs at every start
        assertThat(OssSchema.rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name")).isEqualTo(before);
        assertThat(OssSchema.rows(db, "SELECT id, info FROM peer"))
                .containsExactly(List.of("kvm-office", "{\"ip\":\"2001:db8::7\"}"));
    }
}
