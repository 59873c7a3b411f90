package io.jdesk.bench;

import io.jdesk.server.rendezvous.MonotonicClock;
import io.jdesk.server.rendezvous.PeerRegistry;
import io.jdesk.server.store.PeerStore;
import io.jdesk.server.store.StoredPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
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
        long jvm = usedHeap();
        MapStore store = new MapStore();
        byte[] uuid = new byte[36]; // a Windows machine GUID as text
        for (int i = 0; i < peers; i++) {
            byte[] pk = ByteBuffer.allocate(32).putInt(i).array();
            byte[] guid = ByteBuffer.allocate(16).putLong(8, i).array();
            store.put(new StoredPeer(guid, Long.toString(1_000_000_000L + i), uuid, pk, ip(i).getHostAddress()));
        }
        PeerRegistry registry = new PeerRegistry(store, MonotonicClock.SYSTEM);
        long t0 = System.nanoTime();
        for (int i = 0; i < peers; i++) {
            String id = Long.toString(1_000_000_000L + i); // a fresh string, as decoded from a datagram
            registry.find(id);
            registry.onRegisterPeer(id, new InetSocketAddress(ip(i), 20_000 + i % 40_000));
        }
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        store.rows.clear(); // on disk in production; what the registry still references stays
        long after = usedHeap();
        long registryBytes = after - jvm;
        if (!registry.isOnline("1000000007") || registry.size() != peers) {
            throw new IllegalStateException("registry lost peers: " + registry.size());
        }
        System.out.printf("%d peers registered in %d ms; heap after GC %.1f MiB (max %.0f MiB, JVM alone %.1f MiB); registry ≈ %d bytes per peer%n",
                peers, loadMillis, after / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0,
                jvm / 1048576.0, registryBytes / peers);
    }

    private static InetAddress ip(int i) throws UnknownHostException {
        return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(0x0A000000 | i).array());
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
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
