package io.jdesk.bench;

import io.jdesk.server.rendezvous.MonotonicClock;
import io.jdesk.server.rendezvous.PeerRegistry;
import io.jdesk.server.store.PeerStore;
import io.jdesk.server.store.StoredPeer;
import io.jdesk.server.testing.RegistryRows;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Heap held by hbbs's registry for N registered, online peers (design.md: 1,000,000 peers in
 * 512 MiB of heap). The rows come from an in-memory store that is filled first and measured
 * dropped after loading (the real SQLite store keeps them on disk), so the heap left after GC,
 * minus the JVM's own before the rows existed, is the registry's: what hbbs keeps per peer.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/jdesk-bench.jar io.jdesk.bench.RegistryMemoryBench --peers 1000000
 * </pre>
 */
public final class RegistryMemoryBench {

    private RegistryMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int peers = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--peers" -> peers = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long jvm = RegistryRows.usedHeapAfterGc();
        MapStore store = new MapStore();
        for (int i = 0; i < peers; i++) {
            store.put(RegistryRows.row(i));
        }
        PeerRegistry registry = new PeerRegistry(store, MonotonicClock.SYSTEM);
        long t0 = System.nanoTime();
        RegistryRows.registerOnline(registry, peers);
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        store.rows.clear(); // on disk in production; what the registry still references stays
        long after = RegistryRows.usedHeapAfterGc();
        long registryBytes = after - jvm;
        if (!registry.isOnline("1000000007") || registry.size() != peers) {
            throw new IllegalStateException("registry lost peers: " + registry.size());
        }
        System.out.printf("%d peers registered in %d ms; heap after GC %.1f MiB (max %.0f MiB, JVM alone %.1f MiB); registry ≈ %d bytes per peer%n",
                peers, loadMillis, after / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0,
                jvm / 1048576.0, registryBytes / peers);
    }

    /** Rows in a HashMap; only what the registry asks for. */
    static final class MapStore implements PeerStore {
        final Map<String, StoredPeer> rows = new HashMap<>();

        void put(StoredPeer p) {
            rows.put(p.id(), p);
        }

        @Override
        public Optional<StoredPeer> find(String id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public void insert(StoredPeer peer) {
            rows.put(peer.id(), peer);
        }

        @Override
        public boolean update(byte[] guid, String id, byte[] pk, String ip) {
            return rows.containsKey(id);
        }

        @Override
        public long count() {
            return rows.size();
        }

        @Override
        public void close() {
        }
    }
}
