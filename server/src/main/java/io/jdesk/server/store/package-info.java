/**
 * The durable peer table: RustDesk ID → (guid, device uuid, public key, last registration IP),
 * in the SQLite format of OSS hbbs (servers.md §8; docs/store.md).
 *
 * <ul>
 *   <li>{@link io.jdesk.server.store.PeerStore} — the contract; {@link
 *       io.jdesk.server.store.StoredPeer} — one row; {@link io.jdesk.server.store.StoreException}
 *       — every failure.
 *   <li>{@link io.jdesk.server.store.SqlitePeerStore} — the implementation over sqlite-jdbc,
 *       opened from a {@code DB_URL} value parsed by {@link io.jdesk.server.store.DbUrl}.
 *   <li>{@link io.jdesk.server.store.StoreExecutor} — the thread the store runs on.
 * </ul>
 *
 * <p><b>Concurrency.</b> Store calls block on disk I/O (each write is an fsynced commit), so
 * they never run on a Netty event loop: the rendezvous server submits them to its
 * {@code StoreExecutor}, whose single {@code jdesk-store} thread runs them in submission order
 * and completes a {@code CompletableFuture}; a full queue fails the future at once. Requests
 * queued behind each other share one transaction (group commit), and whatever acknowledges a
 * write waits for its commit through {@link io.jdesk.server.store.PeerStore#whenDurable}. The store
 * itself is also safe to call from any thread (one connection behind a lock). The in-memory
 * peer registry, not this package, is what the hot paths read.
 *
 * <p>Facts about OSS come from rustdesk-server {@code src/database.rs} and {@code src/peer.rs}
 * and from sqlx 0.6.0 (the version OSS locks), read for behaviour only.
 */
package io.jdesk.server.store;
