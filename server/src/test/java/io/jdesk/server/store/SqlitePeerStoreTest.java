package io.jdesk.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite specifics: open modes, pragmas, schema checks, messages. */
class SqlitePeerStoreTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("db_v2.sqlite3");
    }

    private void execute(Path db, String... sql) throws Exception {
        try (Connection c = OssSchema.connect(db); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @Test
    void durabilitySettingsAreThoseOfOss() {
        try (SqlitePeerStore store = SqlitePeerStore.open(db().toString())) {
            assertThat(store.pragma("journal_mode")).isEqualTo("wal");
            assertThat(store.pragma("synchronous")).isEqualTo("2"); // FULL
            assertThat(store.pragma("busy_timeout")).isEqualTo("5000");
        }
    }

    @Test
    void everyUrlFormOpensTheSameFile() {
        try (SqlitePeerStore store = SqlitePeerStore.open(db().toString())) {
            store.insert(PeerStoreContractTest.peer(1, "url-form-id"));
        }
        for (String url : new String[] {"sqlite://" + db(), "sqlite:" + db(), "jdbc:sqlite:" + db(),
            "sqlite://" + db() + "?mode=rw", "sqlite://" + db() + "?mode=ro"}) {
            try (SqlitePeerStore store = SqlitePeerStore.open(url)) {
                assertThat(store.find("url-form-id")).as(url).isPresent();
            }
        }
    }

    @Test
    void cleanCloseRemovesTheWalFile() {
        Path wal = dir.resolve("db_v2.sqlite3-wal");
        SqlitePeerStore store = SqlitePeerStore.open(db().toString());
        store.insert(PeerStoreContractTest.peer(1, "wal-id"));
        assertThat(wal).exists();
        store.close();
        assertThat(wal).doesNotExist();
        assertThat(db()).exists();
    }

    @Test
    void missingRequiredColumnIsNamed() throws Exception {
        execute(db(), "create table peer (guid blob primary key not null, id varchar(100) not null,"
                + " uuid blob not null, pk blob not null) without rowid");
        assertThatThrownBy(() -> SqlitePeerStore.open(db().toString()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(db().toString())
                .hasMessageContaining("no column \"info\"");
        assertThat(OssSchema.rows(db(), "SELECT count(*) FROM pragma_table_info('peer')"))
                .as("never migrated").containsExactly(java.util.List.of("4"));
    }

    @Test
    void extraNotNullColumnWithoutDefaultIsRefused() throws Exception {
        execute(db(), "create table peer (guid blob primary key, id text, uuid blob, pk blob, info text,"
                + " tenant text not null)");
        assertThatThrownBy(() -> SqlitePeerStore.open(db().toString()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("\"tenant\"");
    }

    @Test
    void extraNullableColumnsOfForksAreTolerated() throws Exception {
        OssSchema.createOssDatabase(db());
        execute(db(), "alter table peer add column user_id integer",
                "alter table peer add column disabled boolean not null default 0");
        try (SqlitePeerStore store = SqlitePeerStore.open(db().toString())) {
            store.insert(PeerStoreContractTest.peer(1, "fork-id"));
            assertThat(store.find("fork-id")).contains(PeerStoreContractTest.peer(1, "fork-id"));
        }
    }

    @Test
    void missingUniqueIndexOnlyWarns() throws Exception {
        OssSchema.createOssDatabase(db());
        execute(db(), "drop index index_peer_id");
        try (SqlitePeerStore store = SqlitePeerStore.open(db().toString())) {
            store.insert(PeerStoreContractTest.peer(1, "no-index"));
            assertThat(store.count()).isEqualTo(1);
        }
        assertThat(OssSchema.rows(db(), "SELECT count(*) FROM sqlite_master WHERE name = 'index_peer_id'"))
                .as("never migrated").containsExactly(java.util.List.of("0"));
    }

    @Test
    void aFileThatIsNotADatabaseIsAStoreException() throws Exception {
        Files.writeString(db(), "this is not a SQLite database, just some text long enough".repeat(20));
        assertThatThrownBy(() -> SqlitePeerStore.open(db().toString()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("open database " + db());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path missing = dir.resolve("nope").resolve("db_v2.sqlite3");
        assertThatThrownBy(() -> SqlitePeerStore.open(missing.toString()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("directory " + dir.resolve("nope") + " does not exist");
    }

    @Test
    void modeRwAndRoDoNotCreate() {
        assertThatThrownBy(() -> SqlitePeerStore.open("sqlite://" + db() + "?mode=rw"))
                .isInstanceOf(StoreException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> SqlitePeerStore.open("sqlite://" + db() + "?mode=ro"))
                .isInstanceOf(StoreException.class).hasMessageContaining("does not exist");
        assertThat(db()).doesNotExist();
    }

    @Test
    void readOnlyStoreReadsButRefusesWrites() {
        try (SqlitePeerStore store = SqlitePeerStore.open(db().toString())) {
            store.insert(PeerStoreContractTest.peer(1, "ro-id"));
        }
        try (SqlitePeerStore store = SqlitePeerStore.open(db() + "?mode=ro")) {
            assertThat(store.find("ro-id")).isPresent();
            assertThatThrownBy(() -> store.insert(PeerStoreContractTest.peer(2, "ro-id-2")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("insert id=ro-id-2");
        }
    }

    @Test
    void readOnlyOpenOfADatabaseWithoutPeerTableFails() throws Exception {
        execute(db(), "create table other (x)");
        assertThatThrownBy(() -> SqlitePeerStore.open(db() + "?mode=ro"))
                .isInstanceOf(StoreException.class).hasMessageContaining("has no table peer");
    }

    @Test
    void memoryStoreWorksWithoutAFile() {
        try (SqlitePeerStore store = SqlitePeerStore.open(":memory:")) {
            store.insert(PeerStoreContractTest.peer(1, "mem-id"));
            assertThat(store.find("mem-id")).isPresent();
        }
    }

    @Test
    void messagesNameOperationAndIdButNeverKeyOrUuidBytes() {
        StoredPeer p = PeerStoreContractTest.peer(1, "secret-test");
        try (SqlitePeerStore store = SqlitePeerStore.open(db().toString())) {
            store.insert(p);
            StoredPeer again = new StoredPeer(PeerStoreContractTest.bytes(2, 16), "secret-test", p.uuid(), p.pk(), "");
            assertThatThrownBy(() -> store.insert(again))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("insert id=secret-test")
                    .hasMessageContaining("UNIQUE")
                    .satisfies(e -> {
                        String text = e.getMessage().toLowerCase(java.util.Locale.ROOT);
                        assertThat(text).doesNotContain(HexFormat.of().formatHex(p.pk()))
                                .doesNotContain(HexFormat.of().formatHex(p.uuid()));
                    });
        }
    }
}
