package io.jdesk.server.store;

import java.util.Optional;

/**
 * Durable peer table (spec/servers.md §8). Implementations are blocking (JDBC) and
 * thread-safe; callers never invoke them on a Netty event loop — the rendezvous server runs
 * them on its store executor.
 *
 * <p>Durability contract: when {@link #insert} or {@link #update} returns normally, the row
 * is on disk (committed with a synchronous write); a RegisterPk is answered OK only after
 * that. A failure throws {@link StoreException}.
 */
public interface PeerStore extends AutoCloseable {

    /** The row for {@code id}, if any. */
    Optional<StoredPeer> find(String id);

    /**
     * Inserts a new row ({@code created_at} defaults to now).
     *
     * @throws StoreException also when {@code id} or {@code guid} already exists
     */
    void insert(StoredPeer peer);

    /**
     * {@code UPDATE peer SET id=?, pk=?, info=? WHERE guid=?} — what OSS updates when a known
     * device registers a new key or from a new IP; {@code uuid} is never changed.
     *
     * @return whether a row with that guid existed
     */
    boolean update(byte[] guid, String id, byte[] pk, String ip);

    /**
     * Runs {@code done} once every write made so far on this thread is durable, or {@code lost}
     * if it never will be. Outside a batch (see {@link StoreExecutor}) writes are committed as
     * they return, so {@code done} runs now; inside one, {@code done} runs after the batch's
     * commit and {@code lost} after its rollback, each in registration order on the store
     * thread. Acknowledgements and the memory that mirrors a written row go through here, so
     * neither gets ahead of the disk.
     */
    default void whenDurable(Runnable done, Runnable lost) {
        done.run();
    }

    /** Number of rows (for start-up logs and metrics). */
    long count();

    @Override
    void close();
}
