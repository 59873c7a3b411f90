package io.jdesk.server.rendezvous;

import io.jdesk.server.store.PeerStore;
import io.jdesk.server.store.StoreException;
import io.jdesk.server.store.StoredPeer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link PeerStore} for the registry tests: counts reads and writes, and fails on
 * demand. Thread-safe.
 */
final class FakePeerStore implements PeerStore {

    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, StoredPeer> rows = new HashMap<>();
    /** guid (hex) to id. */
    private final Map<String, String> ids = new HashMap<>();
    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger inserts = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();
    private volatile boolean failReads;
    private volatile boolean failWrites;

    /** Every following find throws (or works again). */
    void failReads(boolean fail) {
        failReads = fail;
    }

    /** Every following insert/update throws (or works again). */
    void failWrites(boolean fail) {
        failWrites = fail;
    }

    /** Adds a row as if an earlier server (OSS or jdesk) had written it; not counted. */
    synchronized void put(StoredPeer row) {
        rows.put(row.id(), row);
        ids.put(HEX.formatHex(row.guid()), row.id());
    }

    /** Removes a row behind the registry's back. */
    synchronized void delete(String id) {
        StoredPeer row = rows.remove(id);
        if (row != null) {
            ids.remove(HEX.formatHex(row.guid()));
        }
    }

    synchronized Optional<StoredPeer> row(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    int writes() {
        return inserts.get() + updates.get();
    }

    @Override
    public synchronized Optional<StoredPeer> find(String id) {
        finds.incrementAndGet();
        if (failReads) {
            throw new StoreException("find(" + id + "): injected failure");
        }
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized void insert(StoredPeer peer) {
        if (failWrites) {
            throw new StoreException("insert(" + peer.id() + "): injected failure");
        }
        if (rows.containsKey(peer.id()) || byGuid(peer.guid()) != null) {
            throw new StoreException("insert(" + peer.id() + "): duplicate id or guid");
        }
        put(peer);
        inserts.incrementAndGet();
    }

    @Override
    public synchronized boolean update(byte[] guid, String id, byte[] pk, String ip) {
        if (failWrites) {
            throw new StoreException("update(" + id + "): injected failure");
        }
        StoredPeer old = byGuid(guid);
        if (old == null) {
            return false;
        }
        delete(old.id());
        put(new StoredPeer(guid, id, old.uuid(), pk, ip));
        updates.incrementAndGet();
        return true;
    }

    private StoredPeer byGuid(byte[] guid) {
        String id = ids.get(HEX.formatHex(guid));
        return id == null ? null : rows.get(id);
    }

    @Override
    public synchronized long count() {
        return rows.size();
    }

    @Override
    public void close() {
    }
}
