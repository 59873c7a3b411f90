package io.jdesk.server.store;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PeerStore} in a map, for tests of components that use a store. Same semantics as
 * {@link SqlitePeerStore} (checked by {@code PeerStoreContractTest}): unique id and guid
 * (duplicates throw {@link StoreException}), {@code update} changes id, pk and ip by guid and
 * never uuid, calls after {@link #close} throw.
 *
 * <p>Test hooks: {@link #writes()} counts successful inserts and updates (to assert that an
 * unchanged RegisterPk does not write) and {@link #failWrites(boolean)} makes writes throw (to
 * exercise the "database error" paths). Thread-safe (synchronized).
 */
public final class InMemoryPeerStore implements PeerStore {

    private final Map<ByteBuffer, StoredPeer> byGuid = new HashMap<>();
    private final Map<String, StoredPeer> byId = new HashMap<>();
    private int writes;
    private boolean failWrites;
    private boolean closed;

    @Override
    public synchronized Optional<StoredPeer> find(String id) {
        Objects.requireNonNull(id, "id");
        checkOpen("find");
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized void insert(StoredPeer peer) {
        Objects.requireNonNull(peer, "peer");
        checkOpen("insert");
        if (peer.guid().length != StoredPeer.GUID_BYTES) {
            throw new IllegalArgumentException("guid must be " + StoredPeer.GUID_BYTES + " bytes");
        }
        checkWritable("insert", peer.id());
        ByteBuffer guid = ByteBuffer.wrap(peer.guid());
        if (byId.containsKey(peer.id()) || byGuid.containsKey(guid)) {
            throw new StoreException("insert id=" + peer.id() + " failed: id or guid exists");
        }
        byId.put(peer.id(), peer);
        byGuid.put(guid, peer);
        writes++;
    }

    @Override
    public synchronized boolean update(byte[] guid, String id, byte[] pk, String ip) {
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(ip, "ip");
        checkOpen("update");
        checkWritable("update", id);
        ByteBuffer key = ByteBuffer.wrap(guid.clone());
        StoredPeer old = byGuid.get(key);
        if (old == null) {
            return false;
        }
        StoredPeer holder = byId.get(id);
        if (holder != null && holder != old) {
            throw new StoreException("update id=" + id + " failed: id exists");
        }
        StoredPeer updated = new StoredPeer(old.guid(), id, old.uuid(), pk, ip);
        byId.remove(old.id());
        byId.put(id, updated);
        byGuid.put(key, updated);
        writes++;
        return true;
    }

    @Override
    public synchronized long count() {
        checkOpen("count");
        return byId.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Successful inserts plus updates that found their row. */
    public synchronized int writes() {
        return writes;
    }

    /** While {@code fail} is set, insert and update throw {@link StoreException}. */
    public synchronized void failWrites(boolean fail) {
        this.failWrites = fail;
    }

    private void checkOpen(String op) {
        if (closed) {
            throw new StoreException(op + " on closed peer store");
        }
    }

    private void checkWritable(String op, String id) {
        if (failWrites) {
            throw new StoreException(op + " id=" + id + " failed: injected failure");
        }
    }
}
