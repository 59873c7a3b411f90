package io.jdesk.server.store;

/** {@link PeerStoreContractTest} against a fresh SQLite file. */
class SqlitePeerStoreContractTest extends PeerStoreContractTest {

    @Override
    PeerStore newStore() {
        return SqlitePeerStore.open(dir.resolve("db_v2.sqlite3").toString());
    }
}
